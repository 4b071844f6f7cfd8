from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

UNPREFIXED_PATHS = ("/api/", "/admin/", "/django-admin/", "/documents/", "/static/", "/media/")
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
