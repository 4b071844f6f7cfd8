"""The site's URLconf with /bench/trivial/ in front: a JSON view that does nothing, through the whole middleware stack.

`/health/live` is answered by the first middleware and skips the rest (home/health.py); issue 11 states its
targets as ratios to "a trivial JSON view through the same middleware", which is this one.
"""

from django.http import JsonResponse
from django.urls import path

from vitrine_cms import urls as site_urls

TRIVIAL_PATH = "/bench/trivial/"


def trivial(request):
    return JsonResponse({"ok": True})


# The site's error pages (a checkout may set any of them): a 500 under /api/ stays the API's JSON 503.
handler400 = getattr(site_urls, "handler400", "django.views.defaults.bad_request")
handler403 = getattr(site_urls, "handler403", "django.views.defaults.permission_denied")
handler404 = getattr(site_urls, "handler404", "django.views.defaults.page_not_found")
handler500 = getattr(site_urls, "handler500", "django.views.defaults.server_error")
urlpatterns = [path(TRIVIAL_PATH.lstrip("/"), trivial), *site_urls.urlpatterns]
