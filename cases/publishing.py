"""The editorial rules a case must meet before it is published (or submitted for review).

Drafts may be incomplete. The admin form and the importer both ask this one function, so an
editor and an import file get the same Dutch messages.
"""

from collections.abc import Iterable

from django.utils.html import strip_tags

from home.video import VideoUrlError, parse_video_url

SUMMARY = "Schrijf een korte samenvatting (maximaal 300 tekens)."
THEME = "Kies minstens één thema."
AUDIENCE = "Kies minstens één doelgroep."
HERO = "Kies een hoofdafbeelding of geef een video op."
HERO_ALT = "Geef de hoofdafbeelding een alternatieve tekst."
CONCEPT = "Beschrijf het concept (blok ‘Concept’ in de inhoud)."
LESSON = "Voeg minstens één blok ‘Learnings’ of ‘Tips & tricks’ toe."
PLACE = "Vul een plaats in of kies een Vlaamse gemeente."


def publication_problems(
    *,
    summary: str,
    has_place: bool,
    theme_count: int,
    audience_count: int,
    has_hero_image: bool,
    hero_image_alt: str,
    video_url: str,
    body_block_types: Iterable[str],
) -> dict[str, list[str]]:
    """Return the problems that block publication, keyed by the field an editor must fix."""
    problems: dict[str, list[str]] = {}
    block_types = set(body_block_types)

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if not (summary or "").strip():
        add("summary", SUMMARY)
    if not has_place:
        add("place", PLACE)
    if theme_count < 1:
        add("case_themes", THEME)
    if audience_count < 1:
        add("case_audiences", AUDIENCE)
    video_error = video_problem(video_url)
    if video_error:
        add("video_url", video_error)
    if not has_hero_image and (video_error or not (video_url or "").strip()):
        add("hero_image", HERO)
    if has_hero_image and not (hero_image_alt or "").strip():
        add("hero_image_alt", HERO_ALT)
    if "concept" not in block_types:
        add("body", CONCEPT)
    if not block_types & {"learnings", "tips"}:
        add("body", LESSON)
    return problems


def video_problem(video_url: str) -> str | None:
    """The Dutch reason a video address can never be shown, or None when it is empty or playable."""
    if not (video_url or "").strip():
        return None
    try:
        parse_video_url(video_url)
    except VideoUrlError as error:
        return str(error)
    return None


def non_empty_block_types(stream_value) -> list[str]:
    """Block types of a StreamField value whose content is not blank."""
    types = []
    for child in stream_value or []:
        value = child.value
        text = getattr(value, "source", value)  # RichText keeps its HTML in .source
        if hasattr(value, "get") and "items" in value:
            text = [item for item in value["items"] if str(item).strip()]
        if text and (not isinstance(text, str) or _visible_text(text)):
            types.append(child.block_type)
    return types


def _visible_text(html: str) -> str:
    return strip_tags(html).replace("&nbsp;", "").strip()
