from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from reader.robots import robots_txt
from reader.sitemaps import PageSitemap

# 503 with Retry-After when the database is unreachable, JSON under /api/ (vitrine_cms/errors.py).
handler500 = "vitrine_cms.errors.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PageSitemap}}),
    path("api/v1/", include("api.urls")),
    # Widgets other sites may frame (reader/embed.py); the language is a parameter, not a prefix.
    path("embed/", include("reader.embed_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages carry their language: /nl/…, /en/…, /fr/…; "/" redirects to the browser's choice.
urlpatterns += i18n_patterns(
    path("", include("reader.urls")),
    path("opvolging/", include("followups.urls")),  # the initiator's e-mailed follow-up form
    # The public form to propose an example (intake/): /nl/voorstellen/, /en/submit/, /fr/proposer/.
    path("", include("intake.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
