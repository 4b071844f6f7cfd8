"""Every read query on cases that views, feeds and the API use.

What a reader may see is `CasePage.objects.visible(locale)` (home.visibility). Lists prefetch what a
card shows and facets are computed by the database, so a request costs the same number of queries
whatever its page size.
"""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Abs, Cast, Coalesce

from wagtail.images import get_image_model
from wagtail.models import Locale

from cases.filters import DEFAULT_ORDERING, RECOMMENDED, RELEVANCE, CaseFilters, CasePreferences
from cases.models import CaseAudience, CasePage, CaseTheme
from home.blocks import RENDITIONS
from home.locales import locale_of
from home.search_backend import search_backend_for_language
from themes.models import Audience, ThemePage

# What each of the spec's plain orderings (cases.filters.ORDERINGS) means in SQL.
ORDER_BY = {
    "-published": ("-first_published_at", "-pk"),
    "title": ("title", "pk"),
    "-year": (Coalesce("year_started", 0).desc(), "-first_published_at", "-pk"),
}
SEARCH_LIMIT = 1000  # more matches than any reader pages through; keeps relevance ordering cheap
FACETS = ("themes", "audiences", "sizes", "countries", "provinces", "statuses", "years")


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


def case_filter(queryset: QuerySet[CasePage], filters: CaseFilters, *, skip: str = "") -> QuerySet[CasePage]:
    """Apply every filter except `skip` (the facet being counted)."""
    if filters.themes and skip != "themes":
        queryset = queryset.filter(pk__in=CaseTheme.objects.filter(theme__code__in=filters.themes).values("page_id"))
    if filters.audiences and skip != "audiences":
        queryset = queryset.filter(
            pk__in=CaseAudience.objects.filter(audience__code__in=filters.audiences).values("page_id")
        )
    if filters.sizes and skip != "sizes":
        queryset = queryset.filter(size_class__in=filters.sizes)
    if filters.countries and skip != "countries":
        queryset = queryset.filter(country__in=filters.countries)
    if filters.provinces and skip != "provinces":
        queryset = queryset.filter(province__in=filters.provinces)
    if filters.statuses and skip != "statuses":
        queryset = queryset.filter(status__in=filters.statuses)
    if filters.origin == "domestic" and skip != "countries":
        queryset = queryset.filter(country="BE")
    elif filters.origin == "abroad" and skip != "countries":
        queryset = queryset.exclude(country="BE")
    if skip != "years":
        if filters.year_min is not None:
            queryset = queryset.filter(year_started__gte=filters.year_min)
        if filters.year_max is not None:
            queryset = queryset.filter(year_started__lte=filters.year_max)
    return queryset


def case_search_ids(*, locale: Locale, q: str) -> list[int]:
    """Ids of cases matching `q`, most relevant first (stemmed in the language on PostgreSQL); the caller
    narrows them to visible cases in SQL, because search backends only filter on indexed fields."""
    backend = search_backend_for_language(locale.language_code)
    candidates = CasePage.objects.filter(locale_id=locale.pk, live=True).only("pk")
    results = backend.search(q, candidates, order_by_relevance=True)
    return [page.pk for page in results[:SEARCH_LIMIT]]


