from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from home.json_errors import json_error
from home.public_forms import refusal

UNPREFIXED_PATHS = ("/api/", "/admin/", "/django-admin/", "/documents/", "/static/", "/media/", "/embed/")
ADMIN_PATHS = ("/admin/", "/django-admin/")


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that it never redirects a 404 outside the language trees,
    and that the admin speaks the site's language (Dutch) whatever the browser asks.

    Without the first, a 404 from the API (/api/v1/cases/999/) became a redirect to /nl/api/v1/…,
    because Wagtail's catch-all page route makes every prefixed path look valid.
    The editorial team works in Dutch; an editor who wants another admin language picks it in the
    account settings, and Wagtail then overrides this default for that user.
    """

    def process_request(self, request):
        if request.path_info.startswith(ADMIN_PATHS):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)

    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED_PATHS):
            return response
        return super().process_response(request, response)


NUL = "\x00"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
NUL_MESSAGE = "Null characters are not allowed."  # DRF's wording, which the API's own parameter check uses


def fields_with_nul(data) -> list[str]:
    """Names of the fields of a QueryDict whose name or any value holds a NUL character."""
    return [name for name, values in data.lists() if NUL in name or any(NUL in value for value in values)]


class NulCharacterMiddleware:
    """400 for a request with a NUL character in its path, its query string or its posted form fields.

    PostgreSQL text cannot hold NUL: `?q=%00` reached a database query and came back as a 500 on the search,
    listing and theme pages. No honest request carries one, so it is refused once, here, before any view.
    Broken percent-encoding needs no check: Django decodes it to U+FFFD, which PostgreSQL stores fine.
    Under /api/ the answer is the API's JSON error shape, elsewhere the branded 400 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path_info:
            return self.refuse(request, [])
        names = fields_with_nul(request.GET)
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            names += [name for name in fields_with_nul(request.POST) if name not in names]
        if names:
            return self.refuse(request, names)
        return self.get_response(request)

    def refuse(self, request, names: list[str]):
        if request.path_info.startswith("/api/"):
            if not names:
                return json_error(400, "invalid_parameters", "Null characters are not allowed in the path.")
            return json_error(
                400,
                "invalid_parameters",
                f"Invalid query parameter(s): {', '.join(sorted(names))}.",
                parameters={name: {"message": NUL_MESSAGE} for name in names},
            )
        return refusal("400.html", 400)
