"""Answers a GET of a cached API answer near the top of the middleware stack.

A hit is the same bytes whoever asks: it needs the content version, the cache entry and the throttle's
count, not a session, a user, a language, messages, CSRF or DRF's request wrapping, negotiation and
dispatch, which together cost more than the hit itself (profiled with bench/catalogue_bench.py's
database). So this middleware, placed right after CORS (MIDDLEWARE in vitrine_cms/settings/base.py),
looks the answer up and, when it is there and the client is within its rate, answers at once with the
headers the skipped layers would have added (DRF's Allow, X-Frame-Options, Content-Length); the outer
layers (security headers, CSP, CORS) still run. Anything else goes the full way unchanged: a miss (which
then skips its second cache read), a refused client (counted once, refused by DRF as before), a HEAD, an
`Accept` that DRF might refuse, `?format=`, a view that is not a plain ApiView, or one whose answers are never
stored (`server_cache = False`: the preview).
"""

from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re, patch_vary_headers

from rest_framework.settings import api_settings

from api.caching import cache_key, entry_response, lookup
from api.throttling import COUNTED, AnonymousRateThrottle
from api.views import ApiView

API_PREFIX = "/api/"
JSON_RANGES = {"*/*", "application/*", "application/json"}  # what JSONRenderer answers for
_view_headers: dict[type, dict] = {}  # per view class: the headers DRF's finalize_response adds


# Its process_response only: X-Frame-Options, unless the response sets or waives it.
_xframe = XFrameOptionsMiddleware(lambda request: None)


def json_is_acceptable(accept: str) -> bool:
    """True when DRF's negotiation would pick JSON for this Accept header; False means "let DRF decide"
    (a media range with parameters such as `application/json; version=2`, which DRF would refuse)."""
    if not accept:
        return True
    for media_range in accept.split(","):
        media_type, _, params = media_range.partition(";")
        names = {param.split("=", 1)[0].strip() for param in params.split(";") if param.strip()}
        if media_type.strip() in JSON_RANGES and names <= {"q"}:
            return True
    return False


def cached_view_headers(request) -> dict | None:
    """DRF's default response headers of the ApiView at this path, or None when the path is not one whose
    hit can skip DRF (another view, or another throttle than the one the fast path counts)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, ApiView) or not view_class.server_cache:
        return None
    if view_class not in _view_headers:
        plain = list(view_class.throttle_classes) == [AnonymousRateThrottle]
        view = view_class()
        view.setup(request)  # as as_view() does: a view with get() also answers HEAD, and Allow says so
        _view_headers[view_class] = dict(view.default_response_headers) if plain else None
    return _view_headers[view_class]


def finish_like_drf(request, response, headers: dict):
    """What DRF's finalize_response and the skipped Django middleware add to a hit."""
    headers = dict(headers)
    vary = headers.pop("Vary", None)
    if vary is not None:
        patch_vary_headers(response, cc_delim_re.split(vary))
    for name, value in headers.items():
        response[name] = value
    response = _xframe.process_response(request, response)
    if not response.has_header("Content-Length"):  # CommonMiddleware
        response["Content-Length"] = str(len(response.content))
    return response


class ApiCacheHitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and request.path_info.startswith(API_PREFIX):
            response = self.hit(request)
            if response is not None:
                return response
        return self.get_response(request)

    def hit(self, request):
        if api_settings.URL_FORMAT_OVERRIDE in request.GET or not json_is_acceptable(request.headers.get("Accept", "")):
            return None
        headers = cached_view_headers(request)
        if headers is None:
            return None
        entry = lookup(request, cache_key(request))
        if entry is None:
            return None
        throttle = AnonymousRateThrottle()
        if not throttle.allow_request(request, None):
            # Counted: DRF's check below reads this verdict instead of counting the request again.
            setattr(request, COUNTED, (False, throttle.now, throttle.window_ends))
            return None
        return finish_like_drf(request, entry_response(request, entry), headers)
