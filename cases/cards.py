"""What a case card shows, as plain facts: kept on the case's catalogue row, so a list reads 12 rows of JSON
instead of building 12 pages with their links, images and labels.

The facts hold codes, not labels, and the page's tree path, not its URL: labels (theme and audience names in the
reader's language, country and size names) and URLs (host, language prefix) are added per request, so a renamed
theme, a new translation or a moved section never leaves an old word or link in a kept card. What the facts do
hold changes only with the case itself (its saves refresh its row), its municipality, or its hero image's
renditions, and each of those refreshes the row too (cases.catalogue).

A card is only kept when its hero image's renditions exist already (home.blocks.HERO_RENDITIONS: three WebP files and
the share image): a publish does not wait for them (a background task makes them, home.renditions, and then the row
is refreshed). Until then, and for any row kept by an older format of the facts, the card is built from the page the
slow way, with the same function; that way never makes the share image, it takes it when it exists.
"""

from django.utils import translation

from wagtail.images.models import Filter
from wagtail.models import Page

from django_countries import countries

from cases.places import CaseStatus, Province, SizeClass
from home.blocks import HERO_RENDITIONS, RENDITIONS, SHARE_RENDITION
from home.caching import site_root_paths
from home.renditions import image_renditions
from home.video import VideoUrlError, parse_video_url

# Bump when the facts change shape: rows of another format are built again from the page (and by the next
# `rebuild_catalogue`).
CARD_FORMAT = 2  # 2: the hero image's share rendition (`image.share`)

_PENDING = object()


def card_facts(case, *, make_renditions: bool) -> dict | None:
    """The card of `case` (with `hero_image` and its renditions prefetched, and `municipality` selected).

    `make_renditions=False` (when a row is kept) gives None if the hero image's renditions are not all there yet.
    """
    image = None
    if case.hero_image_id:
        image = _image_facts(case, make_renditions=make_renditions)
        if image is _PENDING:
            return None
    return {
        "format": CARD_FORMAT,
        "id": case.pk,
        "slug": case.slug,
        "url_path": case.url_path,
        "title": case.title,
        "summary": case.summary,
        "place": case.place,
        "country": case.country.code or "",
        "province": case.province or "",
        "population": case.resolved_population,
        # From the population, not the stored field: a municipality's new figures reach the card without a save.
        "size_class": SizeClass.for_population(case.resolved_population) or "",
        "year": case.year_started,
        "status": case.status,
        "themes": list(dict.fromkeys(link.theme.code for link in case.case_themes.all() if link.theme_id)),
        "audiences": list(dict.fromkeys(link.audience.code for link in case.case_audiences.all() if link.audience_id)),
        "image": image,
        "video": _video_facts(case.video_url),
        "published_at": case.first_published_at.isoformat() if case.first_published_at else None,
        "updated_at": case.last_published_at.isoformat() if case.last_published_at else None,
    }


def is_current(facts) -> bool:
    return bool(facts) and facts.get("format") == CARD_FORMAT


def _image_facts(case, *, make_renditions: bool):
    image = case.hero_image
    if make_renditions:
        renditions = image_renditions(image, *RENDITIONS.values())
        if renditions is None:  # the original cannot be read: the card goes without it
            return None
        # A JPEG of 1200x630 is not made for a list: the background task makes it, the case page asks when it lacks.
        share = next(iter(image.find_existing_renditions(Filter(spec=SHARE_RENDITION)).values()), None)
    else:
        filters = [Filter(spec=spec) for spec in HERO_RENDITIONS]
        found = image.find_existing_renditions(*filters)
        if len(found) < len(filters):
            return _PENDING
        renditions = {filter.spec: rendition for filter, rendition in found.items()}
        share = renditions[SHARE_RENDITION]
    return {
        "id": image.pk,
        "renditions": {name: _size(renditions[spec]) for name, spec in RENDITIONS.items()},
        "share": _size(share) if share is not None else None,
        "alt": case.hero_image_alt,
        "credit": case.hero_image_credit,
    }


def _size(rendition) -> dict:
    return {"url": rendition.url, "width": rendition.width, "height": rendition.height}


def _video_facts(video_url: str) -> dict | None:
    try:
        video = parse_video_url(video_url) if video_url else None
    except VideoUrlError:
        return None
    if video is None:
        return None
    return {
        "provider": video.provider,
        "id": video.video_id,
        "url": video.watch_url,
        "embed_url": video.embed_url,
        "thumbnail_url": None,
    }


_labels: dict[str, dict[str, dict[str, str]]] = {}


def choice_labels(language: str) -> dict[str, dict[str, str]]:
    """Code → label of the coded facts in `language` (what `get_FOO_display()` and `country.name` say), made once
    per process and language: they come with the code, not the content."""
    labels = _labels.get(language)
    if labels is None:
        with translation.override(language):
            # The choices of CasePage's fields of the same names.
            labels = {
                name: {str(code): str(label) for code, label in choices.choices}
                for name, choices in (("province", Province), ("size_class", SizeClass), ("status", CaseStatus))
            }
            labels["country"] = {code: str(name) for code, name in countries}
        _labels[language] = labels
    return labels


def case_url_maker(locale):
    """url_path -> the page's URL (root-relative on one site), asking Wagtail (its site root paths, no query) for
    one URL per parent only: the cases of one language share their parent's prefix, and building thousands of URLs
    page by page took seconds."""

    def wagtail_url(url_path: str) -> str:
        page = Page(url_path=url_path, locale=locale)
        page._wagtail_cached_site_root_paths = site_root_paths()  # Wagtail's cache on the object: held, no round trip
        return page.get_url() or ""

    prefixes: dict[str, str | None] = {}

    def url(url_path: str) -> str:
        parent = url_path.rstrip("/").rsplit("/", 1)[0] + "/"
        slug = url_path[len(parent) :]
        if parent not in prefixes:
            full = wagtail_url(url_path)
            prefixes[parent] = full[: -len(slug)] if full.endswith(slug) else None
        prefix = prefixes[parent]
        return prefix + slug if prefix is not None else wagtail_url(url_path)  # else: a routing we did not foresee

    return url
