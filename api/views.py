"""API v1 endpoints: validate parameters, call a selector, serialize. Nothing else.

Each view hands api.caching a `build` that validates its parameters and then builds the answer: a cache
hit (keyed on the query string as it came) answers without either; a bad parameter is a 400 on a miss.
"""

import math
from urllib.parse import urlencode

from django.http import Http404
from django.utils import translation

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from api.caching import cached_json_response
from api.errors import InvalidParameters
from api.links import case_urls
from api.params import CaseListFields, LocaleParams, NoParams, case_list_params
from api.serializers import (
    AudienceSerializer,
    CaseCardSerializer,
    CaseDetailSerializer,
    CaseListSerializer,
    ErrorSerializer,
    ThemeDetailSerializer,
    ThemeSerializer,
)
from api.throttling import AnonymousRateThrottle
from cases.params import case_filters, case_preferences
from cases.selectors import (
    CaseDetail,
    CaseSearch,
    audience_list,
    card_facts_in_order,
    case_body_renditions_prefetch,
    case_detail_get,
    related_ids_of,
    theme_list,
)
from home.locales import locale_for
from themes.vocabulary import audience_labels, theme_labels


class ApiView(APIView):
    """Public, anonymous, read-only JSON; throttled per IP.

    Messages (errors) are in English, the API's language; content follows the `locale` parameter.
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    throttle_classes = [AnonymousRateThrottle]
    # False for an answer that must never be stored (the preview): api/middleware.py then skips its cache lookup.
    server_cache = True

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            return super().dispatch(request, *args, **kwargs)


def in_language(language: str, build):
    with translation.override(language):
        return build()


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="A query parameter is unknown or has a bad value."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; see Retry-After."),
}
# Every ApiView answers through api.caching: ETag, Cache-Control and 304 (the headers are added by api/schema.py).
NOT_MODIFIED = {
    304: OpenApiResponse(description="Not modified: `If-None-Match` names the current ETag. No body."),
}
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag of an earlier answer (or several, comma-separated): 304 while it is still current.",
)
RELATED = 4  # cases in a detail's `related`
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="No published item with this id, slug or code.")}


class CaseListApi(ApiView):
    @extend_schema(
        operation_id="cases_list",
        parameters=[CaseListFields, IF_NONE_MATCH],
        responses={200: CaseListSerializer, **NOT_MODIFIED, **ERRORS},
    )
    def get(self, request):
        """Published cases of one language, filtered, searched, ordered and paginated, with facets."""

        def build():
            params = case_list_params(request.query_params)
            return in_language(params["locale"], lambda: self.build(request, params))

        return cached_json_response(request, build)

    def build(self, request, params: dict) -> dict:
        language, number, size = params["locale"], params["page"], params["page_size"]
        locale = locale_for(language)
        search = CaseSearch(
            locale=locale,
            filters=case_filters(params),
            ordering=params["ordering"],
            preferences=case_preferences(params),
        )
        facets, count = search.facets_and_count()
        last_page = max(1, math.ceil(count / size))
        if number > last_page:
            raise InvalidParameters(
                {"page": {"message": f"Page {number} does not exist; the last page is {last_page}."}}
            )
        results = card_facts_in_order(search.page_ids(offset=(number - 1) * size, limit=size), locale=locale)
        context = card_context(request, locale)
        return {
            "count": count,
            "next": self.page_url(request, number + 1) if number < last_page else None,
            "previous": self.page_url(request, number - 1) if number > 1 else None,
            "results": CaseCardSerializer(results, many=True, context=context).data,
            "facets": facets,
        }

    @staticmethod
    def page_url(request, number: int) -> str:
        query = [(key, value) for key in request.query_params for value in request.query_params.getlist(key)]
        query = [(key, value) for key, value in query if key != "page"] + [("page", number)]
        return request.build_absolute_uri(f"{request.path}?{urlencode(query)}")


def card_context(request, locale) -> dict:
    """What CaseCardSerializer adds to a card's facts: the request's host, labels of the language, page URLs."""
    return {
        "request": request,
        "language": locale.language_code,
        "theme_labels": theme_labels(locale=locale),
        "audience_labels": audience_labels(locale=locale),
        "case_url": case_urls(request, locale),
    }


class CaseDetailMixin:
    def detail(self, request, found: CaseDetail | None) -> dict:
        if found is None:
            raise Http404
        case, card = found.page, found.card
        case_body_renditions_prefetch(case=case)
        related = related_ids_of(
            locale=case.locale,
            case_id=case.pk,
            theme_codes=card["themes"],
            population=card["population"],
            limit=RELATED,
        )
        urls = {}
        for language, _pk, _path in found.translations:
            urls.setdefault(language, case_urls(request, locale_for(language)))
        context = {
            **card_context(request, case.locale),
            "translations": {
                language: {"id": pk, "url": urls[language](path)} for language, pk, path in found.translations
            },
            "related": card_facts_in_order(related, locale=case.locale),
        }
        with translation.override(case.locale.language_code):
            return CaseDetailSerializer({**card, "page": case}, context=context).data


class CaseDetailApi(CaseDetailMixin, ApiView):
    @extend_schema(
        operation_id="cases_retrieve",
        parameters=[IF_NONE_MATCH],
        responses={200: CaseDetailSerializer, **NOT_MODIFIED, **NOT_FOUND, **ERRORS},
    )
    def get(self, request, pk: int):
        """One published case by id, in its own language."""

        def build():
            NoParams(data=request.query_params).validated()
            return self.detail(request, case_detail_get(pk=pk))

        return cached_json_response(request, build)


class CaseBySlugApi(CaseDetailMixin, ApiView):
    @extend_schema(
        operation_id="cases_by_slug",
        parameters=[LocaleParams, IF_NONE_MATCH],
        responses={200: CaseDetailSerializer, **NOT_MODIFIED, **NOT_FOUND, **ERRORS},
    )
    def get(self, request, slug: str):
        """One published case by its slug in the requested language."""

        def build():
            language = LocaleParams(data=request.query_params).validated()["locale"]
            return self.detail(request, case_detail_get(locale=locale_for(language), slug=slug))

        return cached_json_response(request, build)


class ThemeListApi(ApiView):
    @extend_schema(
        operation_id="themes_list",
        parameters=[LocaleParams, IF_NONE_MATCH],
        responses={200: ThemeSerializer(many=True), **NOT_MODIFIED, **ERRORS},
    )
    def get(self, request):
        """The themes, with labels in the requested language and the number of published cases."""

        def build():
            language = LocaleParams(data=request.query_params).validated()["locale"]
            return in_language(
                language,
                lambda: ThemeSerializer(theme_list(locale=locale_for(language)), many=True, context=context).data,
            )

        context = {"request": request}

        return cached_json_response(request, build)


class ThemeDetailApi(ApiView):
    @extend_schema(
        operation_id="themes_retrieve",
        parameters=[LocaleParams, IF_NONE_MATCH],
        responses={200: ThemeDetailSerializer, **NOT_MODIFIED, **NOT_FOUND, **ERRORS},
    )
    def get(self, request, code: str):
        """One theme by its code (the same in every language)."""

        def build():
            language = LocaleParams(data=request.query_params).validated()["locale"]
            return in_language(language, lambda: detail(language))

        def detail(language: str) -> dict:
            theme = theme_list(locale=locale_for(language)).filter(code=code).first()
            if theme is None:
                raise Http404
            return ThemeDetailSerializer(theme, context={"request": request}).data

        return cached_json_response(request, build)


class AudienceListApi(ApiView):
    @extend_schema(
        operation_id="audiences_list",
        parameters=[LocaleParams, IF_NONE_MATCH],
        responses={200: AudienceSerializer(many=True), **NOT_MODIFIED, **ERRORS},
    )
    def get(self, request):
        """The audiences, with names in the requested language and the number of published cases."""

        def build():
            language = LocaleParams(data=request.query_params).validated()["locale"]
            return in_language(
                language, lambda: AudienceSerializer(audience_list(locale=locale_for(language)), many=True).data
            )

        return cached_json_response(request, build)


class NotFoundApi(ApiView):
    """Any other address under /api/v1/ answers with the API's JSON 404, not the site's HTML page."""

    schema = None

    def get(self, request, *args, **kwargs):
        raise Http404
