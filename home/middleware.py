from django.middleware.locale import LocaleMiddleware

UNPREFIXED_PATHS = ("/api/", "/admin/", "/django-admin/", "/documents/", "/static/", "/media/")


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that it never redirects a 404 outside the language trees.

    Without this, a 404 from the API (/api/v1/cases/999/) became a redirect to /nl/api/v1/…,
    because Wagtail's catch-all page route makes every prefixed path look valid.
    """

    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED_PATHS):
            return response
        return super().process_response(request, response)
