"""Server-side response cache with ETags, invalidated whenever published content changes.

Every cached body is stored under the current *content version* (home/caching.py). Publishing,
unpublishing, moving or deleting a page, changing a page's view restriction, or changing an audience,
bumps the version, so the next request builds a fresh response: an editor's publish shows in the API at once.
The key also holds the scheme and host, because answers carry absolute links (`next`, `url`).

The key is made from the query string as it came, before any parameter is validated, so a hit costs the
version, one cache read and nothing else. That is safe because only a built answer is stored: a bad
parameter raises during `build()` (a 400, as do an unknown page and a 404), and nothing is cached for
it. Whether a query is valid depends only on the query and on content that moves the version (the theme
and audience codes), so an answer stored under a version is the answer validation would lead to.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from rest_framework.renderers import JSONRenderer

from home.caching import content_version
from home.near_cache import near_cache


def cache_key(request) -> str:
    """Parameters sorted by name only: a repeated single-valued parameter means its last value
    (`page=1&page=2` is page 2), so values keep their order within a name."""
    query = sorted(((key, value) for key, values in request.GET.lists() for value in values), key=lambda kv: kv[0])
    raw = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"api:{content_version()}:{hashlib.sha256(raw.encode()).hexdigest()}"


MISSED = "api_cache_missed"  # request attribute: the key that api/middleware.py looked up and did not find


def lookup(request, key: str):
    """The cached (body, ETag) under `key`, or None; a miss is remembered on the request so that the
    view, further down the same request, does not read the cache again. The process's own copy
    (home.near_cache) is asked first: a hit or a 304 then costs no Redis read."""
    entry = near_cache.get(key)
    if entry is not None:
        return entry
    entry = cache.get(key)
    if entry is None:
        setattr(request, MISSED, key)
    else:
        keep_near(key, entry)
    return entry


def keep_near(key: str, entry: tuple[bytes, str]) -> None:
    near_cache.set(key, entry, size=len(entry[0]), timeout=settings.API_SERVER_CACHE_TIMEOUT)


def etag_matches(request, etag: str) -> bool:
    """Whether the client's If-None-Match names `etag`. Weak comparison, as RFC 9110 asks for If-None-Match:
    nginx's gzip sends our tag back as W/"…"."""
    offered = [tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")]
    return etag in offered


def entry_response(request, entry) -> HttpResponse:
    """The answer for a cached (body, ETag): 304 when the client has this ETag, else the body."""
    body, etag = entry
    matches = etag_matches(request, etag)
    response = HttpResponse(status=304) if matches else HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def cached_json_response(request, build) -> HttpResponse:
    """The cached body for this request, or `build()` it (which validates the parameters first, so only
    on a miss); 304 when the ETag matches. Body and ETag are one cache entry: a hit is one read.
    A hit usually never gets here (api/middleware.py answers it first)."""
    key = cache_key(request)
    entry = None if getattr(request, MISSED, None) == key else lookup(request, key)
    if entry is None:
        body = JSONRenderer().render(build())
        entry = (body, f'"{hashlib.sha256(body).hexdigest()[:40]}"')
        cache.set(key, entry, timeout=settings.API_SERVER_CACHE_TIMEOUT)
        keep_near(key, entry)
    return entry_response(request, entry)
