"""What each Wagtail page type shows readers, beyond its own fields. The page models call these."""

from django.utils.translation import get_language

from cases.selectors import (
    CaseSearch,
    audience_labels,
    case_cards,
    case_classification,
    case_list,
    case_page_images_prefetch,
    case_related_queryset,
    theme_labels,
    theme_list,
)
from reader.listing import Listing
from reader.profile import ReaderProfile
from reader.selectors import case_index_get
from reader.seo import OG_IMAGE_SPEC

HOME_FEATURED = 3
HOME_LATEST = 6
HOME_RECOMMENDED = 3
RELATED = 4


def home_context(request) -> dict:
    language = get_language()
    profile = ReaderProfile.from_request(request)
    cases = case_list(locale=language).prefetch_related(None)
    lists = {"featured": cases.filter(is_featured=True)[:HOME_FEATURED], "latest": cases[:HOME_LATEST]}
    if profile:
        search = CaseSearch(language=language, ordering="recommended", preferences=profile.preferences())
        lists["recommended"] = search.results.prefetch_related(None)[:HOME_RECOMMENDED]
    cards = case_cards(lists)
    index = case_index_get(language=language)
    return {
        "case_index_url": index.get_url(request) if index else "",
        "themes": theme_list(language=language),
        "featured_cases": cards["featured"],
        "latest_cases": cards["latest"],
        "recommended_cases": cards.get("recommended", []),
    }


def listing_context(request, *, theme_code: str = "") -> dict:
    return {"listing": Listing.from_request(request, fixed_theme=theme_code).load()}


def case_context(request, case) -> dict:
    """Labels in the reader's language, the page's own images and links, and related cases, each fetched once."""
    language = get_language()
    themes = theme_labels(language=language)
    audiences = audience_labels(language=language)
    profile = ReaderProfile.from_request(request)
    theme_codes, audience_slugs = case_classification(case=case)
    related = list(case_related_queryset(case=case).select_related("hero_image")[:RELATED])
    case_page_images_prefetch(case=case, cards=related, extra_renditions=(OG_IMAGE_SPEC,))
    return {
        "same_size": profile.same_size(case),
        "theme_links": [(code, themes.get(code, code)) for code in theme_codes],
        "audience_names": [audiences.get(slug, slug) for slug in audience_slugs],
        "related_cases": related,
    }
