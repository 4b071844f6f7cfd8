"""The handler for uncaught errors (handler500 in vitrine_cms/urls.py).

A database that is down or does not answer is not a bug of ours: readers get 503 with Retry-After,
and the site comes back by itself. Anything else stays a 500. Under /api/ both use the API's JSON
error shape (api/errors.py) instead of an HTML page.
The pages are rendered without a request, so no context processor runs and nothing touches the
database or the cache.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

from api.errors import CODES
from home.json_errors import json_error

RETRY_AFTER_SECONDS = 30
MESSAGES = {
    500: "Internal server error.",
    503: "The service is temporarily unavailable. Try again later.",
}


def database_unavailable(exc: BaseException | None) -> bool:
    """True when `exc`, or an exception it was raised from, is a lost or unreachable database."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request):
    unavailable = database_unavailable(sys.exc_info()[1])
    status = 503 if unavailable else 500
    if request.path_info.startswith("/api/"):
        extra = {"retry_after": RETRY_AFTER_SECONDS} if unavailable else {}
        response = json_error(status, CODES[status], MESSAGES[status], **extra)
    else:
        response = HttpResponse(loader.get_template(f"{status}.html").render(), status=status)
        response["Cache-Control"] = "no-store"
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
