"""The case filters: one specification for every parser of a case listing.

The strict reader (cases.params.StrictQuery: a bad value is a 400 naming the parameter, in the API and in the
embeddable widget) and the reader site's lenient one (reader.listing.Listing: a bad value is dropped with a
notice, or clamped) are both built from `PARAMS`, so they accept the same values within the same limits; the
admin's case listing takes its status and size choices from here too. What each filter means in SQL is
cases.selectors.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from django_countries import countries

from cases.places import CaseStatus, Province, SizeClass
from themes.vocabulary import filter_codes

YEAR_MIN, YEAR_MAX = 1900, 2100
DEFAULT_PAGE_SIZE = 12
MAX_PAGE_SIZE = 100
MAX_PAGE = 9_999  # deeper than any listing goes; keeps hand-edited URLs from asking for absurd offsets
MAX_QUERY_LENGTH = 200
ORIGINS = ("domestic", "abroad")  # domestic = Belgium

# Orderings any request may ask for; the catalogue index knows what each means (cases.catalogue_index).
ORDERINGS = ("-published", "title", "-year")
DEFAULT_ORDERING = "-published"
RELEVANCE = "relevance"  # needs a search term
RECOMMENDED = "recommended"  # the soft preferences first; without any it is the default order
# By the last change of what the API shows (the catalogue's changed_at), then id: for clients that mirror the catalogue.
UPDATED, UPDATED_FIRST = "-updated", "updated"
ORDERING_CHOICES = (*ORDERINGS, RELEVANCE, RECOMMENDED, UPDATED, UPDATED_FIRST)


class Kind(StrEnum):
    MANY = "many"  # repeatable: `x=a&x=b` or `x=a,b`, each one of `choices`
    ONE = "one"  # one of `choices`
    NUMBER = "number"  # a whole number from `minimum` to `maximum`
    TEXT = "text"  # free text of at most `max_length` characters
    DATETIME = "datetime"  # an ISO 8601 date and time (API only)


@dataclass(frozen=True)
class Param:
    """One query parameter of a case listing."""

    name: str
    kind: Kind
    help: str  # for the API's OpenAPI document (English)
    label: str = ""  # how the reader's notices name it (Dutch msgid)
    choices: Callable[[], list[str]] | None = None
    from_database: bool = False  # choices change with the content: read them per request, not at import
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    default: object = None
    field: str = ""  # the CaseFilters attribute it fills, if it is a filter
    reader: bool = True  # the reader site's listing takes it too (the others are API-only)

    def accepted(self) -> list[str]:
        return list(self.choices()) if self.choices else []


def _themes() -> list[str]:
    return filter_codes()["theme"]


def _audiences() -> list[str]:
    return filter_codes()["audience"]


PARAMS: tuple[Param, ...] = (
    Param("theme", Kind.MANY, "Theme code; repeatable (OR).", _("thema"), _themes, from_database=True, field="themes"),
    Param(
        "audience",
        Kind.MANY,
        "Audience code; repeatable (OR).",
        _("doelgroep"),
        _audiences,
        from_database=True,
        field="audiences",
    ),
    Param("size", Kind.MANY, "Size class; repeatable (OR).", _("grootte"), lambda: SizeClass.values, field="sizes"),
    Param(
        "country",
        Kind.MANY,
        "ISO 3166-1 alpha-2; repeatable.",
        choices=lambda: list(dict(countries)),
        field="countries",
        reader=False,  # the reader site offers origin (in Belgium or abroad) instead
    ),
    Param(
        "province",
        Kind.MANY,
        "Belgian province code; repeatable (OR).",
        _("provincie"),
        lambda: Province.values,
        field="provinces",
    ),
    Param(
        "status",
        Kind.MANY,
        "Status; repeatable (OR).",
        _("stand van zaken"),
        lambda: CaseStatus.values,
        field="statuses",
    ),
    Param(
        "origin",
        Kind.ONE,
        "domestic = Belgium, abroad = elsewhere.",
        _("binnen- of buitenland"),
        lambda: list(ORIGINS),
        default="",
        field="origin",
    ),
    Param(
        "year_min",
        Kind.NUMBER,
        "Started in or after.",
        minimum=YEAR_MIN,
        maximum=YEAR_MAX,
        field="year_min",
    ),
    Param(
        "year_max",
        Kind.NUMBER,
        "Started in or before.",
        minimum=YEAR_MIN,
        maximum=YEAR_MAX,
        field="year_max",
    ),
    Param(
        "q",
        Kind.TEXT,
        f"Full-text search, at most {MAX_QUERY_LENGTH} characters.",
        max_length=MAX_QUERY_LENGTH,
        default="",
        field="q",
    ),
    Param(
        "ordering",
        Kind.ONE,
        "-published (default), title, -year, relevance (with q), recommended (with prefer_*), -updated (last "
        "change first) or updated (oldest change first; with updated_since, to mirror the catalogue).",
        _("sortering"),
        lambda: list(ORDERING_CHOICES),
        default=DEFAULT_ORDERING,
    ),
    Param(
        "prefer_audience",
        Kind.MANY,
        "Soft preference for ordering=recommended.",
        choices=_audiences,
        from_database=True,
        reader=False,  # the reader's preferences come from its profile cookie
    ),
    Param(
        "prefer_size",
        Kind.MANY,
        "Soft preference for ordering=recommended.",
        choices=lambda: SizeClass.values,
        reader=False,
    ),
    Param(
        "updated_since",
        Kind.DATETIME,
        "Only cases whose last change (publication, republication, or a change of their listed facts, card or URL) "
        "is at or after this ISO 8601 date and time, e.g. 2026-12-01T09:00:00Z (without an offset: UTC).",
        field="updated_since",
        reader=False,
    ),
    Param("page", Kind.NUMBER, "Page number, from 1.", minimum=1, maximum=MAX_PAGE, default=1),
    Param(
        "page_size",
        Kind.NUMBER,
        f"1 to {MAX_PAGE_SIZE}.",
        minimum=1,
        maximum=MAX_PAGE_SIZE,
        default=DEFAULT_PAGE_SIZE,
    ),
)
SPEC: dict[str, Param] = {param.name: param for param in PARAMS}
READER_PARAMS: tuple[Param, ...] = tuple(param for param in PARAMS if param.reader)


def conflicts(*, year_min: int | None, year_max: int | None, ordering: str, q: str) -> dict[str, str]:
    """Values that are each fine but not together: parameter → why (English). The API answers 400, the
    reader corrects them (swaps the years, falls back to the default order)."""
    problems = {}
    if year_min is not None and year_max is not None and year_min > year_max:
        problems["year_min"] = "year_min is later than year_max."
    if ordering == RELEVANCE and not q:
        problems["ordering"] = "relevance needs a search term in q."
    return problems


@dataclass(frozen=True)
class CaseFilters:
    """The reader's choices. Within one filter values are OR-ed; different filters are AND-ed."""

    themes: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    origin: str = ""  # "domestic" (BE) or "abroad"
    year_min: int | None = None
    year_max: int | None = None
    q: str = ""
    updated_since: datetime | None = None  # last change at or after (cases.models.catalogue: changed_at)


@dataclass(frozen=True)
class CasePreferences:
    """Soft preferences: matching cases come first, nothing is filtered out."""

    audiences: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
