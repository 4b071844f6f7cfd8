"""Health endpoints for the container platform and load balancers.

`GET /health/live`: the process is up and answers; touches nothing else.
`GET /health/`: ready to serve. PostgreSQL must answer `SELECT 1` (else 503: without the database no
page can be served). The cache must store and return a value; when it cannot, the answer is still 200
with status "degraded", because every page then works uncached (slower, but correct).

Answered by the first middleware, before host checks, sessions, locales, CSP and the page cache, so a
probe from inside the container (Host 127.0.0.1, plain http) gets the real state, is never cached and
never sets a cookie.
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)

LIVE_PATH = "/health/live"
READY_PATH = "/health/"


def _timed(check) -> dict:
    started = time.monotonic()
    try:
        ok = check()
        error = "" if ok else "unexpected answer"
    except Exception as exc:  # noqa: BLE001 - any failure of a dependency is the answer, not an error
        # Only the kind of error: the endpoint is public, and messages name internal hosts and ports.
        logger.warning("Health check %s failed: %s", check.__name__, exc)
        ok, error = False, type(exc).__name__
    result = {"ok": ok, "ms": round((time.monotonic() - started) * 1000, 1)}
    if error:
        result["error"] = error
    return result


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        # A broken connection stays broken for this thread until closed; the next probe must reconnect.
        connection.close_if_unusable_or_obsolete()
        raise


def _cache() -> bool:
    # Cache backends that ignore errors (django-redis with IGNORE_EXCEPTIONS) fail silently: compare.
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    ok = cache.get(key) == value
    cache.delete(key)
    return ok


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def readiness() -> JsonResponse:
    checks = {"database": _timed(_database), "cache": _timed(_cache)}
    if not checks["database"]["ok"]:
        status, code = "unavailable", 503
    elif not checks["cache"]["ok"]:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    if code != 200 or status != "ok":
        logger.warning("Health check: %s %s", status, checks)
    return _no_store(JsonResponse({"status": status, "checks": checks}, status=code))


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers the two health paths and passes everything else on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            if request.path_info == LIVE_PATH:
                return _no_store(JsonResponse({"status": "ok"}))
            if request.path_info == READY_PATH:
                return readiness()
        return self.get_response(request)
