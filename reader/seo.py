"""What a page tells search engines and social networks, computed once in Python.

Description, canonical URL, language versions (hreflang), feeds, Open Graph, Twitter card and,
for a case, schema.org JSON-LD. `templates/includes/seo_meta.html` only prints the result.
"""

import copy
import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from wagtail.models import Page

from cases.models import CasePage
from cases.selectors import case_theme_codes
from home.blocks import SHARE_RENDITION, absolute_url
from home.locales import locale_for
from home.renditions import image_renditions
from reader.feeds import feed_links
from reader.selectors import page_translations
from themes.models import ThemePage
from themes.vocabulary import theme_labels

OG_LOCALES = {"nl": "nl_BE", "en": "en_GB", "fr": "fr_BE"}
DESCRIPTION_LENGTH = 300
HEADLINE_LENGTH = 110  # schema.org / Google: longer headlines are cut off
# Like django.utils.html.json_script: no "</script>" or "<!--" can end the script element early.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def page_url(page: Page, request) -> str:
    """Absolute URL of a page; empty when it is not routable (e.g. outside every site)."""
    url = page_path_url(page, request) if request is not None else page.get_full_url()
    return absolute_url(request, url) if url else ""


def page_path_url(page: Page, request) -> str | None:
    """`page.get_url(request)`, worked out once per request and page: a case page asks for its own URL and its
    translations' five to eight times (head links, language menu, breadcrumb, share links). Keyed by the page's
    URL path too, so a page renamed within the request is not given its old URL."""
    if request is None:
        return page.get_url()
    urls = request.__dict__.setdefault("_reader_page_urls", {})
    key = (page.pk, page.url_path)
    if key not in urls:
        urls[key] = page.get_url(request=request)
    return urls[key]


def with_page_number(url: str, request) -> str:
    """A listing's canonical URL drops its filters but keeps `?page=N` beyond the first page."""
    number = request.GET.get("page", "") if request is not None else ""
    if url and number.isdigit() and int(number) > 1:
        return f"{url}?{urlencode({'page': int(number)})}"
    return url


def json_ld(data: dict) -> SafeString:
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))


def page_description(page: Page) -> str:
    text = page.search_description or getattr(page, "summary", "") or getattr(page, "intro", "")
    return Truncator(strip_tags(text).strip()).chars(DESCRIPTION_LENGTH)


def kept_hero_image(case: CasePage) -> dict | None:
    """The hero image of the case's kept card (cases.cards) with its renditions, share image included; None when the
    case page was served without one (a preview, a card on its way) or its hero has none made (then the page's own
    image is asked)."""
    card = getattr(case, "own_card", None)
    image = card["image"] if card is not None and card["id"] == case.pk else None
    if image is None or image["id"] != case.hero_image_id or image.get("share") is None:
        return None
    return image


def page_image(page: Page) -> tuple:
    """The image a page is shared with (an image, or a kept card's image facts), and its alt text."""
    if isinstance(page, CasePage):
        return kept_hero_image(page) or page.hero_image, page.hero_image_alt
    if isinstance(page, ThemePage):
        return page.image, page.image_alt
    return None, ""


