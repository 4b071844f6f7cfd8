"""How our page types are served to readers: the visibility rule, their reader context, and cheaper routing.

- A page that is live but past its `expire_at` answers 404 at once, not only after `publish_scheduled`
  has run (home.visibility).
- Each page type's extra context comes from the reader app (home.page_context).
- Wagtail walks the tree one level at a time (a child query and a `.specific` query per level) and
  checks view restrictions with two queries per request. Readers hit these on every page, so the
  home page resolves a deeper URL by its `url_path` in one `.specific()` lookup, and when no page in
  the whole site has a view restriction (the cached `private_paths`) there is nothing to check;
  otherwise Wagtail's own check runs (password or login form).
- Below a section that allows one page type (cases under the case index, themes under the theme index) that
  lookup reads the specific page in one query instead of two; and `ReaderRouteMiddleware` routes such deep URLs
  before Wagtail's view with the site and the localized home page held by the process (`home.caching.held`), so
  a case page costs no site, locale and home page queries either.
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from home.caching import held, site_root_paths
from home.compiled_query import CompiledQuery
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
        found = route_below(self.path, self.url_path, path_components) if len(path_components) >= 2 else None
        return found if found is not None else super().route(request, path_components)  # Wagtail decides (404)


def route_below(root_path: str, root_url_path: str, components: list[str]) -> RouteResult | None:
    """The route to the page at `components` below a home page: None when no page is found there by its url_path,
    Http404 when one is there that a reader may not see now."""
    page = page_at(root_url_path + "/".join(components) + "/", within=root_path)
    if page is None:
        return None
    if not is_current(page):
        raise Http404
    return RouteResult(page)


def page_at(url_path: str, *, within: str) -> Page | None:
    """The specific page at `url_path` in the tree below `within`.

    Looked up by its slug too: `url_path` has no index of its own in Wagtail's table, so without the slug PostgreSQL
    read every page (23 ms at 100 000 cases, EXPLAIN ANALYZE); the slug's index leaves a handful of rows.
    """
    model = _only_child_model(url_path.rstrip("/").rsplit("/", 1)[0] + "/")
    if model is not None:
        candidates = _pages_by_url_path(model).all(slug=_slug(url_path), url_path=url_path)
        page = next((page for page in candidates if page.path.startswith(within)), None)
        if page is not None:
            return page
    return Page.objects.filter(slug=_slug(url_path), url_path=url_path, path__startswith=within).specific().first()


@functools.cache
def _pages_by_url_path(model: type[Page]) -> CompiledQuery:
    """The pages of `model` at a URL path (in any site: the caller keeps the one below its home page), with what
    serving the page reads at once anyway (CasePage: its hero image), in one query compiled once."""
    return CompiledQuery(
        model,
        lambda slug, url_path: (
            model.objects.filter(slug=slug, url_path=url_path)
            .select_related(*getattr(model, "serve_select_related", ()))
            .order_by("path")
        ),
        "slug",
        "url_path",
    )


def _slug(url_path: str) -> str:
    return url_path.rstrip("/").rsplit("/", 1)[-1]


def _only_child_model(parent_url_path: str) -> type[Page] | None:
    """The one page type the page at `parent_url_path` allows below it, if it allows one; held per version (a
    rename or move changes what sits at a URL, and moves the version on)."""
    models = held("child-models", dict)
    if parent_url_path not in models:
        parent_pages = Page.objects.filter(slug=_slug(parent_url_path), url_path=parent_url_path)
        content_type = parent_pages.values_list("content_type", flat=True).first()
        parent = ContentType.objects.get_for_id(content_type).model_class() if content_type else None
        allowed = parent.allowed_subpage_models() if parent is not None else []
        models[parent_url_path] = allowed[0] if len(allowed) == 1 else None
    return models[parent_url_path]


class ReaderRouteMiddleware:
    """Routes a page URL below the home page (/nl/voorbeelden/, /nl/voorbeelden/<slug>/) before Wagtail's view does,
    without its site, locale and home page queries: the site of a host and the localized home page of a language
    are held by the process under the content version. What Wagtail would decide differently is left to it: the
    home page itself, a URL not found by its url_path, a site whose home page routes otherwise.

    Wagtail reads both results from the request (`_wagtail_site`, `_wagtail_route_for_request`: the cache of
    `Site.find_for_request` and `Page.route_for_request`), so nothing else changes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve  # not at import time: home.models imports this module

        if view_func is not serve or request.method not in ("GET", "HEAD"):
            return None
        site = _held_site(request)
        request._wagtail_site = site
        request._wagtail_cached_site_root_paths = site_root_paths()  # Page.get_url's cache on the request
        components = [part for part in (view_args[0] if view_args else view_kwargs.get("path", "")).split("/") if part]
        root = _held_root(site) if site is not None and components else None
        if root is None:
            return None
        try:
            found = route_below(*root, components)
        except Http404:
            request._wagtail_route_for_request = None  # what Wagtail stores for a 404
            return None
        if found is not None:
            request._wagtail_route_for_request = found
        return None


def _held_site(request) -> Site | None:
    sites = held("sites", dict)
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    if key not in sites:
        sites[key] = Site._find_for_request(request)  # Wagtail's own matching of host and port
    return sites[key]


def _held_root(site: Site) -> tuple[str, str] | None:
    """(path, url_path) of the site's home page in the active language, if it routes by url_path."""
    roots = held("roots", dict)
    key = (site.pk, get_language())
    if key not in roots:
        root = site.root_page.localized.specific
        roots[key] = (root.path, root.url_path) if isinstance(root, UrlPathRoutingMixin) else None
    return roots[key]
