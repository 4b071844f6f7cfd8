"""The catalogue of one language held in each web process as bitsets: filters, facets, paging and related cases
without a query.

The catalogue table (cases.models.catalogue) answers every listing question with indexes, but a facet is still a
GROUP BY over every visible row: at 10 000 cases the eight facets cost PostgreSQL 20 to 30 ms of hashing per
request, and ten times the cases cost ten times that. Here each facet value is one Python integer used as a
bitset over the cases in the default order (newest first): a filter is an OR of its values' sets, the filters
together an AND, and a facet count is `(value & others).bit_count()`, about a microsecond per value whatever
the number of cases.

The index is read from the catalogue table in one query and kept per process and language under the content
version (home.caching), which every change of what readers may see moves on in its own transaction, and which is
never the same for different content (its random token). A request reads the version anyway (one query), so a
publish is seen by the next request of every process. Expiry: rows already expired are left out, and the
index is read again once its first expiry passes.

Full-text search stays in PostgreSQL (the GIN index); its matches come in as ids.
"""

import bisect
import heapq
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from wagtail.models import Locale

from cases.filters import RECOMMENDED, UPDATED, UPDATED_FIRST, CaseFilters, CasePreferences
from cases.models.catalogue import catalogue
from home.caching import content_version

# Facet name → the column of a catalogue row it counts (what cases.selectors.FACETS lists).
FACET_COLUMNS = {
    "themes": "themes",
    "audiences": "audiences",
    "sizes": "size_class",
    "countries": "country",
    "provinces": "province",
    "statuses": "status",
    "years": "year_started",
}

_BITS = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]


