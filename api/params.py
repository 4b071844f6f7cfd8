"""Query parameters of the API, validated before anything is looked up.

Repeatable filters accept `theme=a&theme=b` and `theme=a,b`. Any unknown parameter or value is a
400 that names the parameter and lists what it accepts (see api/errors.py). The case list is read by
the reader it shares with the embeddable widget (cases.params); the other endpoints by small serializers
that name their problems the same way.
"""

from rest_framework import serializers

from api.errors import InvalidParameters
from cases.filters import PARAMS
from cases.params import LOCALE, ParamsInvalid, StrictQuery, accepted_values, field_for, problem, unknown_parameters


class StrictParams(serializers.Serializer):
    """Rejects parameters it does not know, so a typo never silently returns everything."""

    def validated(self) -> dict:
        problems = unknown_parameters(self.initial_data, self.fields)
        if not self.is_valid():
            for name, messages in self.errors.items():
                problems[name] = problem(messages, accepted_values(self.fields.get(name)))
        if problems:
            raise InvalidParameters(problems)
        return self.validated_data


class LocaleParams(StrictParams):
    locale = field_for(LOCALE)


# The case list's parameters as the OpenAPI document shows them: the fields the reader below validates with.
CaseListFields = type("CaseListFields", (LocaleParams,), {param.name: field_for(param) for param in PARAMS})
CASE_LIST = StrictQuery((LOCALE, *PARAMS))


def case_list_params(query) -> dict:
    """The case list's values (every parameter, with its default where not given), or a 400 naming every problem."""
    try:
        return CASE_LIST.read(query)
    except ParamsInvalid as error:
        raise InvalidParameters(error.problems) from None


class NoParams(StrictParams):
    """Endpoints addressed by id take no query parameters."""
