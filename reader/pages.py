"""What each Wagtail page type shows readers, beyond its own fields.

Registered for the page models in ReaderConfig.ready() (home.page_context): the lower apps that
define the models never import the reader.
"""

from cases.selectors import (
    CaseSearch,
    case_cards,
    case_classification,
    case_list,
    case_page_images_prefetch,
    case_related_cards,
    theme_list,
)
from home.locales import request_locale
from reader.cards import reader_cards_of
from reader.listing import Listing
from reader.profile import ReaderProfile
from reader.selectors import case_index_get
from reader.seo import kept_hero_image
from themes.vocabulary import audience_labels, theme_labels

HOME_FEATURED = 3
HOME_LATEST = 6
HOME_RECOMMENDED = 3
RELATED = 4


def home_context(request, page) -> dict:
    locale = request_locale(request)
    profile = ReaderProfile.from_request(request)
    cases = case_list(locale=locale).prefetch_related(None)
    lists = {"featured": cases.filter(is_featured=True)[:HOME_FEATURED], "latest": cases[:HOME_LATEST]}
    if profile:
        search = CaseSearch(locale=locale, ordering="recommended", preferences=profile.preferences())
        lists["recommended"] = search.page_queryset(offset=0, limit=HOME_RECOMMENDED)
    cards = case_cards(lists)
    index = case_index_get(locale=locale)
    return {
        "case_index_url": index.get_url(request) if index else "",
        "themes": theme_list(locale=locale),
        "featured_cases": cards["featured"],
        "latest_cases": cards["latest"],
        "recommended_cases": cards.get("recommended", []),
    }


def listing_context(request, page) -> dict:
    return {"listing": Listing.from_request(request).load()}


def theme_context(request, page) -> dict:
    return {"listing": Listing.from_request(request, fixed_theme=page.code).load()}


def theme_index_context(request, page) -> dict:
    return {"themes": theme_list(locale=request_locale(request))}


def case_context(request, case) -> dict:
    """Labels in the reader's language, the page's own images and links, and related cases, each fetched once.

    A theme the reader may not see (behind a password, expired) is left out, with its title.
    """
    locale = request_locale(request)
    themes = theme_labels(locale=locale)
    audiences = audience_labels(locale=locale)
    profile = ReaderProfile.from_request(request)
    related = reader_cards_of(case_related_cards(case=case, limit=RELATED), locale=locale)
    theme_codes, audience_codes = case_classification(case=case)  # no query now: read with the related cards
    # The hero's renditions, the share image's among them, come with its card when the catalogue keeps one.
    kept_hero = kept_hero_image(case)
    case_page_images_prefetch(case=case, hero_kept=kept_hero is not None)
    return {
        "hero_image": kept_hero or case.hero_image,
        "same_size": profile.same_size(case),
        "theme_links": [(code, themes[code]) for code in theme_codes if code in themes],
        "audience_names": [audiences[code] for code in audience_codes if code in audiences],
        "related_cases": related,
    }
