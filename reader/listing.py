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

from cases.places import CaseStatus, Province, SizeClass
from cases.selectors import CaseFilters, CaseSearch
from home.locales import request_locale
from reader.profile import ReaderProfile
from themes.vocabulary import audience_labels, filter_codes, theme_labels

PAGE_SIZE = 12
MAX_QUERY_LENGTH = 200
YEAR_RANGE = range(1900, 2101)
ORDERING_LABELS = {
    "-published": gettext_lazy("nieuwste eerst"),
    "title": gettext_lazy("titel (A-Z)"),
    "-year": gettext_lazy("recentst gestart"),
}
# Params a listing URL understands; anything else (utm_*, fbclid …) is ignored silently.
PARAMS = ("q", "theme", "audience", "size", "origin", "province", "status", "year_min", "year_max", "ordering", "page")


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
    ordering: str = "-published"
    page_number: int = 1
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

    def values(self, name: str) -> list[str]:
        return [part.strip() for key, value in self.params if key == name for part in value.split(",") if part.strip()]

    def known(self, name: str, accepted, label: str) -> tuple[str, ...]:
        values = list(dict.fromkeys(self.values(name)))
        unknown = [value for value in values if value not in accepted]
        if unknown:
            self.notices.append(
                _("Onbekende waarde voor %(filter)s genegeerd: %(values)s.")
                % {
                    "filter": label,
                    "values": ", ".join(unknown),
                }
            )
        return tuple(value for value in values if value in accepted)

    def year(self, name: str) -> int | None:
        raw = (self.values(name) or [""])[0]
        if not raw:
            return None
        if raw.isdigit() and int(raw) in YEAR_RANGE:
            return int(raw)
        self.notices.append(_("Geen geldig jaartal genegeerd: %(value)s.") % {"value": raw[:10]})
        return None

    def parse(self) -> None:
        words = filter_codes()
        themes = (self.fixed_theme,) if self.fixed_theme else self.known("theme", words["theme"], _("thema"))
        q = " ".join(self.values("q"))[:MAX_QUERY_LENGTH].strip()
        year_min, year_max = self.year("year_min"), self.year("year_max")
        if year_min and year_max and year_min > year_max:
            year_min, year_max = year_max, year_min
        origin = (self.values("origin") or [""])[0]
        self.filters = CaseFilters(
            themes=themes,
            audiences=self.known("audience", words["audience"], _("doelgroep")),
            sizes=self.known("size", SizeClass.values, _("grootte")),
            provinces=self.known("province", Province.values, _("provincie")),
            statuses=self.known("status", CaseStatus.values, _("stand van zaken")),
            origin=origin if origin in ("domestic", "abroad") else "",
            year_min=year_min,
            year_max=year_max,
            q=q,
        )
        choices = self.ordering_choices()
        wanted = (self.values("ordering") or [""])[0]
        self.ordering = wanted if wanted in choices else ("relevance" if q else "-published")
        page = (self.values("page") or ["1"])[0]
        self.page_number = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1

    def ordering_choices(self) -> dict[str, str]:
        choices = {}
        if self.filters.q:
            choices["relevance"] = _("beste overeenkomst")
        if self.profile:
            choices["recommended"] = _("voor jou")
        return {**choices, **{key: str(label) for key, label in ORDERING_LABELS.items()}}

    # --- queries ------------------------------------------------------------------------------

    def load(self) -> "Listing":
        search = CaseSearch(
            locale=self.locale,
            filters=self.filters,
            ordering=self.ordering,
            preferences=self.profile.preferences(),
        )
        self.facets, self.count = search.facets_and_count()
        self.page_count = max(1, math.ceil(self.count / PAGE_SIZE))
        self.page_number = min(self.page_number, self.page_count)
        self.cases = search.cards(offset=(self.page_number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
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
