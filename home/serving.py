"""Cheaper serving for the reader's page types, with Wagtail's behaviour unchanged.

Wagtail walks the tree one level at a time (a child query and a `.specific` query per level) and
checks view restrictions with two queries per request. Readers hit these on every page, so:
- the home page resolves a deeper URL by its `url_path` in one `.specific()` lookup;
- when no page in the whole site has a view restriction (the cached `private_paths`), there is
  nothing to check; otherwise Wagtail's own check runs.
"""

from django.http import Http404

from wagtail.models import Page, PageViewRestriction
from wagtail.url_routing import RouteResult


class NoRestrictionShortcutMixin:
    def get_view_restrictions(self):
        from cases.selectors import private_paths

        if not private_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class UrlPathRoutingMixin:
    def route(self, request, path_components):
        if len(path_components) < 2:
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        page = Page.objects.filter(url_path=url_path, path__startswith=self.path).specific().first()
        if page is None:
            return super().route(request, path_components)  # Wagtail's walk decides (and raises 404)
        if not page.live:
            raise Http404
        return RouteResult(page)
