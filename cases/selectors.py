"""Every read query on cases that views, feeds and the API use.

What a reader may see is `CasePage.objects.visible(locale)` (home.visibility). Lists prefetch what a
card shows and facets are computed by the database, so a request costs the same number of queries
whatever its page size.
"""

import operator
from dataclasses import dataclass, field
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Abs, Cast, Coalesce
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Locale

from cases.filters import DEFAULT_ORDERING, RECOMMENDED, RELEVANCE, CaseFilters, CasePreferences
from cases.models import CaseAudience, CasePage, CaseTheme, CatalogueEntry
from cases.models.catalogue import split_codes
from home.blocks import RENDITIONS
from home.locales import locale_of
from home.search_backend import text_search_config
from themes.models import Audience, ThemePage

# What each of the spec's plain orderings (cases.filters.ORDERINGS) means in SQL.
ORDER_BY = {
    "-published": ("-published_at", "-page_id"),
    "title": ("title", "page_id"),
    "-year": (Coalesce("year_started", 0).desc(), "-published_at", "-page_id"),
}

# What each facet counts, as a text value of a catalogue row.
FACET_VALUES = {
    "themes": F("themes"),
    "audiences": F("audiences"),
    "sizes": F("size_class"),
    "countries": F("country"),
    "provinces": F("province"),
    "statuses": F("status"),
    "years": Cast("year_started", CharField()),
}
FACETS = tuple(FACET_VALUES)


def renditions_queryset(*extra_specs: str) -> QuerySet:
    """The shared renditions (home.blocks.RENDITIONS) plus `extra_specs`, for prefetching."""
    specs = [*RENDITIONS.values(), *extra_specs]
    return get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)


def case_card_prefetches(queryset: QuerySet[CasePage]) -> QuerySet[CasePage]:
    """What a case card shows, in a fixed number of queries."""
    renditions = renditions_queryset()
    return queryset.select_related("hero_image", "municipality", "locale").prefetch_related(
        # Links made in code (imports, scripts) may share a sort_order: the older link comes first.
        Prefetch("case_themes", queryset=CaseTheme.objects.select_related("theme").order_by("sort_order", "pk")),
        Prefetch(
            "case_audiences", queryset=CaseAudience.objects.select_related("audience").order_by("sort_order", "pk")
        ),
        Prefetch("hero_image__renditions", queryset=renditions),
    )


def case_cards(lists: dict[str, QuerySet[CasePage]]) -> dict[str, list[CasePage]]:
    """Several lists of cards (e.g. featured and latest) with their images prefetched together.

    Costs one query per list plus one for all their renditions, however long the lists.
    """
    cards = {name: list(queryset.select_related("hero_image")) for name, queryset in lists.items()}
    every_case = [case for cases in cards.values() for case in cases]
    prefetch_related_objects(every_case, Prefetch("hero_image__renditions", queryset=renditions_queryset()))
    return cards


def case_map_points(*, locale: Locale) -> QuerySet[CasePage]:
    """Visible cases that have coordinates, with only what a map marker and its list entry show (one query)."""
    return (
        CasePage.objects.visible(locale)
        .exclude(lat=None)
        .exclude(lon=None)
        .select_related("locale")
        .only("title", "url_path", "place", "country", "lat", "lon", "locale__language_code")
        .order_by("title", "pk")
    )


def catalogue(locale: Locale) -> QuerySet[CatalogueEntry]:
    """The catalogue rows a reader of `locale` may see now (rows exist for live, public cases; expiry is checked
    here, at query time)."""
    return CatalogueEntry.objects.filter(locale_id=locale.pk).filter(
        Q(expire_at=None) | Q(expire_at__gt=timezone.now())
    )


def filter_conditions(filters: CaseFilters) -> dict[str, Q]:
    """The active filters as conditions on catalogue rows, keyed by the facet each one narrows."""
    conditions = {}
    if filters.themes:
        conditions["themes"] = Q(themes__overlaps=filters.themes)
    if filters.audiences:
        conditions["audiences"] = Q(audiences__overlaps=filters.audiences)
    if filters.sizes:
        conditions["sizes"] = Q(size_class__in=filters.sizes)
    countries = Q()
    if filters.countries:
        countries &= Q(country__in=filters.countries)
    if filters.origin == "domestic":
        countries &= Q(country="BE")
    elif filters.origin == "abroad":
        countries &= ~Q(country="BE")
    if countries:
        conditions["countries"] = countries
    if filters.provinces:
        conditions["provinces"] = Q(province__in=filters.provinces)
    if filters.statuses:
        conditions["statuses"] = Q(status__in=filters.statuses)
    years = Q()
    if filters.year_min is not None:
        years &= Q(year_started__gte=filters.year_min)
    if filters.year_max is not None:
        years &= Q(year_started__lte=filters.year_max)
    if years:
        conditions["years"] = years
    return conditions


