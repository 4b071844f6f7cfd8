"""A whole-page cache for anonymous readers, invalidated by the content version (bumped on every publish).

Published pages are the same for everyone who has the same profile cookie, so the key is the URL
(with scheme and host: pages carry absolute canonical and alternate links), the profile and the
content version. Anything personal in another way (a logged-in editor, a flash
message, a response that sets a cookie or asks not to be cached) bypasses the cache.
A cached page is served with a fresh Content-Security-Policy nonce: a nonce is only worth something
if no one can learn it before the response that uses it.

Two middlewares share the work. PageCacheMiddleware, near the end of MIDDLEWARE, stores pages as the view
made them. PageCacheHitMiddleware, right after CORS, serves the stored ones: a hit needs no session, user,
messages or CSRF work, which cost about as much as the hit itself, so it skips those layers and adds what
they would have added to it (Content-Language, X-Frame-Options, Content-Length); the outer layers (security
headers, CSP with the fresh nonce, CORS) still run.
"""

import pickle

from django.conf import settings
from django.core.cache import cache
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from home.caching import content_version
from home.near_cache import near_cache
from reader.profile import COOKIE_NAME

BYPASS_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
LANGUAGE_PREFIXES = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def cacheable_request(request) -> bool:
    return (
        request.method == "GET"  # a HEAD response has no body to share
        and request.path_info.startswith(LANGUAGE_PREFIXES)
        and not any(name in request.COOKIES for name in BYPASS_COOKIES)
        and "preview" not in request.GET
    )


def cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not response.streaming
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


def page_cache_key(request) -> str:
    profile = request.COOKIES.get(COOKIE_NAME, "")[:64]
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"reader:page:{content_version()}:{url[:1200]}:{profile}"


def with_fresh_nonce(request, response):
    """Give the cached body the nonce that the CSP middleware (outside this one) puts in the header.

    Nonces are random base64 of one length, so the body keeps its size and nothing else matches.
    """
    stored = getattr(response, "csp_nonce", None)
    if stored and hasattr(request, "csp_nonce"):
        fresh = str(request.csp_nonce)  # reading it makes the middleware add it to the header
        response.content = response.content.replace(f'nonce="{stored}"'.encode(), f'nonce="{fresh}"'.encode())
    return response


def cached_page(key: str):
    """A fresh copy of the page stored under `key`, or None: the process's own copy first (home.near_cache), so a
    hit costs no Redis read, then the shared cache. Always a new object: a hit changes its headers and nonce.

    Pages are stored pickled once, as bytes, in both caches; an entry written before that (the response object
    itself) is still read."""
    data = near_cache.get(key)
    if data is None:
        data = cache.get(key)
        if isinstance(data, bytes):
            keep_near(key, data)
    if isinstance(data, bytes):
        return pickle.loads(data)  # noqa: S301 - bytes this site pickled itself
    return data


def store_page(key: str, response) -> None:
    data = pickle.dumps(response, pickle.HIGHEST_PROTOCOL)
    cache.set(key, data, timeout=settings.READER_PAGE_CACHE_TIMEOUT)
    keep_near(key, data)


def keep_near(key: str, data: bytes) -> None:
    near_cache.set(key, data, size=len(data), timeout=settings.READER_PAGE_CACHE_TIMEOUT)


MISSED = "page_cache_missed"  # request attribute: the key PageCacheHitMiddleware looked up and did not find
# Its process_response only: X-Frame-Options, unless the page sets or waives it.
_xframe = XFrameOptionsMiddleware(lambda request: None)


class PageCacheHitMiddleware:
    """Right after CORS: answers a page-cache hit before sessions, locale, auth and messages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.READER_PAGE_CACHE_TIMEOUT and cacheable_request(request):
            key = page_cache_key(request)
            cached = cached_page(key)
            if cached is not None:
                cached["X-Page-Cache"] = "hit"
                return self.finish(request, with_fresh_nonce(request, cached))
            setattr(request, MISSED, key)  # PageCacheMiddleware need not read the cache again
        return self.get_response(request)

    @staticmethod
    def finish(request, response):
        """What the layers skipped would add to a stored page. LocaleMiddleware: the path's language as
        Content-Language (no Vary: the language is in the path); XFrameOptionsMiddleware; CommonMiddleware."""
        language = translation.get_language_from_path(request.path_info)
        if language:
            response.headers.setdefault("Content-Language", language)
        response = _xframe.process_response(request, response)
        if not response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.READER_PAGE_CACHE_TIMEOUT or not cacheable_request(request):
            return self.get_response(request)
        key = page_cache_key(request)
        cached = None if getattr(request, MISSED, None) == key else cached_page(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return with_fresh_nonce(request, cached)
        response = self.get_response(request)
        if cacheable_response(response):
            patch_vary_headers(response, ("Cookie",))
            # The nonce used in the stored body, so a hit can swap it for the new request's nonce.
            response.csp_nonce = getattr(request, "_csp_nonce", None)
            store_page(key, response)
            response["X-Page-Cache"] = "miss"
        return response
