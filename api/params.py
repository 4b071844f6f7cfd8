"""Query parameters of the API, validated before anything is looked up.

Repeatable filters accept `theme=a&theme=b` and `theme=a,b`. Any unknown parameter or value is a
400 that names the parameter and lists what it accepts (see api/errors.py).
"""

from django.conf import settings

from django_countries import countries
from rest_framework import serializers

from api.errors import InvalidParameters
from cases.places import CaseStatus, Province, SizeClass
from cases.selectors import ORDERINGS, CaseFilters, CasePreferences
from themes.vocabulary import filter_codes

LANGUAGES = [code for code, _name in settings.LANGUAGES]
ORDERING_CHOICES = [*ORDERINGS, "relevance", "recommended"]
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 12
MAX_QUERY_LENGTH = 200


class RepeatableChoiceField(serializers.ListField):
    """`x=a&x=b` or `x=a,b`; every value must be one of `choices`."""

    def __init__(self, *, choices=(), **kwargs):
        self.accepted = list(choices)
        super().__init__(child=serializers.CharField(), required=False, **kwargs)

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


class CaseListParams(LocaleParams):
    theme = RepeatableChoiceField(help_text="Theme slug; repeatable (OR).")
    audience = RepeatableChoiceField(help_text="Audience slug; repeatable (OR).")
    size = RepeatableChoiceField(choices=SizeClass.values, help_text="Size class; repeatable (OR).")
    country = RepeatableChoiceField(choices=list(dict(countries)), help_text="ISO 3166-1 alpha-2; repeatable.")
    province = RepeatableChoiceField(choices=Province.values, help_text="Belgian province code; repeatable (OR).")
    status = RepeatableChoiceField(choices=CaseStatus.values, help_text="Status; repeatable (OR).")
    origin = serializers.ChoiceField(
        choices=["domestic", "abroad"], required=False, help_text="domestic = Belgium, abroad = elsewhere."
    )
    year_min = serializers.IntegerField(
        required=False, min_value=1900, max_value=2100, help_text="Started in or after."
    )
    year_max = serializers.IntegerField(
        required=False, min_value=1900, max_value=2100, help_text="Started in or before."
    )
    q = serializers.CharField(
        required=False, max_length=MAX_QUERY_LENGTH, trim_whitespace=True, help_text="Full-text search."
    )
    ordering = serializers.ChoiceField(
        choices=ORDERING_CHOICES,
        default="-published",
        help_text="-published (default), title, -year, relevance (with q), recommended (with prefer_*).",
    )
    prefer_audience = RepeatableChoiceField(help_text="Soft preference for ordering=recommended.")
    prefer_size = RepeatableChoiceField(choices=SizeClass.values, help_text="Soft preference for ordering=recommended.")
    page = serializers.IntegerField(required=False, default=1, min_value=1, help_text="Page number, from 1.")
    page_size = serializers.IntegerField(
        required=False, default=DEFAULT_PAGE_SIZE, min_value=1, max_value=MAX_PAGE_SIZE, help_text="1 to 100."
    )

    def set_choices(self) -> None:
        words = filter_codes()
        self.fields["theme"].accepted = words["theme"]
        self.fields["audience"].accepted = words["audience"]
        self.fields["prefer_audience"].accepted = words["audience"]

    def validate(self, attrs):
        if attrs.get("year_min") and attrs.get("year_max") and attrs["year_min"] > attrs["year_max"]:
            raise serializers.ValidationError({"year_min": "year_min is later than year_max."})
        if attrs.get("ordering") == "relevance" and not attrs.get("q"):
            raise serializers.ValidationError({"ordering": "relevance needs a search term in q."})
        return attrs

    def filters(self) -> CaseFilters:
        data = self.validated_data
        return CaseFilters(
            themes=data.get("theme", ()),
            audiences=data.get("audience", ()),
            sizes=data.get("size", ()),
            countries=data.get("country", ()),
            provinces=data.get("province", ()),
            statuses=data.get("status", ()),
            origin=data.get("origin", ""),
            year_min=data.get("year_min"),
            year_max=data.get("year_max"),
            q=data.get("q", ""),
        )

    def preferences(self) -> CasePreferences:
        data = self.validated_data
        return CasePreferences(audiences=data.get("prefer_audience", ()), sizes=data.get("prefer_size", ()))


class NoParams(StrictParams):
    """Endpoints addressed by id take no query parameters."""
