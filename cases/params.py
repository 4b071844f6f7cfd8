"""The strict reading of a case listing's query string: one reader for the API's case list (a JSON 400) and the
embeddable widget (a 400 page in the frame), so both refuse the same values in the same words.

Each parameter of the specification (cases.filters.PARAMS) is read by the DRF field `field_for` makes of it,
the field the API's OpenAPI document describes: DRF's reading of a query string (the last of repeated values,
an empty value as absent, `x=a&x=b` for a list) and DRF's messages ("A valid integer is required."), in
English whatever the active language. Around the fields the reader names unknown parameters, lists the values
a bad one accepts and checks the values that clash (cases.filters.conflicts): every problem at once, without
a serializer (DRF copies every field of one on every request).
"""

import re
from collections.abc import Iterable, Mapping
from datetime import UTC

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation

from rest_framework import serializers
from rest_framework.fields import SkipField, get_error_detail

from cases.filters import PARAMS, CaseFilters, CasePreferences, Kind, Param, conflicts

LANGUAGES = [code for code, _name in settings.LANGUAGES]
LOCALE = Param(
    "locale",
    Kind.ONE,
    "Language of the content: nl (default), en or fr.",
    choices=lambda: LANGUAGES,
    default=settings.LANGUAGE_CODE,
)
UNKNOWN_PARAMETER = "Unknown parameter."
GIVEN_TWICE = "Give this parameter once."


class RepeatableChoiceField(serializers.ListField):
    """`x=a&x=b` or `x=a,b`; every value must be one of `choices`: a list, or a function for choices that come
    from the database (asked when a value is checked; the OpenAPI document then lists none)."""

    def __init__(self, *, choices=(), **kwargs):
        self.from_database = callable(choices)
        self.choices_of = choices if self.from_database else list(choices)
        super().__init__(child=serializers.CharField(), required=False, **kwargs)

    def __deepcopy__(self, memo):
        # A serializer copies its declared fields on every request, and DRF's copy deep-copies the
        # arguments one by one: ~250 country codes per request. Nothing changes them in place, so a
        # copy is made from the same arguments.
        return self.__class__(*self._args, **self._kwargs)

    @property
    def accepted(self) -> list[str]:
        return list(self.choices_of()) if self.from_database else self.choices_of

    def to_internal_value(self, data):
        values = [part.strip() for item in super().to_internal_value(data) for part in item.split(",") if part.strip()]
        accepted = self.accepted
        unknown = [value for value in values if value not in accepted]
        if unknown:
            raise serializers.ValidationError(f"Unknown value(s): {', '.join(unknown)}.")
        return tuple(dict.fromkeys(values))


class IsoDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date and time; without an offset it means UTC. A `+01:00` offset sent unencoded arrives as
    ` 01:00` (a `+` in a query string is a space): that is read as the `+` it was."""

    LOST_PLUS = re.compile(r"^(\S+T[\d:.]+) (\d\d(:?\d\d)?)$")
    default_error_messages = {
        "invalid": "Not an ISO 8601 date and time; send e.g. 2026-12-01T09:00:00Z or 2026-12-01T10:00:00%2B01:00.",
    }

    def __init__(self, **kwargs):
        super().__init__(input_formats=["iso-8601"], default_timezone=UTC, **kwargs)

    def to_internal_value(self, value):
        if isinstance(value, str):
            value = self.LOST_PLUS.sub(r"\1+\2", value.strip())
        return super().to_internal_value(value)


def field_for(param: Param) -> serializers.Field:
    """The strict reading of one parameter of the specification: what the reader validates with and what the
    API's OpenAPI document describes."""
    if param.kind == Kind.MANY:
        choices = param.accepted if param.from_database else param.accepted()  # the database's: when read
        return RepeatableChoiceField(choices=choices, help_text=param.help)
    if param.kind == Kind.ONE:
        return serializers.ChoiceField(choices=param.accepted(), help_text=param.help, **_default(param))
    if param.kind == Kind.DATETIME:
        return IsoDateTimeField(help_text=param.help, required=False)
    if param.kind == Kind.NUMBER:
        return serializers.IntegerField(
            min_value=param.minimum, max_value=param.maximum, help_text=param.help, **_default(param)
        )
    return serializers.CharField(
        max_length=param.max_length, trim_whitespace=True, help_text=param.help, **_default(param)
    )


