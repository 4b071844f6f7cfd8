"""Read queries of the sharing, SEO and feed code that are not about cases (those live in cases.selectors)."""

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from wagtail.models import Page, Site

from cases.models import CaseIndexPage
from cases.selectors import public_q
from themes.models import ThemePage


def page_visible() -> QuerySet[Page]:
    """Live, public, not expired (even before `publish_scheduled` ran)."""
    return Page.objects.live().filter(public_q()).exclude(expire_at__lte=timezone.now())


def page_translations(*, page: Page) -> list[Page]:
    """The visible language versions of `page`, itself included, in one query.

    wagtail-localize's aliases (an untranslated page shown in another language tree) repeat the
    source's text, so they are no language version of their own. The list is remembered on the page
    object: the head's hreflang links and the language menu ask for it in the same request.
    """
    cached = getattr(page, "_visible_translations", None)
    if cached is None:
        cached = list(
            page_visible()
            .filter(translation_key=page.translation_key, alias_of__isnull=True)
            .select_related("locale")
            .order_by("locale__language_code")
        )
        page._visible_translations = cached
    return cached


def case_index_get(*, language: str) -> CaseIndexPage | None:
    """The case listing of one language tree."""
    return (
        CaseIndexPage.objects.live()
        .filter(public_q(), locale__language_code=language)
        .select_related("locale")
        .order_by("path")
        .first()
    )


def theme_get(*, language: str, code: str) -> ThemePage | None:
    """A live theme by its stable code, in `language`, else the Dutch source theme (not yet translated)."""
    for candidate in dict.fromkeys((language, settings.LANGUAGE_CODE)):
        theme = (
            ThemePage.objects.live()
            .filter(public_q(), locale__language_code=candidate, code=code)
            .select_related("locale")
            .first()
        )
        if theme is not None:
            return theme
    return None


def sitemap_pages(*, site: Site) -> QuerySet[Page]:
    """Visible pages of every language tree of `site` (its root page and the root's translations)."""
    root = site.root_page
    roots = Page.objects.filter(translation_key=root.translation_key, depth=root.depth).values_list("path", flat=True)
    in_trees = Q(pk__in=[])
    for path in roots:
        in_trees |= Q(path__startswith=path)
    return page_visible().filter(in_trees, alias_of__isnull=True).select_related("locale").order_by("path")