def positions(bits: int) -> list[int]:
    """The positions of the set bits, ascending."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    return [index * 8 + bit for index, byte in enumerate(data) if byte for bit in _BITS[byte]]


def bitset(places) -> int:
    """The bitset with these positions set.

    Written as a string of binary digits that int() reads in one go: one store per position instead of a read, an
    OR and a store on a byte (a search for a word in 88 647 of 100 000 cases: 33 -> 12 ms)."""
    places = list(places)
    if not places:
        return 0
    top = max(places)
    digits = bytearray(b"0") * (top + 1)
    for place in places:
        digits[top - place] = 49  # "1"; the highest position is the first digit
    return int(digits, 2)


@dataclass
class CatalogueIndex:
    """The visible cases of one language; position 0 is the newest (the default order)."""

    ids: list[int]
    populations: list[int]  # unknown counts as 0, as the related cases' distance has it
    years: list[int]  # unknown counts as 0, as the "-year" order has it
    title_order: list[int]  # positions by title as the database sorts them, then id
    values: dict[str, dict[str, int]]  # facet → value → bitset
    change_order: list[int] = field(default_factory=list)  # positions by last change (changed_at), then id
    change_times: list = field(default_factory=list)  # the changed_at of each position of change_order, ascending
    next_expiry: object = None
    # Per position: the page's url_path, and its translation key (→ position) for the translations of a case.
    url_paths: list[str] = field(default_factory=list)
    by_translation_key: dict = field(default_factory=dict)
    aliases: frozenset = frozenset()  # positions of wagtail-localize aliases (no language version of their own)
    position: dict[int, int] = field(init=False)
    every: int = field(init=False)

    def __post_init__(self):
        self.position = {pk: place for place, pk in enumerate(self.ids)}
        self.every = (1 << len(self.ids)) - 1

    def __len__(self):
        return len(self.ids)

    # --- filters --------------------------------------------------------------------------------

    def any_of(self, facet: str, values) -> int:
        sets = self.values[facet]
        found = 0
        for value in values:
            found |= sets.get(str(value), 0)
        return found

    def conditions(self, filters: CaseFilters) -> dict[str, int]:
        """The active filters as bitsets, keyed by the facet each one narrows: the one implementation of the filter
        rules (API, reader listing, theme pages, feeds); tests/cases/test_catalogue_index.py checks it against plain
        database queries."""
        conditions = {}
        if filters.themes:
            conditions["themes"] = self.any_of("themes", filters.themes)
        if filters.audiences:
            conditions["audiences"] = self.any_of("audiences", filters.audiences)
        if filters.sizes:
            conditions["sizes"] = self.any_of("sizes", filters.sizes)
        if filters.countries or filters.origin in ("domestic", "abroad"):
            countries = self.any_of("countries", filters.countries) if filters.countries else self.every
            belgian = self.values["countries"].get("BE", 0)
            if filters.origin == "domestic":
                countries &= belgian
            elif filters.origin == "abroad":
                countries &= self.every & ~belgian
            conditions["countries"] = countries
        if filters.provinces:
            conditions["provinces"] = self.any_of("provinces", filters.provinces)
        if filters.statuses:
            conditions["statuses"] = self.any_of("statuses", filters.statuses)
        if filters.year_min is not None or filters.year_max is not None:
            low = filters.year_min if filters.year_min is not None else -1
            high = filters.year_max if filters.year_max is not None else 10**9
            conditions["years"] = self.any_of(
                "years", [year for year in self.values["years"] if low <= int(year) <= high]
            )
        if filters.updated_since is not None:
            # Not a facet: the condition narrows every facet.
            since = bisect.bisect_left(self.change_times, filters.updated_since)
            conditions["updated"] = bitset(self.change_order[since:])
        return conditions

    def ids_to_bits(self, ids) -> int:
        return bitset(place for place in map(self.position.get, ids) if place is not None)

    # --- answers --------------------------------------------------------------------------------

    def facets_and_count(self, conditions: dict[str, int], within: int) -> tuple[dict[str, dict[str, int]], int]:
        """Counts per value, each with every other condition applied but not its own, and the number of matches."""
        facets = {}
        for facet, sets in self.values.items():
            others = within
            for name, condition in conditions.items():
                if name != facet:
                    others &= condition
            counts = {value: (bits & others).bit_count() for value, bits in sets.items()}
            facets[facet] = dict(sorted((value, count) for value, count in counts.items() if count))
        return facets, self.matching(conditions, within).bit_count()

    @staticmethod
    def matching(conditions: dict[str, int], within: int) -> int:
        """The cases that every condition lets through."""
        for condition in conditions.values():
            within &= condition
        return within

    def ordered(self, matching: int, *, ordering: str, preferences: CasePreferences, limit: int) -> list[int]:
        """Ids of the first `limit` matching cases in `ordering` (not relevance: the search orders that)."""
        if ordering == "title":
            member = set(positions(matching))
            places = [place for place in self.title_order if place in member]
        elif ordering in (UPDATED, UPDATED_FIRST):
            member = set(positions(matching))
            order = self.change_order if ordering == UPDATED_FIRST else reversed(self.change_order)
            places = [place for place in order if place in member]
        elif ordering == "-year":
            # Stable: within a year (unknown counts as 0), newest first, as the default order has them.
            places = sorted(positions(matching), key=lambda place: -self.years[place])
        elif ordering == RECOMMENDED and preferences:
            # Score 2 for a preferred audience, 1 for a preferred size; within a score, newest first.
            audience = self.any_of("audiences", preferences.audiences)
            size = self.any_of("sizes", preferences.sizes)
            groups = [matching & audience & size, matching & audience & ~size, matching & ~audience & size]
            groups.append(matching & ~audience & ~size)
            places = []
            for group in groups:
                places += positions(group)
                if len(places) >= limit:
                    break
        else:
            places = positions(matching)
        return [self.ids[place] for place in places[:limit]]

    def values_of(self, case_id: int, facet: str) -> list[str] | None:
        """The values a case has in one facet (e.g. its theme codes, in no particular order); None when the case
        is not in the index."""
        place = self.position.get(case_id)
        if place is None:
            return None
        return [value for value, bits in self.values[facet].items() if bits >> place & 1]

    def url_path_of(self, case_id: int) -> str | None:
        """The page's url_path; None when the case is not in the index."""
        place = self.position.get(case_id)
        return None if place is None else self.url_paths[place]

    def translation(self, translation_key, *, aliases: bool = True) -> tuple[int, str] | None:
        """(id, url_path) of this language's visible case with `translation_key`, if any."""
        place = self.by_translation_key.get(translation_key)
        if place is None or (not aliases and place in self.aliases):
            return None
        return self.ids[place], self.url_paths[place]

    def related(self, *, case_id: int, theme_codes: list[str], population: int, limit: int) -> list[int]:
        """Cases sharing a theme: most shared themes first, then nearest in population, then newest id."""
        themes = [self.values["themes"].get(code, 0) for code in dict.fromkeys(theme_codes)]
        # at_least[k]: the cases sharing k or more of the themes.
        at_least = [self.every] + [0] * len(themes)
        for theme in themes:
            for shared in range(len(themes), 0, -1):
                at_least[shared] |= at_least[shared - 1] & theme
        outside = ~(1 << self.position[case_id]) if case_id in self.position else -1
        found: list[int] = []
        for shared in range(len(themes), 0, -1):
            group = at_least[shared] & ~(at_least[shared + 1] if shared < len(themes) else 0) & outside
            if group:
                found += self.nearest(group, population, limit - len(found))
                if len(found) >= limit:
                    break
        return found

    def nearest(self, group: int, population: int, limit: int) -> list[int]:
        """Ids of the first `limit` cases of `group` by distance in population, then newest id.

        A walk outwards from `population` over the cases in population order, with a bounded number of steps for a
        common group (about limit ÷ the group's share of the catalogue) instead of ranking every member: at 100 000
        cases a theme has thousands of them.
        """
        if group.bit_count() <= limit * 8:
            return [
                self.ids[place]
                for place in heapq.nsmallest(
                    limit,
                    positions(group),
                    key=lambda place: (abs(self.populations[place] - population), -self.ids[place]),
                )
            ]
        members = group.to_bytes((group.bit_length() + 7) // 8, "little")
        size = len(members) * 8

        def next_member(order: list[int], start: int) -> int:
            while start < len(order):
                place = order[start]
                if place < size and members[place >> 3] >> (place & 7) & 1:
                    return start
                start += 1
            return start

        upward, downward = self.by_population
        # upward: (population, -id) ascending, from the first at or above `population`; downward: (-population, -id)
        # ascending, from the first below it. Either side's next member is nearest on its side, ties newest first.
        up = next_member(upward, bisect.bisect_left(self.population_keys[0], population))
        down = next_member(downward, bisect.bisect_right(self.population_keys[1], -population))
        found = []
        while len(found) < limit and (up < len(upward) or down < len(downward)):
            above = upward[up] if up < len(upward) else None
            below = downward[down] if down < len(downward) else None
            if below is None or (
                above is not None
                and (self.populations[above] - population, -self.ids[above])
                <= (population - self.populations[below], -self.ids[below])
            ):
                found.append(self.ids[above])
                up = next_member(upward, up + 1)
            else:
                found.append(self.ids[below])
                down = next_member(downward, down + 1)
        return found

    @cached_property
    def by_population(self) -> tuple[list[int], list[int]]:
        upward = sorted(range(len(self.ids)), key=lambda place: (self.populations[place], -self.ids[place]))
        downward = sorted(range(len(self.ids)), key=lambda place: (-self.populations[place], -self.ids[place]))
        return upward, downward

    @cached_property
    def population_keys(self) -> tuple[list[int], list[int]]:
        upward, downward = self.by_population
        return [self.populations[place] for place in upward], [-self.populations[place] for place in downward]


def build_index(locale: Locale) -> CatalogueIndex:
    """Read the visible rows of one language (one query)."""
    rows = (
        catalogue(locale)
        .order_by("-published_at", "-page_id")
        .annotate(title_rank=Window(RowNumber(), order_by=[F("title").asc(), F("page_id").asc()]))
        .values_list(
            "page_id",
            "title_rank",
            "population",
            "expire_at",
            "changed_at",
            "page__url_path",
            "page__translation_key",
            "page__alias_of_id",
            *FACET_COLUMNS.values(),
        )
    )
    ids, populations, years, title_ranks, changes, url_paths, by_key, aliases = [], [], [], [], [], [], {}, set()
    values: dict[str, dict[str, list[int]]] = {facet: {} for facet in FACET_COLUMNS}
    next_expiry = None
    for place, row in enumerate(rows):
        pk, title_rank, population, expire_at, changed_at, url_path, key, alias_of, *columns = row
        ids.append(pk)
        url_paths.append(url_path)
        by_key[key] = place
        if alias_of is not None:
            aliases.add(place)
        changes.append((changed_at, pk, place))
        populations.append(population or 0)
        years.append(columns[-1] or 0)
        title_ranks.append(title_rank)
        if expire_at is not None and (next_expiry is None or expire_at < next_expiry):
            next_expiry = expire_at
        for facet, value in zip(FACET_COLUMNS, columns, strict=True):
            for one in value if isinstance(value, list) else [value]:
                if one not in (None, ""):
                    values[facet].setdefault(str(one), []).append(place)
    title_order = sorted(range(len(ids)), key=title_ranks.__getitem__)
    changes.sort()
    return CatalogueIndex(
        ids=ids,
        populations=populations,
        years=years,
        title_order=title_order,
        values={facet: {value: bitset(places) for value, places in sets.items()} for facet, sets in values.items()},
        next_expiry=next_expiry,
        change_order=[place for _at, _pk, place in changes],
        change_times=[at for at, _pk, _place in changes],
        url_paths=url_paths,
        by_translation_key=by_key,
        aliases=frozenset(aliases),
    )


# (database, language) → (content version, index); shared by the threads of a process.
_indexes: dict[tuple, tuple[str, CatalogueIndex]] = {}


def catalogue_index(locale: Locale, *, version: str | None = None) -> CatalogueIndex:
    """This process's index of `locale`, read again when the content version has moved or a case has expired.

    `version`: the content version when the caller has read it already (outside requests every read is a query)."""
    version = version or content_version()
    key = (connection.alias, connection.settings_dict["NAME"], locale.pk)
    kept = _indexes.get(key)
    if kept is not None and kept[0] == version:
        index = kept[1]
        if index.next_expiry is None or index.next_expiry > timezone.now():
            return index
    index = build_index(locale)
    _indexes[key] = (version, index)
    return index
