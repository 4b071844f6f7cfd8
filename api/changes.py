"""`GET changes/`: the feed a client follows to keep its copy of the catalogue exact without crawling it again.

    {"results": [{"id": 12, "slug": "autovrij-gent", "locale": "nl", "kind": "updated", "reason": null,
                  "time": "2026-12-07T10:12:00.123456+01:00", "api_url": "https://…/api/v1/cases/12/"}, …],
     "next": "https://…/api/v1/changes/?cursor=YzE6NDI", "has_more": false}

Entries come in the order they were committed (sync.changelog), so following `next` never skips or repeats one,
however many share a moment. Not cached: every poll reads the log (at most four queries, tests/api/test_sync.py);
the ETag lets a poll that found nothing new be answered with a 304.
"""

import hashlib
from urllib.parse import urlencode

from django.http import HttpResponse
from django.urls import reverse

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from api.caching import etag_matches
from api.params import StrictParams
from api.views import ERRORS, IF_NONE_MATCH, ApiView
from cases.params import LANGUAGES, IsoDateTimeField
from sync.models import ChangeKind, RemovalReason
from sync.selectors import change_page, cursor_decode, cursor_encode

DEFAULT_LIMIT, MAX_LIMIT = 100, 1000


class ChangeParams(StrictParams):
    since = IsoDateTimeField(
        required=False,
        help_text=(
            "Start of the feed: the first entry at or after this ISO 8601 date and time, e.g. 2026-12-01T09:00:00Z "
            "(without an offset: UTC). Use it once, then follow `next`. Either `since` or `cursor` is required."
        ),
    )
    cursor = serializers.CharField(
        required=False,
        max_length=64,
        help_text="Continue after the last entry of a previous answer: copy it from that answer's `next` link.",
    )
    locale = serializers.ChoiceField(
        choices=LANGUAGES,
        required=False,
        help_text="Only cases of this language (nl, en or fr); every language when absent.",
    )
    limit = serializers.IntegerField(
        min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT, help_text=f"Entries per answer, 1 to {MAX_LIMIT}."
    )

    def validate_cursor(self, value: str) -> int:
        after = cursor_decode(value)
        if after is None:
            raise serializers.ValidationError("Not a cursor from a `next` link of changes/.")
        return after

    def validate(self, attrs):
        if ("since" in attrs) == ("cursor" in attrs):
            raise serializers.ValidationError({"since": "Send either since (the first time) or cursor (then on)."})
        return attrs


class ChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="page_id", help_text="The case's id, as in cases/{id}/.")
    slug = serializers.CharField(help_text="The case's slug in its language (for a removal: its last known slug).")
    locale = serializers.ChoiceField(choices=LANGUAGES, help_text="The case's language.")
    kind = serializers.ChoiceField(
        choices=ChangeKind.values,
        help_text=(
            "published: the case became visible (new, published again, made public again, moved out of a private "
            "section): fetch it and add it. updated: it stays visible and something the API shows of it changed "
            "(republished, its facts, card, URL or slug): fetch it again. removed: it is no longer visible: drop it."
        ),
    )
    reason = serializers.ChoiceField(
        choices=RemovalReason.values,
        allow_null=True,
        help_text=(
            "Why a case was removed (null for published and updated): unpublished; expired (its expiry date "
            "passed; `time` is that moment); deleted; private (a view restriction on it or on a section above it, "
            "also after a move under such a section)."
        ),
    )
    time = serializers.DateTimeField(source="at", help_text="When the change took effect.")
    api_url = serializers.SerializerMethodField(help_text="The case in the API (absolute); null for a removal.")

    def get_api_url(self, change) -> str | None:
        if change.kind == ChangeKind.REMOVED:
            return None
        return self.context["request"].build_absolute_uri(reverse("api:case-detail", args=[change.page_id]))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["reason"] = data["reason"] or None
        return data


class ChangeListSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True, help_text="Entries in the order to apply them (oldest first).")
    next = serializers.URLField(
        help_text=(
            "Where to continue: always present, also when `results` is empty. Poll it later (once a minute is plenty) "
            "and keep the newest `next` you received; it never skips or repeats an entry."
        )
    )
    has_more = serializers.BooleanField(help_text="True when `next` has more entries right now: fetch it at once.")


class ChangeListApi(ApiView):
    @extend_schema(
        operation_id="changes_list",
        parameters=[ChangeParams, IF_NONE_MATCH],
        responses={
            200: ChangeListSerializer,
            304: OpenApiResponse(description="Nothing changed since the ETag sent in If-None-Match."),
            **ERRORS,
        },
    )
    def get(self, request):
        """Every case that became visible, changed or stopped being visible, in order, to keep a copy of the
        catalogue exact: crawl cases/ once, then follow this feed."""
        params = ChangeParams(data=request.query_params)
        data = params.validated()
        language = data.get("locale", "")
        page = change_page(after_id=data.get("cursor"), since=data.get("since"), language=language, limit=data["limit"])
        query = {"cursor": cursor_encode(page.last_id), **({"locale": language} if language else {})}
        if data["limit"] != DEFAULT_LIMIT:
            query["limit"] = data["limit"]
        body = {
            "results": ChangeSerializer(page.changes, many=True, context={"request": request}).data,
            "next": request.build_absolute_uri(f"{request.path}?{urlencode(query)}"),
            "has_more": page.has_more,
        }
        return uncached_json_response(request, JSONRenderer().render(body))


def uncached_json_response(request, body: bytes) -> HttpResponse:
    """Revalidated on every use (`no-cache`): a copy kept by a proxy would hide new entries."""
    etag = f'"{hashlib.sha256(body).hexdigest()[:40]}"'
    response = HttpResponse(status=304) if etag_matches(request, etag) else HttpResponse(body, "application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response