def case_filter(queryset: QuerySet[CatalogueEntry], filters: CaseFilters, *, skip: str = "") -> QuerySet:
    """Apply every filter except `skip` (the facet being counted) to catalogue rows."""
    for facet, condition in filter_conditions(filters).items():
        if facet != skip:
            queryset = queryset.filter(condition)
    return queryset


def case_text_matches(*, locale: Locale, q: str, ranked: bool) -> list[int]:
    """Ids of the visible cases of `locale` matching `q` (see `case_text_match_query`)."""
    return list(case_text_match_query(locale=locale, q=q, ranked=ranked).values_list("page_id", flat=True))


def case_text_match_query(*, locale: Locale, q: str, ranked: bool) -> QuerySet[CatalogueEntry]:
    """The visible cases of `locale` matching the words of `q`; most relevant first when `ranked`.

    One query, run once per request: the count, the facets and the page then take these ids as one array
    parameter instead of matching the text again in each of their nine parts.

    PostgreSQL: the weighted document (title > summary and place > body) against `websearch_to_tsquery` in the
    language's configuration, through the GIN index; 'winkels' finds 'winkel'. Elsewhere (SQLite): every word
    must occur in the lower-case text; a word in the title ranks higher.
    """
    queryset = catalogue(locale)
    if connection.vendor == "postgresql":
        query = SearchQuery(q, config=text_search_config(locale.language_code), search_type="websearch")
        queryset = queryset.filter(text__document=query)
        rank = SearchRank(F("text__document"), query)
    else:
        words = q.lower().split()
        for word in words:
            queryset = queryset.filter(text__document__contains=word)
        in_title = [Case(When(title__icontains=word, then=Value(1)), default=Value(0)) for word in words]
        rank = reduce(operator.add, in_title, Value(0))
    if ranked:
        return queryset.annotate(rank=rank).order_by("-rank", "-published_at", "-page_id")
    return queryset.order_by()


class IsOneOf(Expression):
    """`column = ANY(%s)` with the ids as one array parameter on PostgreSQL (an `IN` list elsewhere)."""

    output_field = BooleanField()

    def __init__(self, column: str, ids: list[int]):
        super().__init__()
        self.column, self.ids = F(column), list(ids)

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        clone = self.copy()
        clone.column = self.column.resolve_expression(query, allow_joins, reuse, summarize, for_save)
        return clone

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, expressions):
        (self.column,) = expressions

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        if connection.vendor == "postgresql":
            return f"{sql} = ANY(%s)", (*params, self.ids)
        if not self.ids:
            return "1 = 0", ()
        return f"{sql} IN ({', '.join(['%s'] * len(self.ids))})", (*params, *self.ids)


def pages_in_order(ids: list[int]) -> QuerySet[CasePage]:
    """The case pages with these ids, in this order (a page of results; at most a few dozen ids)."""
    if not ids:
        return CasePage.objects.none()
    position = Case(*(When(pk=pk, then=Value(index)) for index, pk in enumerate(ids)), output_field=IntegerField())
    return CasePage.objects.filter(pk__in=ids).order_by(position)


