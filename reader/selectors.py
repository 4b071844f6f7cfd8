"""Read queries of the sharing, SEO and feed code that are not about cases (those live in cases.selectors)."""

from django.conf import settings
from django.db.models import Q, QuerySet

from wagtail.models import Locale, Page, Site

from cases.models import CaseIndexPage, CasePage
from cases.selectors import indexed_translations
from home.caching import held
from home.locales import locale_for
from home.visibility import visible_pages
from themes.models import ThemePage


def page_translations(*, page: Page) -> list[Page]:
    """The visible language versions of `page`, itself included.

    wagtail-localize's aliases (an untranslated page shown in another language tree) repeat the
    source's text, so they are no language version of their own. The list is remembered on the page
    object: the head's hreflang links and the language menu ask for it in the same request.

    A case's come from the catalogue indexes. Other pages are few (home pages, listings, themes, standard pages),
    and which versions of one are visible changes only with the content version: the process holds them by
    translation key, so a listing or theme page asks no query for them.
    """
    cached = getattr(page, "_visible_translations", None)
    if cached is None:
        if isinstance(page, CasePage):
            cached = indexed_case_translations(page)
        else:
            held_translations = held("page-translations", dict)
            cached = held_translations.get(page.translation_key)
            if cached is None:
                cached = held_translations[page.translation_key] = _visible_translations(page.translation_key)
        if cached is None:
            cached = _visible_translations(page.translation_key)
        page._visible_translations = cached
    return cached


def _visible_translations(translation_key) -> list[Page]:
    return list(
        visible_pages()
        .filter(translation_key=translation_key, alias_of__isnull=True)
        .select_related("locale")
        .order_by("locale__language_code")
    )


def indexed_case_translations(case: CasePage) -> list[Page] | None:
    """A visible case's language versions from the catalogue indexes, without a query, as pages that know their
    id, language and URL; None for a case that is not in them (a private one, a preview)."""
    found = indexed_translations(case.translation_key, page_id=case.pk, aliases=False)
    if found is None:
        return None
    return [Page(pk=pk, url_path=url_path, locale=locale_for(language)) for language, pk, url_path in found]


def case_index_get(*, locale: Locale) -> CaseIndexPage | None:
    """The case listing of one language tree."""
    return CaseIndexPage.objects.visible(locale).select_related("locale").order_by("path").first()


def theme_get(*, locale: Locale, code: str) -> ThemePage | None:
    """A visible theme by its stable code, in `locale`, else the Dutch source theme (not yet translated)."""
    for candidate in dict.fromkeys((locale, locale_for(settings.LANGUAGE_CODE))):
        theme = ThemePage.objects.visible(candidate).filter(code=code).select_related("locale").first()
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
    return visible_pages().filter(in_trees, alias_of__isnull=True).select_related("locale").order_by("path")
