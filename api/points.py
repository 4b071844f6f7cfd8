"""The map's points: every visible case with coordinates, as compact rows instead of objects.

    {"count": 2, "fields": ["id", "lat", "lon", "title", "url", "place", "country"],
     "points": [[12, 51.05, 3.72, "Autovrije kern Gent", "https://…/nl/voorbeelden/autovrij-gent/", "Gent", "BE"]]}

Rows rather than GeoJSON features: the keys would be repeated for every case and make up most of the body
at 10 000 cases. The reader's map page (templates/reader/map.html, static/js/map.js) clusters them in the browser.
"""

from django.utils import translation

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from api.caching import cached_json_response
from api.links import case_urls
from api.params import LocaleParams
from api.views import ERRORS, IF_NONE_MATCH, NOT_MODIFIED, ApiView
from cases.selectors import case_map_points
from home.locales import locale_for

FIELDS = ("id", "lat", "lon", "title", "url", "place", "country")
PRECISION = 5  # decimals of a degree: about a metre, enough to place a case in its town


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "array",
            "minItems": len(FIELDS),
            "maxItems": len(FIELDS),
            "items": {"anyOf": [{"type": "integer"}, {"type": "number"}, {"type": "string"}]},
        },
    }
)
class PointRowsField(serializers.ListField):
    """OpenAPI 3.0 has no tuples: each row is described as a fixed-length array of scalars."""


class CasePointsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Number of points.")
    fields = serializers.ListField(
        child=serializers.ChoiceField(choices=FIELDS),
        help_text=(
            "Names of the values of each point, in order: id (case id, as in cases/{id}/), lat and lon "
            "(WGS 84 degrees, 5 decimals), title, url (absolute URL of the public page), place (town or city) "
            "and country (ISO 3166-1 alpha-2)."
        ),
    )
    points = PointRowsField(help_text="One row per case with coordinates, ordered by title; values as in `fields`.")


def point_rows(*, request, language: str) -> dict:
    locale = locale_for(language)
    points = case_map_points(locale=locale)
    values = list(points.values_list("pk", "lat", "lon", "title", "url_path", "place", "country"))
    url = case_urls(request, locale)
    rows = [
        [pk, round(lat, PRECISION), round(lon, PRECISION), title, url(url_path), place, str(country)]
        for pk, lat, lon, title, url_path, place, country in values
    ]
    return CasePointsSerializer({"count": len(rows), "fields": FIELDS, "points": rows}).data


class CasePointsApi(ApiView):
    @extend_schema(
        operation_id="cases_points",
        parameters=[LocaleParams, IF_NONE_MATCH],
        responses={200: CasePointsSerializer, **NOT_MODIFIED, **ERRORS},
    )
    def get(self, request):
        """Every published case of one language that has coordinates, as compact rows for a map."""

        def build():
            # Validated on a cache miss only: a hit is keyed on the query string as it came (api/caching.py).
            language = LocaleParams(data=request.query_params).validated()["locale"]
            with translation.override(language):
                return point_rows(request=request, language=language)

        return cached_json_response(request, build)
