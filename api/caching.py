"""Server-side response cache with ETags, invalidated whenever published content changes.

Every cached body is stored under the current *content version* (home/caching.py). Publishing,
unpublishing, moving or deleting a page, changing a page's view restriction, or changing an audience,
bumps the version, so the next request builds a fresh response: an editor's publish shows in the API at once.
The key also holds the scheme and host, because answers carry absolute links (`next`, `url`).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from rest_framework.renderers import JSONRenderer

from home.caching import content_version


def cache_key(request) -> str:
    query = sorted((key, value) for key in request.query_params for value in request.query_params.getlist(key))
    raw = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"api:{content_version()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached_json_response(request, build) -> HttpResponse:
    """Return the cached body for this request, or `build()` it; answer 304 when the ETag matches."""
    key = cache_key(request)
    entry = cache.get(key)
    if entry is None:
        body = JSONRenderer().render(build())
        entry = (body, f'"{hashlib.sha256(body).hexdigest()[:40]}"')
        cache.set(key, entry, timeout=settings.API_SERVER_CACHE_TIMEOUT)
    body, etag = entry
    # Weak comparison, as RFC 9110 asks for If-None-Match: nginx's gzip sends our tag back as W/"…".
    offered = [tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")]
    response = HttpResponse(status=304) if etag in offered else HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
