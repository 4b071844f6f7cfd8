"""The site's URLs plus one that fails the way an unknown bug does (tests/faults/test_errors.py)."""

from django.urls import path

from vitrine_cms.urls import handler500, urlpatterns


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("api/v1/broken/", broken_view), path("nl/kapot/", broken_view), *urlpatterns]
__all__ = ["handler500", "urlpatterns"]