@dataclass
class CaseSearch:
    """One listing request: the matching cases in order, a page of them, and their facets.

    Everything but the page's own cards runs on the catalogue (cases.models.catalogue): one query for the
    facets and the count, one for the ids of the page.
    """

    locale: Locale
    filters: CaseFilters = field(default_factory=CaseFilters)
    ordering: str = DEFAULT_ORDERING
    preferences: CasePreferences = field(default_factory=CasePreferences)

    def __post_init__(self):
        base = catalogue(self.locale)
        self.matches = None
        if self.filters.q:
            ranked = self.ordering == RELEVANCE
            self.matches = case_text_matches(locale=self.locale, q=self.filters.q, ranked=ranked)
            base = base.filter(IsOneOf("page_id", self.matches))
        self.base = base

    @property
    def results(self) -> QuerySet[CatalogueEntry]:
        """Matching catalogue rows in the requested order."""
        queryset = case_filter(self.base, self.filters)
        if self.ordering == RECOMMENDED:
            return queryset.annotate(preference=self._preference_score()).order_by(
                "-preference", "-published_at", "-page_id"
            )
        return queryset.order_by(*ORDER_BY.get(self.ordering, ORDER_BY[DEFAULT_ORDERING]))

    def page_ids(self, *, offset: int, limit: int) -> list[int]:
        if self.ordering == RELEVANCE and self.matches is not None:
            # The matches are in relevance order already; keep those the other filters let through.
            allowed = set(case_filter(self.base, self.filters).values_list("page_id", flat=True))
            return [pk for pk in self.matches if pk in allowed][offset : offset + limit]
        return list(self.results.values_list("page_id", flat=True)[offset : offset + limit])

    def page_queryset(self, *, offset: int, limit: int) -> QuerySet[CasePage]:
        """The case pages of one page of results, in order (their ids cost one query now)."""
        return pages_in_order(self.page_ids(offset=offset, limit=limit))

    def page(self, *, offset: int, limit: int) -> list[CasePage]:
        return list(case_card_prefetches(self.page_queryset(offset=offset, limit=limit)))

    def cards(self, *, offset: int, limit: int) -> list[CasePage]:
        """A page of cases with only what a reader's card shows (image renditions, no classification)."""
        return case_cards({"page": self.page_queryset(offset=offset, limit=limit)})["page"]

    def _preference_score(self):
        score = Value(0)
        if self.preferences.audiences:
            score = score + Case(When(audiences__overlaps=self.preferences.audiences, then=Value(2)), default=Value(0))
        if self.preferences.sizes:
            score = score + Case(When(size_class__in=self.preferences.sizes, then=Value(1)), default=Value(0))
        return score

    def facets_and_count(self) -> tuple[dict[str, dict[str, int]], int]:
        """Counts per value, each with every other active filter applied but not its own, and the number of
        matching cases, in one query that reads the catalogue once.

        The matching rows (language, expiry, search) are read once into a common table with each facet's value
        and one true/false column per active filter; each facet is then a GROUP BY over that table where every
        other filter's column is true. Themes and audiences are grouped by their whole combination (a few hundred
        at most) and added up per code here.
        """
        conditions = filter_conditions(self.filters)
        flags = {f"f_{facet}": ExpressionWrapper(condition, BooleanField()) for facet, condition in conditions.items()}
        values = {f"v_{facet}": expression for facet, expression in FACET_VALUES.items()}
        rows = self.base.order_by().annotate(**values, **flags).values(*values, *flags)
        rows_sql, params = rows.query.sql_with_params()
        quote = connection.ops.quote_name

        def where(skip: str = "") -> str:
            others = [quote(f"f_{facet}") for facet in conditions if facet != skip]
            return f" WHERE {' AND '.join(others)}" if others else ""

        # Only our own constant facet names go into the text; every value is a parameter of `rows_sql`.
        arms = [
            f"SELECT '{facet}', CAST({quote(f'v_{facet}')} AS TEXT), COUNT(*) "  # noqa: S608
            f"FROM catalogue_rows{where(facet)} GROUP BY {quote(f'v_{facet}')}"
            for facet in FACET_VALUES
        ]
        arms.append(f"SELECT 'total', '', COUNT(*) FROM catalogue_rows{where()}")  # noqa: S608
        sql = f"WITH catalogue_rows AS ({rows_sql}) " + " UNION ALL ".join(arms)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            counted = cursor.fetchall()
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        total = 0
        for name, value, count in counted:
            if name == "total":
                total = count
            elif name in ("themes", "audiences"):
                for code in split_codes(value or ""):  # one combination of codes
                    facets[name][code] = facets[name].get(code, 0) + count
            elif value not in (None, ""):
                facets[name][str(value)] = count
        return {name: dict(sorted(counts.items())) for name, counts in facets.items()}, total


def case_list(*, locale: Locale, filters: CaseFilters | None = None) -> QuerySet[CasePage]:
    """Newest first, with what a card needs; for pages and feeds."""
    queryset = CasePage.objects.visible(locale)
    if filters is not None and filters != CaseFilters():
        queryset = queryset.filter(pk__in=case_filter(catalogue(locale), filters).values("page_id"))
    return case_card_prefetches(queryset).order_by("-first_published_at", "-pk")


def case_get(*, locale: Locale | None = None, slug: str | None = None, pk: int | None = None) -> CasePage | None:
    """A visible case: by slug within one language, or by id in any language."""
    if slug is not None:
        queryset = CasePage.objects.visible(locale).filter(slug=slug)
    else:
        queryset = CasePage.objects.visible().filter(pk=pk)
    return case_card_prefetches(queryset).first()


