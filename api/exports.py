"""Open data downloads: every visible case of one language as CSV or JSON, under the Flemish open licence.

The body is streamed chunk by chunk (cases.open_data.case_export_chunks: one query per 500 cases), so memory stays
flat however many cases there are; nothing is kept in the server cache. The ETag is the content version's
(home.caching), which moves with every change readers could see, so a client revalidates with If-None-Match and
gets a 304 for the price of one query.
"""

import csv
import hashlib
import io
import json

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from api.caching import etag_matches
from api.links import case_urls
from api.params import LocaleParams
from api.serializers import CodeLabelSerializer, CoordinatesSerializer
from api.views import ERRORS, IF_NONE_MATCH, ApiView
from cases.cards import choice_labels
from cases.open_data import LICENSE_NAME, LICENSE_URL, case_export_chunks
from cases.params import LANGUAGES
from home.caching import content_version
from home.locales import locale_for
from themes.vocabulary import audience_labels, theme_labels

NOT_MODIFIED = {304: OpenApiResponse(description="Not modified: the client's If-None-Match names the current ETag.")}
SEPARATOR = "|"  # between the codes (and labels) of a CSV cell with several values


class DownloadApi(ApiView):
    """A download link may be followed with any Accept header (a browser asks for text/html): the file is sent
    whatever it accepts, and a 400 is the API's JSON error as everywhere else."""

    def perform_content_negotiation(self, request, force=False):
        renderer = JSONRenderer()
        return renderer, renderer.media_type


def version_etag(request, *parts: str) -> str:
    """An ETag for an answer that depends only on the published content, the host and `parts`."""
    raw = "|".join([content_version(), request.scheme, request.get_host(), request.path, *parts])
    return f'"{hashlib.sha256(raw.encode()).hexdigest()[:40]}"'


def open_data_headers(response, etag: str):
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
    response["Link"] = f'<{LICENSE_URL}>; rel="license"'
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


# --- One case as a record ------------------------------------------------------------------------


class ExportCaseSerializer(serializers.Serializer):
    """Documents a record of the JSON export; the records are built by `CaseRecords` (fast, no serializer per row)."""

    id = serializers.IntegerField(help_text="As in cases/{id}/.")
    slug = serializers.CharField()
    locale = serializers.ChoiceField(choices=LANGUAGES)
    url = serializers.CharField(help_text="Absolute URL of the public page.")
    api_url = serializers.CharField(help_text="Absolute URL of the case in this API (cases/{id}/), with its body.")
    title = serializers.CharField()
    summary = serializers.CharField()
    place = serializers.CharField()
    nis_code = serializers.CharField(
        allow_null=True, help_text="NIS code of the Flemish municipality (see municipalities/), or null."
    )
    country = CodeLabelSerializer(help_text="ISO 3166-1 alpha-2 code.")
    province = CodeLabelSerializer(allow_null=True, help_text="Belgian province; null abroad.")
    population = serializers.IntegerField(allow_null=True, help_text="Inhabitants of the municipality.")
    size_class = CodeLabelSerializer(allow_null=True)
    coordinates = CoordinatesSerializer(allow_null=True)
    year = serializers.IntegerField(allow_null=True, help_text="Year the initiative started.")
    status = CodeLabelSerializer()
    themes = CodeLabelSerializer(many=True)
    audiences = CodeLabelSerializer(many=True)
    initiator = serializers.CharField()
    partners = serializers.CharField()
    budget = serializers.CharField()
    duration = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True, help_text="First publication.")
    updated_at = serializers.DateTimeField(allow_null=True, help_text="Latest publication.")


class LicenseSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField()


class CaseExportSerializer(serializers.Serializer):
    license = LicenseSerializer(help_text=f"{LICENSE_NAME}: free re-use, naming De Vitrine as the source.")
    locale = serializers.ChoiceField(choices=LANGUAGES)
    cases = ExportCaseSerializer(many=True, help_text="Every published case of the language, by id.")


class CaseRecords:
    """Turns export rows (cases.open_data.COLUMNS) into records: labels in the export's language, absolute URLs.
    A theme a reader may not see is left out, as in every card."""

    def __init__(self, request, language: str):
        locale = locale_for(language)
        self.language = language
        self.labels = choice_labels(language)
        self.theme_labels = theme_labels(locale=locale)
        self.audience_labels = audience_labels(locale=locale)
        self.case_url = case_urls(request, locale)
        detail = request.build_absolute_uri(reverse("api:case-detail", args=[0]))
        self.api_prefix = detail.removesuffix("0/")
        self.moment = serializers.DateTimeField().to_representation

    def coded(self, kind: str, code: str) -> dict | None:
        return {"code": code, "label": self.labels[kind].get(code, code)} if code else None

    def record(self, row: dict) -> dict:
        themes, audiences = self.theme_labels, self.audience_labels
        has_point = row["lat"] is not None and row["lon"] is not None
        return {
            "id": row["id"],
            "slug": row["slug"],
            "locale": self.language,
            "url": self.case_url(row["url_path"]),
            "api_url": f"{self.api_prefix}{row['id']}/",
            "title": row["title"],
            "summary": row["summary"],
            "place": row["place"],
            "nis_code": row["nis_code"],
            "country": self.coded("country", row["country"]),
            "province": self.coded("province", row["province"]),
            "population": row["population"],
            "size_class": self.coded("size_class", row["size_class"]),
            "coordinates": {"lat": row["lat"], "lon": row["lon"]} if has_point else None,
            "year": row["year"],
            "status": self.coded("status", row["status"]),
            "themes": [{"code": code, "label": themes[code]} for code in row["themes"] if code in themes],
            "audiences": [{"code": code, "label": audiences[code]} for code in row["audiences"] if code in audiences],
            "initiator": row["initiator"],
            "partners": row["partners"],
            "budget": row["budget"],
            "duration": row["duration"],
            "published_at": self.moment(row["published_at"]) if row["published_at"] else None,
            "updated_at": self.moment(row["updated_at"]) if row["updated_at"] else None,
        }


