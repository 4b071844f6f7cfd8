"""oEmbed 1.0 (https://oembed.com/) for case pages: a site given the URL of a case gets an iframe of its card.

    GET /api/v1/oembed/?url=https://devitrine.be/nl/voorbeelden/pop-ups-lokeren/&maxwidth=400

Only URLs of visible cases on this site have an answer (404 otherwise, also for private or expired cases: the
answer must not tell that they exist). `format=xml` is 501, as the specification asks of a provider that
speaks JSON only.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.http.request import split_domain_port, validate_host
from django.urls import reverse

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.negotiation import DefaultContentNegotiation

from api.caching import cached_json_response
from api.links import case_urls
from api.params import StrictParams
from api.serializers import ErrorSerializer
from api.views import ERRORS, IF_NONE_MATCH, NOT_MODIFIED, ApiView
from cases.selectors import card_facts_in_order, visible_case_ref
from home.blocks import absolute_url
from home.embed import iframe_html
from home.locales import locale_for

DEFAULT_WIDTH = 400
TEXT_HEIGHT = 220  # title, place and summary below the 4:3 image, in CSS pixels (templates/embed/card.html)
MAX_SIZE = 10_000


class OembedParams(StrictParams):
    url = serializers.CharField(
        max_length=2000, help_text="Absolute URL of a case page on this site, e.g. https://…/nl/voorbeelden/<slug>/."
    )
    maxwidth = serializers.IntegerField(
        min_value=1, max_value=MAX_SIZE, required=False, help_text="Largest width the consumer can show, in pixels."
    )
    maxheight = serializers.IntegerField(
        min_value=1, max_value=MAX_SIZE, required=False, help_text="Largest height the consumer can show, in pixels."
    )
    format = serializers.ChoiceField(
        choices=["json", "xml"],
        default="json",
        help_text="json (default). xml is answered with 501 Not Implemented, as oEmbed asks.",
    )


class OembedSerializer(serializers.Serializer):
    version = serializers.ChoiceField(choices=["1.0"], help_text="oEmbed version.")
    type = serializers.ChoiceField(choices=["rich"], help_text="Always rich: an HTML widget.")
    html = serializers.CharField(
        help_text="An <iframe> of the case's card (/embed/cases/{id}/), which may be framed only by EMBED_ORIGINS."
    )
    width = serializers.IntegerField(help_text="Width of the iframe in pixels, at most maxwidth.")
    height = serializers.IntegerField(help_text="Height of the iframe in pixels, at most maxheight.")
    title = serializers.CharField(help_text="Title of the case.")
    provider_name = serializers.CharField(help_text="De Vitrine.")
    provider_url = serializers.CharField(help_text="Home page of De Vitrine in the case's language.")
    cache_age = serializers.IntegerField(help_text="Seconds the consumer may keep this answer.")
    thumbnail_url = serializers.CharField(
        required=False, help_text="Absolute URL of the 400×300 image, when the case has one and it fits the limits."
    )
    thumbnail_width = serializers.IntegerField(required=False)
    thumbnail_height = serializers.IntegerField(required=False)


class OembedFormatNotImplemented(exceptions.APIException):
    status_code = status.HTTP_501_NOT_IMPLEMENTED
    default_code = "not_implemented"
    default_detail = "Only format=json is available."


class OembedNegotiation(DefaultContentNegotiation):
    """oEmbed's `format` parameter is not DRF's renderer switch (which would answer `format=xml` with a 404)."""

    class settings:
        URL_FORMAT_OVERRIDE = None


def case_path(url: str) -> tuple[str, str, str] | None:
    """(language, slug, path) of a URL on one of this site's hosts that looks like a page in a language tree."""
    parts = urlsplit(url)
    host, _port = split_domain_port(parts.netloc)
    if parts.scheme not in ("http", "https") or not host or not validate_host(host, settings.ALLOWED_HOSTS):
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    if len(segments) < 2 or segments[0] not in dict(settings.LANGUAGES):
        return None
    return segments[0], segments[-1], parts.path


def oembed_answer(request, data: dict) -> dict:
    found = case_path(data["url"])
    ref = found and visible_case_ref(locale=locale_for(found[0]), slug=found[1])
    cards = card_facts_in_order([ref[0]]) if ref else []
    if not cards:
        raise Http404
    card, language = cards[0], ref[1]
    page_url = case_urls(request, locale_for(language))(card["url_path"])
    if urlsplit(page_url).path.rstrip("/") != found[2].rstrip("/"):  # the slug of a case elsewhere in the tree
        raise Http404
    width = min(DEFAULT_WIDTH, data.get("maxwidth", DEFAULT_WIDTH))
    height = round(width * 3 / 4) + TEXT_HEIGHT if card["image"] else TEXT_HEIGHT
    height = min(height, data.get("maxheight", height))
    src = request.build_absolute_uri(reverse("embed:case-detail", args=[card["id"]]))
    answer = {
        "version": "1.0",
        "type": "rich",
        "html": iframe_html(src=src, title=card["title"], width=width, height=height),
        "width": width,
        "height": height,
        "title": card["title"],
        "provider_name": settings.WAGTAIL_SITE_NAME,
        "provider_url": request.build_absolute_uri(f"/{language}/"),
        "cache_age": settings.API_CACHE_MAX_AGE,
    }
    thumbnail = card["image"] and card["image"]["renditions"]["thumbnail"]
    if thumbnail and thumbnail["width"] <= width and thumbnail["height"] <= data.get("maxheight", MAX_SIZE):
        answer.update(
            thumbnail_url=absolute_url(request, thumbnail["url"]),
            thumbnail_width=thumbnail["width"],
            thumbnail_height=thumbnail["height"],
        )
    return OembedSerializer(answer).data


class OembedApi(ApiView):
    content_negotiation_class = OembedNegotiation

    @extend_schema(
        operation_id="oembed",
        parameters=[OembedParams, IF_NONE_MATCH],
        responses={
            200: OembedSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No published, public case at this URL."),
            501: OpenApiResponse(ErrorSerializer, description="format=xml: only JSON is provided."),
            **NOT_MODIFIED,
            **ERRORS,
        },
    )
    def get(self, request):
        """oEmbed 1.0 (type rich) for the URL of a published case: an iframe of its card, for other sites."""

        def build():
            data = OembedParams(data=request.query_params).validated()
            if data["format"] != "json":
                raise OembedFormatNotImplemented
            return oembed_answer(request, data)

        return cached_json_response(request, build)