def _default(param: Param) -> dict:
    """Every parameter is optional; the schema shows the defaults that mean something."""
    if param.default in (None, ""):
        return {"required": False}
    return {"required": False, "default": param.default}


def accepted_values(field: serializers.Field) -> list:
    """The values a list or choice field accepts (named in a 400), else nothing."""
    if isinstance(field, RepeatableChoiceField):
        return field.accepted
    if isinstance(field, serializers.ChoiceField):
        return list(field.choices)
    return []


def problem(detail, accepted: list) -> dict:
    """One bad parameter as a 400 names it: DRF's messages in one sentence, and what it accepts if that is a list."""
    found = {"message": " ".join(str(message) for message in _flatten(detail))}
    if accepted:
        found["accepted"] = accepted
    return found


def unknown_parameters(given: Iterable[str], known: Iterable[str]) -> dict[str, dict]:
    names = sorted(known)
    return {name: {"message": UNKNOWN_PARAMETER, "accepted": names} for name in sorted(set(given) - set(names))}


def _flatten(messages):
    if isinstance(messages, Mapping):
        for value in messages.values():
            yield from _flatten(value)
    elif isinstance(messages, list):
        for value in messages:
            yield from _flatten(value)
    else:
        yield messages


class ParamsInvalid(Exception):
    """Every bad parameter of a query: its name → {"message": …, "accepted": […]} ("accepted" where there is a list)."""

    def __init__(self, problems: dict[str, dict]):
        self.problems = problems
        super().__init__(problems)


class StrictQuery:
    """Reads a query string strictly against some parameters of the specification: the values, with their
    defaults for those not given, or ParamsInvalid naming every problem.

    `once`: a single-valued parameter given twice is a problem (the embed: written once, by hand) instead of
    the last value counting, as DRF reads a query string (the API, whose clients may rely on that).
    """

    def __init__(self, params: Iterable[Param], *, once: bool = False):
        self.params = tuple(params)
        self.once = once
        self.fields = {param.name: field_for(param) for param in self.params}
        for name, field in self.fields.items():
            field.bind(name, None)  # the name it reads; no serializer around it, so nothing is copied per request

    def read(self, query) -> dict:
        with translation.override("en"):  # the API's language, whatever the reader's
            problems = unknown_parameters(query, self.fields)
            values, bad = self._values(query)
            if not bad:  # as the API's serializer did: clashes only between values that are each fine
                clashes = conflicts(
                    year_min=values.get("year_min"),
                    year_max=values.get("year_max"),
                    ordering=values.get("ordering", ""),
                    q=values.get("q", ""),
                )
                bad = {name: [message] for name, message in clashes.items()}
            for name, detail in bad.items():
                problems[name] = problem(detail, accepted_values(self.fields[name]))
        if problems:
            raise ParamsInvalid(problems)
        return values

    def _values(self, query) -> tuple[dict, dict]:
        values, bad = {}, {}
        indexed = any("[" in name for name in query)  # DRF reads `theme[0]=…` as a list too
        for param in self.params:
            field = self.fields[param.name]
            absent = () if param.kind == Kind.MANY else param.default
            if param.name not in query and not (indexed and param.kind == Kind.MANY):
                values[param.name] = absent  # what DRF makes of it, without asking it (most are not given)
                continue
            if self.once and param.kind != Kind.MANY and len(query.getlist(param.name)) > 1:
                bad[param.name] = [GIVEN_TWICE]
                continue
            try:
                values[param.name] = field.run_validation(field.get_value(query))
            except SkipField:
                values[param.name] = absent
            except serializers.ValidationError as error:
                bad[param.name] = error.detail
            except DjangoValidationError as error:
                bad[param.name] = get_error_detail(error)
        return values, bad


def case_filters(values: dict) -> CaseFilters:
    return CaseFilters(**{param.field: values[param.name] for param in PARAMS if param.field and param.name in values})


def case_preferences(values: dict) -> CasePreferences:
    return CasePreferences(audiences=values.get("prefer_audience", ()), sizes=values.get("prefer_size", ()))
