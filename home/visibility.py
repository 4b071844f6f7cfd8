"""What a reader may see: the one rule every read of published content goes through.

A page is visible when it is live, public (no view restriction on it or an ancestor) and not expired
*now* — `publish_scheduled` may run minutes after `expire_at`, and a reader must not see the page in
between. Every list, menu, feed, sitemap, translation map, facet and search result is a
`.visible(locale)` queryset; serving one page checks `is_current(page)` (the same rule without
the view restriction, which Wagtail turns into a password or login form instead of a 404).
"""

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from wagtail.models import Locale, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from home.caching import content_version, held


def private_paths() -> list[str]:
    """Tree paths of pages behind a view restriction, cached until content or privacy changes."""
    return held("private-paths", _private_paths)


def _private_paths() -> list[str]:
    key = f"home:private-paths:{content_version()}"
    paths = cache.get(key)
    if paths is None:
        paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(key, paths, timeout=None)
    return paths


def _public_q() -> Q:
    """Like Wagtail's `.public()`, without a query per call: a restricted page and everything below it is out."""
    private = Q(pk__in=[])
    for path in private_paths():
        private |= Q(path__startswith=path)
    return ~private


class VisiblePageQuerySet(PageQuerySet):
    def current(self) -> "VisiblePageQuerySet":
        """Live and not expired now; view restrictions not applied (see `visible`)."""
        return self.live().exclude(expire_at__lte=timezone.now())

    def listable(self) -> "VisiblePageQuerySet":
        """Live and public, expiry not applied: what the cases catalogue keeps a row for (it checks
        `expire_at` at query time, so a row need not be removed at the moment of expiry).

        The view restrictions are read from the database (Wagtail's `.public()`), not from the cached
        `private_paths()`: the catalogue keeps what it is given, so a cache entry that lags behind (read before
        the version moved on, or left under a version number that came round again) would stay in it for good.
        """
        return self.live().public()

    def visible(self, locale: Locale | None = None) -> "VisiblePageQuerySet":
        """What an anonymous reader may see: current and public, in `locale` when given."""
        queryset = self.current().filter(_public_q())
        if locale is not None:
            queryset = queryset.filter(locale_id=locale.pk)
        return queryset


class VisiblePageManager(PageManager.from_queryset(VisiblePageQuerySet)):
    """The manager of every page type of ours: `ThemePage.objects.visible(locale)`."""


def visible_pages(locale: Locale | None = None) -> VisiblePageQuerySet:
    """Visible pages of any type (menus, sitemap, translation maps)."""
    return VisiblePageQuerySet(Page).visible(locale)


def is_current(page: Page) -> bool:
    """`VisiblePageQuerySet.current` for one page already in memory (serving it)."""
    return page.live and not (page.expire_at and page.expire_at <= timezone.now())
