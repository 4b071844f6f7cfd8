"""Guards for the forms anyone may post: a per-IP rate limit and a low cap on the number of fields.

Public forms (the reader's profile, page and document passwords, the admin's password reset) have a
handful of fields and are sent a few times per visit. Without these guards a script could post them
without end, or send bodies of thousands of fields that Django parses before any view sees them.
The admin keeps Django's high field limit (DATA_UPLOAD_MAX_NUMBER_FIELDS) for its StreamField forms.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from rest_framework.throttling import BaseThrottle

logger = logging.getLogger("django.security.public_forms")

ADMIN_PATHS = ("/admin/", "/django-admin/")
# Admin forms that are posted without an account: each one sends a mail, so each is limited.
# (The login forms are guarded by django-axes.)
ANONYMOUS_ADMIN_FORMS = ("/admin/password_reset/",)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
# Larger public forms registered by the apps above home (intake registers its proposal form at start-up):
# path → (most fields, most bytes). Every other public post keeps PUBLIC_FORM_MAX_FIELDS and Django's limits.
LARGER_FORMS: dict[str, tuple[int, int]] = {}


def register_larger_form(paths, *, max_fields: int, max_bytes: int) -> None:
    """Allow the public forms at `paths` more fields than PUBLIC_FORM_MAX_FIELDS, and refuse bodies above
    `max_bytes` (uploads included) before anything reads them."""
    for path in paths:
        LARGER_FORMS[path] = (max_fields, max_bytes)


def parse_rate(rate: str) -> tuple[int, int] | None:
    """ "20/minute" → (20, 60): the same notation as API_THROTTLE_RATE; empty means no limit."""
    if not rate.strip():
        return None
    count, _sep, period = rate.partition("/")
    return int(count), PERIODS[period.strip()[0].lower()]


def is_public_post(request: HttpRequest) -> bool:
    path = request.path_info
    return request.method not in SAFE_METHODS and (
        not path.startswith(ADMIN_PATHS) or path.startswith(ANONYMOUS_ADMIN_FORMS)
    )


def client_ident(request: HttpRequest) -> str:
    """The API's notion of the client address, so API_NUM_PROXIES means the same everywhere."""
    return BaseThrottle().get_ident(request)


def count_post(ident: str, duration: int) -> tuple[int, int]:
    """Counts a post in this client's window; returns (posts so far, seconds until the window ends).

    The window starts at the client's first post, so it never resets just because a clock boundary
    passed. add() and incr() are atomic in Redis, so parallel workers cannot lose counts.
    """
    key = f"public-form:{ident}"
    now = time.time()
    if cache.add(key, 1, timeout=duration):
        cache.set(f"{key}:ends", now + duration, timeout=duration)
        return 1, duration
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr(): a new window
        cache.set(key, 1, timeout=duration)
        cache.set(f"{key}:ends", now + duration, timeout=duration)
        return 1, duration
    ends = cache.get(f"{key}:ends") or now + duration
    return count or 0, max(1, round(ends - now))


def refusal(template: str, status: int) -> HttpResponse:
    # Rendered without a request: no database query, whatever the load.
    response = HttpResponse(render_to_string(template), status=status)
    response["Cache-Control"] = "no-store"
    return response


def field_count(request: HttpRequest) -> int:
    return sum(len(values) for _key, values in request.POST.lists()) + sum(
        len(values) for _key, values in request.FILES.lists()
    )


def content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class PublicFormGuardMiddleware:
    """429 with Retry-After past PUBLIC_FORM_RATE posts per IP; 400 past PUBLIC_FORM_MAX_FIELDS fields.

    Runs before the view and before CSRF checking reads the body, so a refused post costs one cache
    round trip (and, for the field limit, one parse bounded by DATA_UPLOAD_MAX_NUMBER_FIELDS).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_public_post(request):
            refused = self.refuse(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def refuse(self, request) -> HttpResponse | None:
        rate = parse_rate(settings.PUBLIC_FORM_RATE)
        if rate:
            limit, duration = rate
            ident = client_ident(request)
            count, retry_after = count_post(ident, duration)
            if count > limit:
                if count == limit + 1:  # once per window: an attack must not flood the log
                    logger.warning("Public form rate limit reached by %s on %s", ident, request.path_info)
                response = refusal("429.html", 429)
                response["Retry-After"] = str(retry_after)
                return response
        max_fields, max_bytes = LARGER_FORMS.get(request.path_info, (settings.PUBLIC_FORM_MAX_FIELDS, None))
        if max_bytes is not None and content_length(request) > max_bytes:
            logger.warning("Public form post larger than %s bytes refused on %s", max_bytes, request.path_info)
            return refusal("413.html", 413)
        try:
            fields = field_count(request)
        except (TooManyFieldsSent, TooManyFilesSent):
            fields = None
        if fields is None or fields > max_fields:
            logger.warning("Public form post with too many fields refused on %s", request.path_info)
            return refusal("400.html", 400)
        return None
