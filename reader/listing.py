"""The case listing of the reader site: parse the query string, ask the selectors, describe the filters.

Readers arrive from shared links, old bookmarks and hand-edited URLs, so parsing is forgiving: an
unknown value is dropped and named in a notice instead of failing the page. The queries are the
API's (cases.selectors.CaseSearch); only their presentation lives here.
"""

import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail.models import Locale

from cases.filters import (
    DEFAULT_ORDERING,
    DEFAULT_PAGE_SIZE,
    ORDERINGS,
    READER_PARAMS,
    RECOMMENDED,
    RELEVANCE,
    CaseFilters,
    Kind,
    Param,
    conflicts,
)
from cases.places import CaseStatus, Province, SizeClass
from cases.selectors import CaseSearch
from home.locales import request_locale
from reader.cards import reader_cards
from reader.profile import ReaderProfile
from themes.vocabulary import audience_labels, theme_labels

ORDERING_LABELS = {
    "-published": gettext_lazy("nieuwste eerst"),
    "title": gettext_lazy("titel (A-Z)"),
    "-year": gettext_lazy("recentst gestart"),
}
# Params a listing URL understands (cases.filters); anything else (utm_*, fbclid …) is ignored silently.
PARAMS = tuple(param.name for param in READER_PARAMS)


def whole_number(raw: str) -> int | None:
    """ASCII digits only (isdigit() also says yes to '²', which int() refuses); absurdly long ones count as huge."""
    if not (raw.isascii() and raw.isdigit()):
        return None
    return int(raw) if len(raw) <= 18 else 10**18


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FilterGroup:
    param: str
    legend: str
    options: list[Option]
    multiple: bool = True

    @property
    def has_selection(self) -> bool:
        return any(option.selected for option in self.options)


@dataclass
class ActiveFilter:
    label: str
    remove_url: str


@dataclass
class PageLink:
    number: int
    url: str
    current: bool