def og_image(image, alt: str, request) -> dict | None:
    """A 1200x630 JPEG (the size every network crops to), or nothing when the image cannot be read."""
    if image is None:
        return None
    if isinstance(image, dict):  # a kept card's image facts
        share = image["share"]
        return {**share, "url": absolute_url(request, share["url"]), "alt": alt}
    prefetched = getattr(image, "_prefetched_objects_cache", {})
    if "renditions" in prefetched and not any(r.filter_spec == SHARE_RENDITION for r in prefetched["renditions"]):
        # A prefetch without this spec would make Wagtail rebuild the file on every request.
        image = copy.copy(image)
        image._prefetched_objects_cache = {key: value for key, value in prefetched.items() if key != "renditions"}
    renditions = image_renditions(image, SHARE_RENDITION)
    if renditions is None:
        return None
    rendition = renditions[SHARE_RENDITION]
    return {
        "url": absolute_url(request, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt,
    }


def translation_links(translations: list[Page], request) -> tuple[list[dict], str]:
    """hreflang alternates (the visible, real translations) and the x-default (Dutch) URL."""
    alternates = [{"language": other.locale.language_code, "url": page_url(other, request)} for other in translations]
    alternates = [alternate for alternate in alternates if alternate["url"]]
    default = next((a["url"] for a in alternates if a["language"] == settings.LANGUAGE_CODE), "")
    return alternates, default


def view_translation_links(request) -> tuple[list[dict], str]:
    """hreflang alternates of a reader view that is not a Wagtail page (same view under /nl/, /en/, /fr/)."""
    match = getattr(request, "resolver_match", None) if request is not None else None
    if match is None or match.url_name == "wagtail_serve":
        return [], ""
    urls = {code: translate_url(request.path, code) for code, _name in settings.LANGUAGES}
    if len(set(urls.values())) < len(urls):  # not a language-prefixed view
        return [], ""
    alternates = [{"language": code, "url": absolute_url(request, url)} for code, url in urls.items()]
    return alternates, absolute_url(request, urls[settings.LANGUAGE_CODE])


def oembed_link(url: str, request) -> str:
    """oEmbed discovery (api/oembed.py): where a consumer asks for the embed of the case at `url`."""
    if not url:  # a preview, or a page outside every site
        return ""
    return absolute_url(request, f"{reverse('api:oembed')}?{urlencode({'url': url, 'format': 'json'})}")


def case_json_ld(case: CasePage, *, url: str, description: str, image: dict | None, language: str, request) -> dict:
    """schema.org Article for a case: what search engines show in rich results."""
    codes = case_theme_codes(case=case)
    labels = theme_labels(locale=locale_for(language))
    organisation = {
        "@type": "Organization",
        "name": settings.WAGTAIL_SITE_NAME,
        "url": absolute_url(request, f"/{language}/"),
    }
    place = {
        "@type": "Place",
        "name": case.place,
        "address": {"@type": "PostalAddress", "addressLocality": case.place, "addressCountry": case.country.code},
    }
    if case.lat is not None and case.lon is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": case.lat, "longitude": case.lon}
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": Truncator(case.title).chars(HEADLINE_LENGTH),
        "description": description,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": OG_LOCALES.get(language, language).replace("_", "-"),
        "author": organisation,
        "publisher": organisation,
        "about": [{"@type": "Thing", "name": labels[code]} for code in codes if code in labels],
        "contentLocation": place,
    }
    if image:
        data["image"] = [image["url"]]
    if case.first_published_at:
        data["datePublished"] = timezone.localtime(case.first_published_at).isoformat()
    if case.last_published_at:
        data["dateModified"] = timezone.localtime(case.last_published_at).isoformat()
    return data


def seo_context(
    *, request, page: Page | None = None, title: str = "", description: str = "", canonical: str = ""
) -> dict:
    """Everything seo_meta.html prints.

    Without a Wagtail page (a reader view) the view's own title, description and canonical URL are
    used when it passes them, else the request's path.
    """
    context = {"site_name": settings.WAGTAIL_SITE_NAME, "og_type": "website", "image": None, "json_ld": ""}
    if page is not None:
        context.update(page_seo(page, request))
        language = context.pop("language")
    else:
        language = get_language() or settings.LANGUAGE_CODE
        alternates, x_default = view_translation_links(request)
        if canonical:
            canonical = absolute_url(request, canonical)
        elif getattr(request, "resolver_match", None) is not None:
            canonical = with_page_number(absolute_url(request, request.path), request)
        context.update(
            title=title or settings.WAGTAIL_SITE_NAME,
            description=description,
            canonical=canonical,
            alternates=alternates,
            x_default=x_default,
        )
    context.update(
        og_locale=OG_LOCALES.get(language, language),
        og_locale_alternates=[
            OG_LOCALES.get(a["language"], a["language"]) for a in context["alternates"] if a["language"] != language
        ],
        feeds=feed_links(request, language=language, theme=page if isinstance(page, ThemePage) else None),
    )
    return context


def page_seo(page: Page, request) -> dict:
    """The page-specific part: translations in one query, the share image in one or two."""
    is_alias = page.alias_of_id is not None
    translations = [] if is_alias or page.pk is None else page_translations(page=page)
    own = next((other for other in translations if other.pk == page.pk), None)
    language = (own or page).locale.language_code
    alternates, x_default = translation_links(translations, request)
    target = page.alias_of if is_alias else page  # an alias repeats its source's text: point search engines there
    canonical = with_page_number(page_url(target, request), request)
    description = page_description(page)
    image = og_image(*page_image(page), request)
    context = {
        "language": language,
        "title": page.seo_title or page.title,
        "description": description,
        "canonical": canonical,
        "alternates": alternates,
        "x_default": x_default,
        "image": image,
    }
    if isinstance(page, CasePage):
        data = case_json_ld(
            page, url=canonical, description=description, image=image, language=language, request=request
        )
        context.update(
            og_type="article",
            published=page.first_published_at,
            modified=page.last_published_at,
            json_ld=json_ld(data),
            oembed=oembed_link(canonical, request),
        )
    return context
