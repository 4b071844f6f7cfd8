"""The JSON a receiver gets: what happened to which page, with absolute links to the page and its API answer.

Links are made on `PUBLIC_BASE_URL` (by default `WAGTAILADMIN_BASE_URL`), the site's public address: there is no
request to take a host from, as the event may come from a command, a scheduled publish or the worker.
"""

import json
from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page

# The body's keys in this order on every attempt (PostgreSQL's jsonb does not keep the order).
PAYLOAD_FIELDS = ("event", "id", "slug", "locale", "url", "api_url", "occurred_at")


def absolute(url: str) -> str:
    """`url` on the site's public base; an absolute URL (another Wagtail site) is kept as it is."""
    return urljoin(settings.PUBLIC_BASE_URL + "/", url) if url else ""


def case_payload(event: str, page: Page) -> dict:
    return {
        "event": event,
        "id": page.pk,
        "slug": page.slug,
        "locale": page.locale.language_code,
        "url": absolute(page.get_url() or ""),
        "api_url": absolute(reverse("api:case-detail", args=[page.pk])),
        "occurred_at": timezone.now().isoformat(),
    }


def theme_payload(event: str, page) -> dict:
    """A theme's `slug` is its stable code, the key `themes/{slug}/` of the API takes."""
    language = page.locale.language_code
    return {
        "event": event,
        "id": page.pk,
        "slug": page.code,
        "locale": language,
        "url": absolute(page.get_url() or ""),
        "api_url": absolute(f"{reverse('api:theme-detail', args=[page.code])}?locale={language}"),
        "occurred_at": timezone.now().isoformat(),
    }


def body(payload: dict) -> bytes:
    """The exact bytes that are sent and signed."""
    ordered = {key: payload[key] for key in PAYLOAD_FIELDS if key in payload}
    return json.dumps(ordered, ensure_ascii=False, separators=(",", ":")).encode()
