"""/robots.txt: what crawlers may visit, and where the sitemap is."""

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

ROBOTS_DISALLOW = ("/admin/", "/django-admin/")


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request) -> HttpResponse:
    """Everything may be crawled (the API too: it is public) except the two admin interfaces."""
    lines = ["User-agent: *", "Allow: /", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