@dataclass
class Listing:
    """One listing request, parsed; `load()` runs the queries."""

    params: list[tuple[str, str]]
    locale: Locale
    profile: ReaderProfile
    fixed_theme: str = ""
    filters: CaseFilters = field(default_factory=CaseFilters)
    ordering: str = DEFAULT_ORDERING
    page_number: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    notices: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls, request, *, fixed_theme: str = "") -> "Listing":
        params = [(key, value) for key in PARAMS for value in request.GET.getlist(key)]
        listing = cls(
            params=params,
            locale=request_locale(request),
            profile=ReaderProfile.from_request(request),
            fixed_theme=fixed_theme,
        )
        listing.parse()
        return listing

    # --- parsing ------------------------------------------------------------------------------
    # Every limit and accepted value comes from the filter spec (cases.filters), the one the API
    # enforces strictly; here a bad value is dropped with a notice, or clamped.

    def values(self, name: str) -> list[str]:
        return [part.strip() for key, value in self.params if key == name for part in value.split(",") if part.strip()]

    def known(self, param: Param) -> tuple[str, ...]:
        accepted = param.accepted()
        values = list(dict.fromkeys(self.values(param.name)))
        unknown = [value for value in values if value not in accepted]
        if unknown:
            self.drop(param, ", ".join(unknown))
        return tuple(value for value in values if value in accepted)

    def last(self, name: str) -> str:
        """A single-valued parameter: the last one given counts, as in the API."""
        given = [value for key, value in self.params if key == name]
        return given[-1].strip() if given else ""

    def one(self, param: Param) -> str:
        raw = self.last(param.name)
        if raw and raw not in param.accepted():
            self.drop(param, raw)
            return param.default
        return raw or param.default

    def number(self, param: Param) -> int | None:
        raw = self.last(param.name)
        if not raw:
            return param.default
        number = whole_number(raw)
        if number is not None and param.minimum <= number <= param.maximum:
            return number
        if param.default is None:  # a year: say it was dropped
            self.notices.append(_("Geen geldig jaartal genegeerd: %(value)s.") % {"value": raw[:10]})
            return None
        # Page and page size: clamped into range without a word, as a reader mistyping a page number expects.
        return param.default if number is None else max(param.minimum, min(number, param.maximum))

    def text(self, param: Param) -> str:
        # NUL cannot be stored or searched (PostgreSQL refuses it), so it goes; the rest is cut at the limit.
        words = " ".join(value for key, value in self.params if key == param.name).replace("\x00", "")
        return words.strip()[: param.max_length].strip()

    def drop(self, param: Param, values: str) -> None:
        self.notices.append(
            _("Onbekende waarde voor %(filter)s genegeerd: %(values)s.") % {"filter": param.label, "values": values}
        )

    def parse(self) -> None:
        read = {Kind.MANY: self.known, Kind.ONE: self.one, Kind.NUMBER: self.number, Kind.TEXT: self.text}
        given = {param.name: read[param.kind](param) for param in READER_PARAMS}
        if self.fixed_theme:
            given["theme"] = (self.fixed_theme,)
        problems = conflicts(
            year_min=given["year_min"], year_max=given["year_max"], ordering=given["ordering"], q=given["q"]
        )
        if "year_min" in problems:
            given["year_min"], given["year_max"] = given["year_max"], given["year_min"]
        if "ordering" in problems:
            given["ordering"] = DEFAULT_ORDERING
        if given["q"] and given["ordering"] != (self.values("ordering") or [None])[0]:
            given["ordering"] = RELEVANCE  # a search without a (valid) chosen order: best match first
        self.filters = CaseFilters(**{param.field: given[param.name] for param in READER_PARAMS if param.field})
        self.ordering = given["ordering"]
        self.page_number = given["page"]
        self.page_size = given["page_size"]

    def ordering_choices(self) -> dict[str, str]:
        choices = {}
        if self.filters.q:
            choices[RELEVANCE] = _("beste overeenkomst")
        if self.profile or self.ordering == RECOMMENDED:
            choices[RECOMMENDED] = _("voor jou")
        return {**choices, **{key: str(ORDERING_LABELS[key]) for key in ORDERINGS}}

    # --- queries ------------------------------------------------------------------------------

    def load(self) -> "Listing":
        search = CaseSearch(
            locale=self.locale,
            filters=self.filters,
            ordering=self.ordering,
            preferences=self.profile.preferences(),
        )
        self.facets, self.count = search.facets_and_count()
        self.page_count = max(1, math.ceil(self.count / self.page_size))
        self.page_number = min(self.page_number, self.page_count)
        self.cases = reader_cards(
            search.page_ids(offset=(self.page_number - 1) * self.page_size, limit=self.page_size), locale=self.locale
        )
        return self

    # --- presentation -------------------------------------------------------------------------

    def url(self, *, drop: tuple[str, str] | None = None, drop_param: str = "", add=(), page: int = 1) -> str:
        """This listing's query string with one value or parameter removed, or some added; back to page 1."""
        params = [
            (key, value)
            for key, value in self.params
            if key not in ("page", drop_param) and (key, value) != drop and value != ""
        ]
        params += list(add)
        if page > 1:
            params.append(("page", str(page)))
        return "?" + urlencode(params) if params else "?"

    @property
    def count_text(self) -> str:
        return ngettext("%(count)s voorbeeld", "%(count)s voorbeelden", self.count) % {"count": self.count}

    def groups(self) -> list[FilterGroup]:
        f = self.filters
        groups = []
        if not self.fixed_theme:
            groups.append(self._group("theme", _("Thema"), theme_labels(locale=self.locale), "themes", f.themes))
        groups += [
            self._group("audience", _("Doelgroep"), audience_labels(locale=self.locale), "audiences", f.audiences),
            self._group("size", _("Grootte van de gemeente"), dict(SizeClass.choices), "sizes", f.sizes),
            self._origin_group(),
            self._group("province", _("Provincie"), self._provinces(), "provinces", f.provinces),
            self._group("status", _("Stand van zaken"), dict(CaseStatus.choices), "statuses", f.statuses),
        ]
        return groups

    def _provinces(self) -> dict[str, str]:
        """The five Flemish provinces always; others only when a case is there."""
        flemish = Province.values[:5]
        return {
            code: label
            for code, label in Province.choices
            if code in flemish or code in self.facets["provinces"] or code in self.filters.provinces
        }

    def _group(self, param, legend, labels: dict, facet: str, selected) -> FilterGroup:
        counts = self.facets[facet]
        options = [Option(code, str(label), counts.get(code, 0), code in selected) for code, label in labels.items()]
        return FilterGroup(param=param, legend=str(legend), options=options)

    def _origin_group(self) -> FilterGroup:
        countries = self.facets["countries"]
        domestic = countries.get("BE", 0)
        abroad = sum(countries.values()) - domestic
        options = [
            Option("", _("overal"), domestic + abroad, not self.filters.origin),
            Option("domestic", _("in België"), domestic, self.filters.origin == "domestic"),
            Option("abroad", _("in het buitenland"), abroad, self.filters.origin == "abroad"),
        ]
        return FilterGroup(param="origin", legend=_("Binnen- of buitenland"), options=options, multiple=False)

    def years(self) -> list[tuple[str, int]]:
        return sorted(self.facets["years"].items(), key=lambda item: item[0])

    def active_filters(self) -> list[ActiveFilter]:
        active = []
        if self.filters.q:
            active.append(ActiveFilter(_("zoekterm “%(q)s”") % {"q": self.filters.q}, self.url(drop_param="q")))
        for group in self.groups():
            for option in group.options:
                if option.selected and option.value:
                    label = _("%(filter)s: %(value)s") % {"filter": group.legend, "value": option.label}
                    active.append(ActiveFilter(label, self.url(drop=(group.param, option.value))))
        if self.filters.year_min:
            label = _("gestart vanaf %(year)s") % {"year": self.filters.year_min}
            active.append(ActiveFilter(label, self.url(drop_param="year_min")))
        if self.filters.year_max:
            label = _("gestart tot en met %(year)s") % {"year": self.filters.year_max}
            active.append(ActiveFilter(label, self.url(drop_param="year_max")))
        return active

    def clear_url(self) -> str:
        return "?"

    def same_size_url(self) -> str:
        """One click to "municipalities like mine": only the reader's size class."""
        if not self.profile.size_class:
            return ""
        return self.url(drop_param="size", add=[("size", self.profile.size_class)])

    @property
    def same_size_active(self) -> bool:
        return bool(self.profile.size_class) and self.filters.sizes == (self.profile.size_class,)

    def page_links(self) -> list[PageLink]:
        if self.page_count <= 1:
            return []
        window = {1, self.page_count, *range(self.page_number - 2, self.page_number + 3)}
        numbers = sorted(n for n in window if 1 <= n <= self.page_count)
        return [PageLink(n, self.url(page=n), n == self.page_number) for n in numbers]

    def previous_url(self) -> str:
        return self.url(page=self.page_number - 1) if self.page_number > 1 else ""

    def next_url(self) -> str:
        return self.url(page=self.page_number + 1) if self.page_number < self.page_count else ""
