"""One JSON shape for every error, so a client handles them all the same way.

    {"error": "invalid_parameters", "message": "…",
     "parameters": {"theme": {"message": "…", "accepted": ["data", "duurzaamheid", …]}}}

`error` is a stable machine-readable code; `message` is for people; `parameters` names each bad
query parameter and, where there is a list, the accepted values.
"""

from django.http import Http404

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from home.json_errors import error_body


class InvalidParameters(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_parameters"

    def __init__(self, parameters: dict[str, dict]):
        self.parameters = parameters
        names = ", ".join(sorted(parameters))
        super().__init__(f"Invalid query parameter(s): {names}.")


CODES = {
    400: "invalid_parameters",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    429: "throttled",
    500: "server_error",
    501: "not_implemented",  # oEmbed's format=xml (api/oembed.py)
    503: "service_unavailable",  # the database is down or does not answer (vitrine_cms/errors.py)
}


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found.")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    # An exception may name its own code (e.g. the preview's `token_expired`), else the status decides.
    code = getattr(exc, "error_code", None) or CODES.get(response.status_code, "error")
    body = error_body(code, _message(exc))
    if isinstance(exc, InvalidParameters):
        body["parameters"] = exc.parameters
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        body["retry_after"] = int(exc.wait) + 1
        response["Retry-After"] = str(int(exc.wait) + 1)
    return Response(body, status=response.status_code, headers=dict(response.items()))


def _message(exc) -> str:
    detail = getattr(exc, "detail", None)
    if isinstance(detail, str):
        return str(detail)
    return str(getattr(exc, "default_detail", "Error."))
