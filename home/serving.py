"""How our page types are served to readers: the visibility rule, their reader context, and cheaper routing.

- A page that is live but past its `expire_at` answers 404 at once, not only after `publish_scheduled`
  has run (home.visibility).
- Each page type's extra context comes from the reader app (home.page_context).
- Wagtail walks the tree one level at a time (a child query and a `.specific` query per level) and
  checks view restrictions with two queries per request. Readers hit these on every page, so the
  home page resolves a deeper URL by its `url_path` in one `.specific()` lookup, and when no page in
  the whole site has a view restriction (the cached `private_paths`) there is nothing to check;
  otherwise Wagtail's own check runs (password or login form).
"""

from django.http import Http404

from wagtail.models import Page, PageViewRestriction
from wagtail.url_routing import RouteResult

from home.page_context import ReaderContextMixin
from home.visibility import is_current, private_paths


class ReaderPageMixin(ReaderContextMixin):
    """For every page type readers see. Each model also sets `objects = VisiblePageManager()`."""

    def route(self, request, path_components):
        result = super().route(request, path_components)
        if not path_components and not is_current(self):
            raise Http404
        return result

    def get_view_restrictions(self):
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
        if not is_current(page):
            raise Http404
        return RouteResult(page)
