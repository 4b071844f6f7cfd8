"""The 285 Flemish municipalities behind "gemeenten zoals de mijne", so a client can offer the same choice.

Reference data (cases.models.Municipality, loaded from Statbel's figures); the size class follows the one rule
of cases.places.SizeClass, as for cases. Cached and revalidated like every list (api.caching): a municipality's
change moves the content version (home.caching).
"""

import math

from django.utils import translation

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from api.caching import cached_json_response
from api.errors import InvalidParameters
from api.params import LocaleParams
from api.views import ERRORS, IF_NONE_MATCH, NOT_MODIFIED, ApiView, CaseListApi
from cases.cards import choice_labels
from cases.filters import MAX_PAGE
from cases.models import Municipality
from cases.models.municipalities import fold_name
from cases.params import RepeatableChoiceField
from cases.places import Province, SizeClass

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 300  # every municipality fits on one page
MAX_QUERY_LENGTH = 100


@extend_schema_field({"type": "array", "items": {"type": "string", "enum": list(SizeClass.values)}})
class SizeClassesField(RepeatableChoiceField):
    """Repeatable size classes, documented as an enum."""


class MunicipalityListParams(LocaleParams):
    q = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=MAX_QUERY_LENGTH,
        help_text=(
            "Start of the name in Dutch, French or English, ignoring case, accents, hyphens and apostrophes "
            "(`sint-gen` finds Sint-Genesius-Rode, `leu` finds Leuven and `lou` finds it too, as Louvain)."
        ),
    )
    size = SizeClassesField(
        choices=SizeClass.values,
        help_text="Size class by inhabitants, as the cases' `size` filter; repeatable (OR).",
    )
    page = serializers.IntegerField(
        required=False, default=1, min_value=1, max_value=MAX_PAGE, help_text="Page number, from 1."
    )
    page_size = serializers.IntegerField(
        required=False,
        default=DEFAULT_PAGE_SIZE,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        help_text=f"1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}): all municipalities fit on one page.",
    )


@extend_schema_field({"type": "string", "enum": list(Province.values)})
class ProvinceCodeField(serializers.CharField):
    """A province code, documented as an enum (inline, so it needs no component name)."""


@extend_schema_field({"type": "string", "enum": list(SizeClass.values)})
class SizeClassCodeField(serializers.CharField):
    """A size class code, documented as an enum."""


class ProvinceRefSerializer(serializers.Serializer):
    code = ProvinceCodeField()
    label = serializers.CharField(help_text="In the requested language.")


class SizeClassRefSerializer(serializers.Serializer):
    code = SizeClassCodeField(help_text="lt10k, 10k-25k, 25k-50k, 50k-100k or gt100k; lower bounds are inclusive.")
    label = serializers.CharField(help_text="In the requested language.")


class MunicipalityNamesSerializer(serializers.Serializer):
    nl = serializers.CharField()
    fr = serializers.CharField(help_text="The Dutch name where there is no French one.")
    en = serializers.CharField(help_text="The Dutch name where there is no English one.")


class MunicipalityCoordinatesSerializer(serializers.Serializer):
    lat = serializers.FloatField()
    lon = serializers.FloatField()


class MunicipalitySerializer(serializers.Serializer):
    nis_code = serializers.CharField(help_text="Statbel's NIS code (5 digits), the municipality's stable key.")
    name = serializers.CharField(help_text="The name in the requested language.")
    names = MunicipalityNamesSerializer(help_text="The name in each language.")
    province = ProvinceRefSerializer()
    population = serializers.IntegerField(help_text="Inhabitants on 1 January of `population_year` (Statbel).")
    population_year = serializers.IntegerField()
    size_class = SizeClassRefSerializer(help_text="Derived from `population`, by the same rule as for cases.")
    coordinates = MunicipalityCoordinatesSerializer(allow_null=True, help_text="Centre of the municipality (WGS 84).")


class MunicipalityListSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Municipalities matching the filters.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = MunicipalitySerializer(many=True, help_text="Alphabetically, by the name in the requested language.")


def municipality_data(municipality: Municipality, language: str) -> dict:
    labels = choice_labels(language)
    size = municipality.size_class
    return {
        "nis_code": municipality.nis_code,
        "name": municipality.name_in(language),
        "names": {code: municipality.name_in(code) for code in ("nl", "fr", "en")},
        "province": {"code": municipality.province, "label": labels["province"][municipality.province]},
        "population": municipality.population,
        "population_year": municipality.population_year,
        "size_class": {"code": size.value, "label": labels["size_class"][size.value]},
        "coordinates": (
            {"lat": municipality.lat, "lon": municipality.lon}
            if municipality.lat is not None and municipality.lon is not None
            else None
        ),
    }


class MunicipalityListApi(ApiView):
    @extend_schema(
        operation_id="municipalities_list",
        parameters=[MunicipalityListParams, IF_NONE_MATCH],
        responses={200: MunicipalityListSerializer, **NOT_MODIFIED, **ERRORS},
    )
    def get(self, request):
        """The 285 Flemish municipalities (after the 2025 mergers), with their size class; filter by name or size."""

        def build():
            params = MunicipalityListParams(data=request.query_params).validated()
            with translation.override(params["locale"]):
                return self.build(request, params)

        return cached_json_response(request, build)

    def build(self, request, params: dict) -> dict:
        language, number, size = params["locale"], params["page"], params["page_size"]
        found = Municipality.objects.matching(prefix=params["q"], sizes=params.get("size", ()))
        found.sort(key=lambda municipality: (fold_name(municipality.name_in(language)), municipality.nis_code))
        last_page = max(1, math.ceil(len(found) / size))
        if number > last_page:
            raise InvalidParameters(
                {"page": {"message": f"Page {number} does not exist; the last page is {last_page}."}}
            )
        rows = found[(number - 1) * size : number * size]
        return MunicipalityListSerializer(
            {
                "count": len(found),
                "next": CaseListApi.page_url(request, number + 1) if number < last_page else None,
                "previous": CaseListApi.page_url(request, number - 1) if number > 1 else None,
                "results": [municipality_data(municipality, language) for municipality in rows],
            }
        ).data
