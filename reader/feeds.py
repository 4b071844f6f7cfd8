"""RSS 2.0 and Atom feeds of the newest visible cases of one language, overall or for one theme.

Items come from `CaseSearch` (the catalogue index picks them, as for the listing, so a feed and a listing never
disagree) with the card prefetches, so a feed costs the same number of queries whatever the number of items.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext

from wagtail.models import Locale

from cases.filters import CaseFilters
from cases.models import CasePage
from cases.selectors import CaseSearch
from home.locales import request_locale
from reader.selectors import case_index_get, theme_get
from themes.models import ThemePage
from themes.vocabulary import theme_labels

FEED_SIZE = 20
FEED_TYPES = {"rss": ("application/rss+xml", "RSS"), "atom": ("application/atom+xml", "Atom")}


@dataclass
class FeedScope:
    """Which cases a feed shows: one language, optionally one theme."""

    request: object
    locale: Locale
    theme: ThemePage | None = None
    labels: dict[str, str] = field(default_factory=dict)


def feed_title(theme: ThemePage | None = None) -> str:
    if theme is None:
        return gettext("De Vitrine: nieuwste voorbeelden")
    return gettext("De Vitrine: voorbeelden over %(theme)s") % {"theme": theme.title}


def feed_url(kind: str, *, language: str, theme_code: str = "") -> str:
    with translation.override(language):
        if theme_code:
            return reverse(f"reader:theme-feed-{kind}", kwargs={"code": theme_code})
        return reverse(f"reader:feed-{kind}")


def feed_links(request, *, language: str, theme: ThemePage | None = None) -> list[dict]:
    """<link rel="alternate"> entries: the overall feeds and, on a theme page, that theme's feeds."""
    links = []
    for scope in (None, theme) if theme is not None else (None,):
        for kind, (mime_type, name) in FEED_TYPES.items():
            url = feed_url(kind, language=language, theme_code=scope.code if scope else "")
            links.append(
                {
                    "type": mime_type,
                    "title": f"{feed_title(scope)} ({name})",
                    "url": request.build_absolute_uri(url) if request is not None else url,
                }
            )
    return links


class CaseRssFeed(Feed):
    feed_type = Rss201rev2Feed
    author_name = settings.WAGTAIL_SITE_NAME

    def get_object(self, request, code: str = "") -> FeedScope:
        locale = request_locale(request)
        theme = None
        if code:
            theme = theme_get(locale=locale, code=code)
            if theme is None:
                raise Http404(f"Unknown theme: {code}")
        return FeedScope(request=request, locale=locale, theme=theme, labels=theme_labels(locale=locale))

    def title(self, scope: FeedScope) -> str:
        return feed_title(scope.theme)

    def description(self, scope: FeedScope) -> str:
        if scope.theme is not None:
            return scope.theme.intro or feed_title(scope.theme)
        return gettext("De nieuwste inspirerende voorbeelden van kernversterking uit Vlaanderen en daarbuiten.")

    def link(self, scope: FeedScope) -> str:
        page = scope.theme or case_index_get(locale=scope.locale)
        url = page.get_url(request=scope.request) if page is not None else f"/{scope.locale.language_code}/"
        return scope.request.build_absolute_uri(url)

    def feed_url(self, scope: FeedScope) -> str:
        return scope.request.build_absolute_uri(scope.request.path)

    def items(self, scope: FeedScope) -> list[CasePage]:
        filters = CaseFilters(themes=(scope.theme.code,)) if scope.theme is not None else CaseFilters()
        cases = CaseSearch(locale=scope.locale, filters=filters).page(offset=0, limit=FEED_SIZE)
        for case in cases:
            case.feed_scope = scope
        return cases

    def item_title(self, case: CasePage) -> str:
        return case.title

    def item_description(self, case: CasePage) -> str:
        return case.summary

    def item_link(self, case: CasePage) -> str:
        request = case.feed_scope.request
        return request.build_absolute_uri(case.get_url(request=request))

    def item_guid(self, case: CasePage) -> str:
        return self.item_link(case)

    def item_pubdate(self, case: CasePage):
        return case.first_published_at

    def item_updateddate(self, case: CasePage):
        return case.last_published_at or case.first_published_at

    def item_categories(self, case: CasePage) -> list[str]:
        labels = case.feed_scope.labels
        return [labels[link.theme.code] for link in case.case_themes.all() if link.theme.code in labels]


class CaseAtomFeed(CaseRssFeed):
    feed_type = Atom1Feed
    subtitle = CaseRssFeed.description
