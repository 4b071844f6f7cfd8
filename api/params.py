"""Query parameters of the API, validated before anything is looked up.

Repeatable filters accept `theme=a&theme=b` and `theme=a,b`. Any unknown parameter or value is a
400 that names the parameter and lists what it accepts (see api/errors.py).
"""

import re
from datetime import UTC

from django.conf import settings

from rest_framework import serializers

from api.errors import InvalidParameters
from cases.filters import PARAMS, CaseFilters, CasePreferences, Kind, Param, conflicts

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class RepeatableChoiceField(serializers.ListField):
    """`x=a&x=b` or `x=a,b`; every value must be one of `choices`."""

    def __init__(self, *, choices=(), **kwargs):
        self.accepted = list(choices)
        super().__init__(child=serializers.CharField(), required=False, **kwargs)

    def __deepcopy__(self, memo):
        # A serializer copies its declared fields on every request, and DRF's copy deep-copies the
        # arguments one by one: ~250 country codes per request. Nothing changes them in place (set_choices
        # replaces `accepted` on the copy), so a copy is made from the same arguments.
        return self.__class__(*self._args, **self._kwargs)

    def to_internal_value(self, data):
        values = [part.strip() for item in super().to_internal_value(data) for part in item.split(",") if part.strip()]
        unknown = [value for value in values if value not in self.accepted]
        if unknown:
            raise serializers.ValidationError(f"Unknown value(s): {', '.join(unknown)}.")
        return tuple(dict.fromkeys(values))


class StrictParams(serializers.Serializer):
    """Rejects parameters it does not know, so a typo never silently returns everything."""

    def set_choices(self) -> None:
        """Fill choices that come from the database; only when validating, never for the schema."""

    def validated(self) -> dict:
        self.set_choices()
        problems = {}
        unknown = sorted(set(self.initial_data) - set(self.fields))
        for name in unknown:
            problems[name] = {"message": "Unknown parameter.", "accepted": sorted(self.fields)}
        if not self.is_valid():
            for name, messages in self.errors.items():
                problem = {"message": " ".join(str(message) for message in _flatten(messages))}
                accepted = self.accepted_values(name)
                if accepted:
                    problem["accepted"] = accepted
                problems[name] = problem
        if problems:
            raise InvalidParameters(problems)
        return self.validated_data

    def accepted_values(self, name: str) -> list:
        field = self.fields.get(name)
        if isinstance(field, RepeatableChoiceField):
            return field.accepted
        if isinstance(field, serializers.ChoiceField):
            return list(field.choices)
        return []


def _flatten(messages):
    if isinstance(messages, dict):
        for value in messages.values():
            yield from _flatten(value)
    elif isinstance(messages, list):
        for value in messages:
            yield from _flatten(value)
    else:
        yield messages


class LocaleParams(StrictParams):
    locale = serializers.ChoiceField(
        choices=LANGUAGES, default="nl", help_text="Language of the content: nl (default), en or fr."
    )


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


def spec_field(param: Param) -> serializers.Field:
    """The strict reading of one parameter of the filter specification (cases.filters)."""
    if param.kind == Kind.MANY:
        return RepeatableChoiceField(choices=[] if param.from_database else param.accepted(), help_text=param.help)
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


# Every field, limit and accepted value comes from the specification; only the strictness is the API's own.
CaseListFields = type("CaseListFields", (LocaleParams,), {param.name: spec_field(param) for param in PARAMS})


class CaseListParams(CaseListFields):
    def set_choices(self) -> None:
        for param in PARAMS:
            if param.from_database:
                self.fields[param.name].accepted = param.accepted()

    def validate(self, attrs):
        problems = conflicts(
            year_min=attrs.get("year_min"),
            year_max=attrs.get("year_max"),
            ordering=attrs.get("ordering"),
            q=attrs.get("q", ""),
        )
        if problems:
            raise serializers.ValidationError(problems)
        return attrs

    def filters(self) -> CaseFilters:
        data = self.validated_data
        return CaseFilters(**{param.field: data[param.name] for param in PARAMS if param.field and param.name in data})

    def preferences(self) -> CasePreferences:
        data = self.validated_data
        return CasePreferences(audiences=data.get("prefer_audience", ()), sizes=data.get("prefer_size", ()))


class NoParams(StrictParams):
    """Endpoints addressed by id take no query parameters."""
