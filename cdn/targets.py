"""Which URLs a CDN must forget when a page is published or unpublished (deleted pages are unpublished first).

For any page: its own URL and those of its live translations (each at its own slug; Wagtail's default of swapping
the language prefix would name pages that do not exist), and its live ancestors (home and section pages list
their children). For a case also what shows it in its language: the pages of its themes, the theme overview, the
map and the feeds; and in the API its detail by id and by slug (and its translations', which link to it), the
list, the map points, themes and audiences (their counts), each as the VLAIO site asks for them without extra
parameters (`?locale=xx`, and without it for Dutch, the default). A list with filters or a page number is a
URL of its own that no one can list in advance: those expire with their max-age (API_CACHE_MAX_AGE).

A page whose slug changed also leaves its old address (and, for a case, its old `by-slug` API URL); a page made
private takes itself and everything below it (their cached public copies must go).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from wagtail.models import Page

from cases.models import CasePage
from themes.models import ThemeIndexPage, ThemePage


def page_purge_urls(page: Page) -> list[str]:
    """Every URL of the reader site and the API whose answer may change when `page` is (un)published."""
    page = page.specific
    parts = page.get_url_parts()
    if parts is None:  # not routable: no URL anyone could have cached
        return []
    root = parts[1]
    translations = list(page.get_translations().live().specific())
    ancestors = list(page.get_ancestors().live().filter(depth__gt=1))
    urls = {page.get_full_url(), *(other.get_full_url() for other in [*translations, *ancestors])}
    language = page.locale.language_code
    if isinstance(page, CasePage):
        urls |= case_urls(page, translations, root=root, language=language)
    elif isinstance(page, ThemePage):
        urls |= api_urls(root, language, "api:theme-list", "api:case-list") | api_urls(
            root, language, ("api:theme-detail", page.code)
        )
    return sorted(url for url in urls if url)


def case_urls(case: CasePage, translations: list[Page], *, root: str, language: str) -> set[str]:
    codes = [link.theme.code for link in case.case_themes.all() if link.theme_id]
    themes = ThemePage.objects.live().filter(locale_id=case.locale_id, code__in=codes)
    indexes = ThemeIndexPage.objects.live().filter(locale_id=case.locale_id)
    urls = {page.get_full_url() for page in [*themes, *indexes]}
    with translation.override(language):
        routes = ["reader:map", "reader:feed-rss", "reader:feed-atom"]
        routes += [(name, code) for code in codes for name in ("reader:theme-feed-rss", "reader:theme-feed-atom")]
        urls |= {root + path for path in map(reverse_route, routes)}
    for other in [case, *translations]:
        other_language = other.locale.language_code
        urls.add(root + reverse("api:case-detail", args=[other.pk]))
        urls |= api_urls(root, other_language, ("api:case-by-slug", other.slug))
    lists = ["api:case-list", "api:case-points", "api:theme-list", "api:audience-list"]
    return urls | api_urls(root, language, *lists, *(("api:theme-detail", code) for code in codes))


def api_urls(root: str, language: str, *routes) -> set[str]:
    """Each route (a URL name, or a name and its argument) with `?locale=`, and bare for the default language."""
    urls = set()
    for route in routes:
        url = root + reverse_route(route)
        urls.add(f"{url}?locale={language}")
        if language == settings.LANGUAGE_CODE:
            urls.add(url)
    return urls


def reverse_route(route) -> str:
    name, *args = (route,) if isinstance(route, str) else route
    return reverse(name, args=args)


def old_address_urls(before: Page, after: Page) -> list[str]:
    """The URLs a page answered at before its slug changed: its page, and a case's lookup by slug."""
    parts = before.get_url_parts()
    if parts is None:
        return []
    urls = {before.get_full_url()}
    if isinstance(after, CasePage):
        urls |= api_urls(parts[1], after.locale.language_code, ("api:case-by-slug", before.slug))
    return sorted(url for url in urls if url)


def subtree_purge_urls(page: Page) -> list[str]:
    """`page_purge_urls` of a page and of every live page below it (a view restriction hides them all)."""
    urls = set()
    for live_page in page.get_descendants(inclusive=True).live().specific():
        urls.update(page_purge_urls(live_page))
    return sorted(urls)