def case_related_queryset(*, case: CasePage, limit: int = 4) -> QuerySet[CasePage]:
    """Up to `limit` visible cases sharing a theme with `case`, most shared themes and nearest in size first.

    One query: the catalogue picks the ids (narrow rows, the theme index, ids only), and the outer query orders
    just those few pages by the same keys.
    """
    theme_codes = case_theme_codes(case=case)
    if not theme_codes:
        return CasePage.objects.none()
    shared = reduce(
        operator.add, [Case(When(themes__has=code, then=Value(1)), default=Value(0)) for code in theme_codes]
    )
    distance = Abs(Coalesce("population", Value(0)) - Value(case.resolved_population or 0))
    ranked = (
        catalogue(locale_of(case))
        .filter(themes__overlaps=theme_codes)
        .exclude(page_id=case.pk)
        .annotate(shared=shared, distance=distance)
    )
    ids = ranked.order_by("-shared", "distance", "-page_id").values("page_id")[:limit]
    own = ranked.filter(page_id=OuterRef("pk"))
    return (
        CasePage.objects.filter(pk__in=ids)
        .annotate(shared=Subquery(own.values("shared")), distance=Subquery(own.values("distance")))
        .order_by("-shared", "distance", "-pk")
    )


def case_related(*, case: CasePage, limit: int = 4) -> list[CasePage]:
    """Up to `limit` visible cases sharing a theme, most shared themes and nearest in size first."""
    return list(case_card_prefetches(case_related_queryset(case=case, limit=limit)))


def _visible_case_count(*, locale: Locale, codes: str, outer: str):
    """Subquery: visible cases of a language whose `codes` (themes or audiences) hold the outer row's code."""
    counts = (
        catalogue(locale)
        .filter(**{f"{codes}__has": OuterRef(outer)})
        .order_by()
        .values("locale_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(counts, 0)


def theme_list(*, locale: Locale) -> QuerySet[ThemePage]:
    """Visible themes of a language, with the number of visible cases of that language."""
    count = _visible_case_count(locale=locale, codes="themes", outer="code")
    return (
        ThemePage.objects.visible(locale).select_related("image", "locale").annotate(case_count=count).order_by("path")
    )


def audience_list(*, locale: Locale) -> QuerySet[Audience]:
    """Audiences of a language, with the number of visible cases of that language."""
    count = _visible_case_count(locale=locale, codes="audiences", outer="code")
    return Audience.objects.filter(locale_id=locale.pk).annotate(case_count=count)


def case_classification(*, case: CasePage) -> tuple[list[str], list[str]]:
    """Theme codes and audience codes of a case in the editor's order, in one query; remembered on the case."""
    if getattr(case, "theme_codes", None) is None:
        themes = (
            CaseTheme.objects.filter(page_id=case.pk)
            .order_by()
            .values_list(Value("theme"), "sort_order", "pk", "theme__code")
        )
        audiences = (
            CaseAudience.objects.filter(page_id=case.pk)
            .order_by()
            .values_list(Value("audience"), "sort_order", "pk", "audience__code")
        )
        # Links made in code (imports, scripts) may share a sort_order: the older link comes first.
        rows = sorted(themes.union(audiences, all=True), key=lambda row: (row[0], row[1] or 0, row[2]))
        case.theme_codes = [code for kind, _order, _pk, code in rows if kind == "theme"]
        case.audience_codes = [code for kind, _order, _pk, code in rows if kind == "audience"]
    return case.theme_codes, case.audience_codes


def case_theme_codes(*, case: CasePage) -> list[str]:
    """Theme codes of a case, in the editor's order; from prefetched links when the caller has them (the API's
    detail, an unsaved preview), else from `case_classification`."""
    if "case_themes" in getattr(case, "_prefetched_objects_cache", {}) or case.pk is None:
        return [link.theme.code for link in case.case_themes.all() if link.theme_id]
    return case_classification(case=case)[0]


def case_page_images_prefetch(*, case: CasePage, cards: list[CasePage], extra_renditions: tuple[str, ...] = ()):
    """The renditions of every image a served case page shows, in one query: its hero (plus
    `extra_renditions`, e.g. the social-media image), its body images and the heroes of `cards`.
    """
    images = [case.hero_image, *case.body_images(), *(card.hero_image for card in cards)]
    prefetch_related_objects(
        [image for image in images if image is not None],
        Prefetch("renditions", queryset=renditions_queryset(*extra_renditions)),
    )


def case_body_renditions_prefetch(*, case: CasePage) -> None:
    """Fetch the renditions of every body image in one query (instead of one per image)."""
    prefetch_related_objects(case.body_images(), Prefetch("renditions", queryset=renditions_queryset()))