# --- The two formats -------------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "slug",
    "locale",
    "url",
    "api_url",
    "title",
    "summary",
    "place",
    "nis_code",
    "country",
    "country_label",
    "province",
    "province_label",
    "population",
    "size_class",
    "size_class_label",
    "lat",
    "lon",
    "year",
    "status",
    "status_label",
    "themes",
    "theme_labels",
    "audiences",
    "audience_labels",
    "initiator",
    "partners",
    "budget",
    "duration",
    "published_at",
    "updated_at",
)


def csv_values(record: dict) -> list:
    """One CSV line of a record: codes and labels side by side, several values joined by SEPARATOR."""
    flat = dict(record)
    for kind in ("country", "province", "size_class", "status"):
        value = record[kind] or {"code": "", "label": ""}
        flat[kind], flat[f"{kind}_label"] = value["code"], value["label"]
    for kind, labels in (("themes", "theme_labels"), ("audiences", "audience_labels")):
        flat[kind] = SEPARATOR.join(item["code"] for item in record[kind])
        flat[labels] = SEPARATOR.join(item["label"] for item in record[kind])
    point = record["coordinates"] or {"lat": "", "lon": ""}
    flat["lat"], flat["lon"] = point["lat"], point["lon"]
    return ["" if flat[column] is None else flat[column] for column in CSV_COLUMNS]


def csv_stream(records: CaseRecords, chunks):
    """RFC 4180 CSV in UTF-8: a header line, then one line per case; one string per chunk of cases."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue()
    for chunk in chunks:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(csv_values(records.record(row)) for row in chunk)
        yield buffer.getvalue()


def json_stream(records: CaseRecords, chunks):
    """`{"license": …, "locale": …, "cases": [...]}`, written a chunk of cases at a time."""
    head = {"license": {"name": LICENSE_NAME, "url": LICENSE_URL}, "locale": records.language}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "cases": ['
    separator = ""
    for chunk in chunks:
        yield separator + ", ".join(json.dumps(records.record(row), ensure_ascii=False) for row in chunk)
        separator = ", "
    yield "]}"


FORMATS = {
    # format: (content type, writer, Content-Disposition)
    "csv": ("text/csv; charset=utf-8", csv_stream, "attachment"),
    "json": ("application/json", json_stream, "inline"),
}


def export_response(request, export_format: str) -> HttpResponse:
    language = LocaleParams(data=request.query_params).validated()["locale"]
    content_type, writer, disposition = FORMATS[export_format]
    etag = version_etag(request, language)
    if etag_matches(request, etag):
        return open_data_headers(HttpResponse(status=304), etag)
    if request.method == "HEAD":
        response = HttpResponse(content_type=content_type)
    else:

        def stream():
            # Built when the body is sent: the labels and URLs of the language, then the cases chunk by chunk.
            records = CaseRecords(request, language)
            yield from writer(records, case_export_chunks(locale=locale_for(language)))

        response = StreamingHttpResponse(stream(), content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="de-vitrine-voorbeelden-{language}.{export_format}"'
    return open_data_headers(response, etag)


DESCRIPTION = (
    "Every published case of one language (`locale`, default nl), ordered by id, streamed. Open data under the "
    f'{LICENSE_NAME} ({LICENSE_URL}; also in the `Link: rel="license"` header). ETag and If-None-Match as '
    "elsewhere; the ETag changes with every publication."
)


class CaseExportCsvApi(DownloadApi):
    @extend_schema(
        operation_id="export_cases_csv",
        tags=["open data"],
        parameters=[LocaleParams, IF_NONE_MATCH],
        description=DESCRIPTION
        + (
            " CSV (RFC 4180, UTF-8, comma-separated) with a header line; several themes or audiences in one cell "
            f"are separated by `{SEPARATOR}`; every coded value has its code and its label (`…_label`)."
        ),
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The cases as CSV."),
            **NOT_MODIFIED,
            **ERRORS,
        },
    )
    def get(self, request):
        """Every published case of one language as CSV (open data)."""
        return export_response(request, "csv")


class CaseExportJsonApi(DownloadApi):
    @extend_schema(
        operation_id="export_cases_json",
        tags=["open data"],
        parameters=[LocaleParams, IF_NONE_MATCH],
        description=DESCRIPTION + " JSON: the licence, the language and the cases with every fact.",
        responses={200: CaseExportSerializer, **NOT_MODIFIED, **ERRORS},
    )
    def get(self, request):
        """Every published case of one language as JSON (open data)."""
        return export_response(request, "json")