@dataclass
class CaseSearch:
    """One listing request: the matching cases in order, a page of them, and their facets."""

    locale: Locale
    filters: CaseFilters = field(default_factory=CaseFilters)
    ordering: str = DEFAULT_ORDERING
    preferences: CasePreferences = field(default_factory=CasePreferences)

    def __post_init__(self):
        self.search_ids = case_search_ids(locale=self.locale, q=self.filters.q) if self.filters.q else None
        base = CasePage.objects.visible(self.locale)
        if self.search_ids is not None:
            base = base.filter(pk__in=self.search_ids)
        self.base = base

    @property
    def results(self) -> QuerySet[CasePage]:
        queryset = case_filter(self.base, self.filters)
        if self.ordering == RECOMMENDED:
            return queryset.annotate(preference=self._preference_score()).order_by(
                "-preference", "-first_published_at", "-pk"
            )
        if self.ordering == RELEVANCE and self.search_ids is not None:
            rank = Case(
                *(When(pk=pk, then=Value(position)) for position, pk in enumerate(self.search_ids)),
                output_field=IntegerField(),
            )
            return queryset.annotate(rank=rank).order_by("rank")
        return queryset.order_by(*ORDER_BY.get(self.ordering, ORDER_BY[DEFAULT_ORDERING]))

    def page(self, *, offset: int, limit: int) -> list[CasePage]:
        return list(case_card_prefetches(self.results)[offset : offset + limit])

    def cards(self, *, offset: int, limit: int) -> list[CasePage]:
        """A page of cases with only what a reader's card shows (image renditions, no classification)."""
        return case_cards({"page": self.results[offset : offset + limit]})["page"]

    def _preference_score(self):
        score = Value(0)
        if self.preferences.audiences:
            matches = CaseAudience.objects.filter(page_id=OuterRef("pk"), audience__code__in=self.preferences.audiences)
            score = score + Case(When(Exists(matches), then=Value(2)), default=Value(0))
        if self.preferences.sizes:
            score = score + Case(When(size_class__in=self.preferences.sizes, then=Value(1)), default=Value(0))
        return score

    def facets_and_count(self) -> tuple[dict[str, dict[str, int]], int]:
        """Counts per value, each with every other active filter applied but not its own, and the number of
        matching cases, in one query.

        Each facet is a GROUP BY under different filters; they and the total are sent as one UNION ALL.
        """
        parts = [
            self._link_counts(CaseTheme, "theme__code", "themes"),
            self._link_counts(CaseAudience, "audience__code", "audiences"),
            self._column_counts("size_class", "sizes"),
            self._column_counts("country", "countries"),
            self._column_counts("province", "provinces"),
            self._column_counts("status", "statuses"),
            self._column_counts("year_started", "years"),
            case_filter(self.base, self.filters)
            .order_by()
            .annotate(facet=Value("total"))
            .values("facet")
            .annotate(value=Value("", output_field=CharField()), n=Count("pk"))
            .values_list("facet", "value", "n"),
        ]
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        total = 0
        for name, value, count in sorted(parts[0].union(*parts[1:], all=True)):
            if name == "total":
                total = count
            elif value not in (None, ""):
                facets[name][value] = count
        return facets, total

    def _column_counts(self, column: str, facet: str) -> QuerySet:
        return (
            case_filter(self.base, self.filters, skip=facet)
            .order_by()
            .values(column)
            .annotate(facet=Value(facet), value=Cast(column, CharField()), n=Count("pk"))
            .values_list("facet", "value", "n")
        )

    def _link_counts(self, model, key: str, facet: str) -> QuerySet:
        pages = case_filter(self.base, self.filters, skip=facet).values("pk")
        return (
            model.objects.filter(page_id__in=pages)
            .order_by()
            .values(key)
            .annotate(facet=Value(facet), value=Cast(key, CharField()), n=Count("page_id", distinct=True))
            .values_list("facet", "value", "n")
        )


def case_list(*, locale: Locale, filters: CaseFilters | None = None) -> QuerySet[CasePage]:
    """Newest first, with what a card needs; for pages and feeds."""
    queryset = case_filter(CasePage.objects.visible(locale), filters or CaseFilters())
    return case_card_prefetches(queryset).order_by("-first_published_at", "-pk")


def case_get(*, locale: Locale | None = None, slug: str | None = None, pk: int | None = None) -> CasePage | None:
    """A visible case: by slug within one language, or by id in any language."""
    if slug is not None:
        queryset = CasePage.objects.visible(locale).filter(slug=slug)
    else:
        queryset = CasePage.objects.visible().filter(pk=pk)
    return case_card_prefetches(queryset).first()


def case_related(*, case: CasePage, limit: int = 4) -> list[CasePage]:
    """Up to `limit` visible cases sharing a theme, most shared themes and nearest in size first."""
    return list(case_card_prefetches(case_related_queryset(case=case))[:limit])


def case_related_queryset(*, case: CasePage) -> QuerySet[CasePage]:
    """Visible cases sharing a theme with `case`, most shared themes and nearest in size first."""
    theme_codes = case_theme_codes(case=case)
    population = case.resolved_population or 0
    candidates = (
        CasePage.objects.visible(locale_of(case))
        .exclude(pk=case.pk)
        .filter(pk__in=CaseTheme.objects.filter(theme__code__in=theme_codes).values("page_id"))
        .annotate(
            shared=Count("case_themes", filter=Q(case_themes__theme__code__in=theme_codes), distinct=True),
            distance=Abs(Coalesce("population", "municipality__population", Value(0)) - Value(population)),
        )
        .order_by("-shared", "distance", "-pk")
    )
    return candidates


def _visible_case_count(*, locale: Locale, link_model, key: str, outer: str):
    """Subquery: visible cases of a language linked to the outer row (a theme or an audience)."""
    visible = CasePage.objects.visible(locale).values("pk")
    counts = (
        link_model.objects.filter(page_id__in=visible, **{key: OuterRef(outer)})
        .order_by()
        .values(key)
        .annotate(n=Count("page_id", distinct=True))
        .values("n")
    )
    return Coalesce(counts, 0)


def theme_list(*, locale: Locale) -> QuerySet[ThemePage]:
    """Visible themes of a language, with the number of visible cases of that language."""
    count = _visible_case_count(locale=locale, link_model=CaseTheme, key="theme__code", outer="code")
    return (
        ThemePage.objects.visible(locale).select_related("image", "locale").annotate(case_count=count).order_by("path")
    )


def audience_list(*, locale: Locale) -> QuerySet[Audience]:
    """Audiences of a language, with the number of visible cases of that language."""
    count = _visible_case_count(locale=locale, link_model=CaseAudience, key="audience__code", outer="code")
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
