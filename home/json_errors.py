"""The JSON shape of every API error, kept in the base app so that middleware, which may not import `api`,
answers in the same shape as the API's own exception handler (api/errors.py).

    {"error": "invalid_parameters", "message": "…", "parameters": {"q": {"message": "…"}}}
"""

from django.http import JsonResponse


def error_body(error: str, message: str, **extra) -> dict:
    """`error` is a stable machine-readable code, `message` is for people; `extra` adds keys such as
    `parameters` or `retry_after`."""
    return {"error": error, "message": message, **extra}


def json_error(status: int, error: str, message: str, **extra) -> JsonResponse:
    response = JsonResponse(error_body(error, message, **extra), status=status)
    response["Cache-Control"] = "no-store"
    return response
