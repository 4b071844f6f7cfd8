"""Every read query on cases that views, feeds and the API use.

One place decides what "visible" means: live, public (no view restriction), not expired, and in
the requested language. Lists prefetch what a card shows and facets are computed by the database,
so a request costs the same number of queries whatever its page size.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Locale

from cases.models import CaseAudience, CasePage, CaseTheme
from home.blocks import RENDITIONS
from home.search_backend import search_backend_for_language
from themes.models import Audience, ThemePage

ORDERINGS = {
    "-published": ("-first_published_at", "-pk"),
    "title": ("title", "pk"),
    "-year": (Coalesce("year_started", 0).desc(), "-first_published_at", "-pk"),
}
SEARCH_LIMIT = 1000  # more matches than any reader pages through; keeps relevance ordering cheap
FACETS = ("themes", "audiences", "sizes", "countries", "years")


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


@dataclass(frozen=True)
class CasePreferences:
    """Soft preferences: matching cases come first, nothing is filtered out."""

    audiences: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()


def case_visible(*, locale: Locale | str | int) -> QuerySet[CasePage]:
    """Live, public, not expired (even before `publish_scheduled` ran), in one language."""
    if isinstance(locale, Locale):
        locale = locale.pk
    language_filter = {"locale_id": locale} if isinstance(locale, int) else {"locale__language_code": locale}
    return CasePage.objects.live().public().filter(**language_filter).exclude(expire_at__lte=timezone.now())


def case_card_prefetches(queryset: QuerySet[CasePage]) -> QuerySet[CasePage]:
    """What a case card shows, in a fixed number of queries."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=list(RENDITIONS.values()))
    return queryset.select_related("hero_image", "municipality", "locale").prefetch_related(
        Prefetch("case_themes", queryset=CaseTheme.objects.select_related("theme").order_by("sort_order")),
        Prefetch("case_audiences", queryset=CaseAudience.objects.select_related("audience").order_by("sort_order")),
        Prefetch("hero_image__renditions", queryset=renditions),
    )


def case_filter(queryset: QuerySet[CasePage], filters: CaseFilters, *, skip: str = "") -> QuerySet[CasePage]:
    """Apply every filter except `skip` (the facet being counted)."""
    if filters.themes and skip != "themes":
        queryset = queryset.filter(pk__in=CaseTheme.objects.filter(theme__code__in=filters.themes).values("page_id"))
    if filters.audiences and skip != "audiences":
        queryset = queryset.filter(
            pk__in=CaseAudience.objects.filter(audience__slug__in=filters.audiences).values("page_id")
        )
    if filters.sizes and skip != "sizes":
        queryset = queryset.filter(size_class__in=filters.sizes)
    if filters.countries and skip != "countries":
        queryset = queryset.filter(country__in=filters.countries)
    if filters.provinces:
        queryset = queryset.filter(province__in=filters.provinces)
    if filters.statuses:
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


def case_search_ids(*, language: str, q: str) -> list[int]:
    """Ids of visible cases matching `q`, most relevant first (stemmed in the language on PostgreSQL)."""
    backend = search_backend_for_language(language)
    # Search backends only filter on indexed fields; the caller narrows to visible cases in SQL.
    candidates = CasePage.objects.live().filter(locale=Locale.objects.get(language_code=language)).only("pk")
    results = backend.search(q, candidates, order_by_relevance=True)
    return [page.pk for page in results[:SEARCH_LIMIT]]


@dataclass
class CaseSearch:
    """One listing request: the matching cases in order, a page of them, and their facets."""

    language: str
    filters: CaseFilters = field(default_factory=CaseFilters)
    ordering: str = "-published"
    preferences: CasePreferences = field(default_factory=CasePreferences)

    def __post_init__(self):
        self.search_ids = case_search_ids(language=self.language, q=self.filters.q) if self.filters.q else None
        base = case_visible(locale=self.language)
        if self.search_ids is not None:
            base = base.filter(pk__in=self.search_ids)
        self.base = base

    @property
    def results(self) -> QuerySet[CasePage]:
        queryset = case_filter(self.base, self.filters)
        if self.ordering == "recommended":
            return queryset.annotate(preference=self._preference_score()).order_by(
                "-preference", "-first_published_at", "-pk"
            )
        if self.ordering == "relevance" and self.search_ids is not None:
            rank = Case(
                *(When(pk=pk, then=Value(position)) for position, pk in enumerate(self.search_ids)),
                output_field=IntegerField(),
            )
            return queryset.annotate(rank=rank).order_by("rank")
        return queryset.order_by(*ORDERINGS.get(self.ordering, ORDERINGS["-published"]))

    def page(self, *, offset: int, limit: int) -> list[CasePage]:
        return list(case_card_prefetches(self.results)[offset : offset + limit])

    def count(self) -> int:
        return case_filter(self.base, self.filters).count()

    def _preference_score(self):
        score = Value(0)
        if self.preferences.audiences:
            matches = CaseAudience.objects.filter(page_id=OuterRef("pk"), audience__slug__in=self.preferences.audiences)
            score = score + Case(When(Exists(matches), then=Value(2)), default=Value(0))
        if self.preferences.sizes:
            score = score + Case(When(size_class__in=self.preferences.sizes, then=Value(1)), default=Value(0))
        return score

    def facets(self) -> dict[str, dict[str, int]]:
        """Counts per value, each with every other active filter applied but not its own."""
        return {
            "themes": self._link_counts(CaseTheme, "theme__code", "themes"),
            "audiences": self._link_counts(CaseAudience, "audience__slug", "audiences"),
            "sizes": self._column_counts("size_class", "sizes"),
            "countries": self._column_counts("country", "countries"),
            "years": {str(year): n for year, n in self._column_counts("year_started", "years").items()},
        }

    def _column_counts(self, column: str, facet: str) -> dict:
        rows = (
            case_filter(self.base, self.filters, skip=facet)
            .exclude(**{f"{column}__isnull": True})
            .exclude(**{column: ""} if column != "year_started" else {})
            .order_by()
            .values(column)
            .annotate(n=Count("pk"))
        )
        return {row[column]: row["n"] for row in sorted(rows, key=lambda row: row[column])}

    def _link_counts(self, model, key: str, facet: str) -> dict[str, int]:
        pages = case_filter(self.base, self.filters, skip=facet).values("pk")
        rows = (
            model.objects.filter(page_id__in=pages).order_by().values(key).annotate(n=Count("page_id", distinct=True))
        )
        return {row[key]: row["n"] for row in sorted(rows, key=lambda row: row[key])}


def case_list(*, locale: Locale | str, filters: CaseFilters | None = None) -> QuerySet[CasePage]:
    """Newest first, with what a card needs; for pages and feeds."""
    queryset = case_filter(case_visible(locale=locale), filters or CaseFilters())
    return case_card_prefetches(queryset).order_by("-first_published_at", "-pk")


def case_get(*, locale: Locale | str | None = None, slug: str | None = None, pk: int | None = None) -> CasePage | None:
    """A visible case: by slug within one language, or by id in any language (never expired)."""
    if slug is not None:
        queryset = case_visible(locale=locale).filter(slug=slug)
    else:
        queryset = CasePage.objects.live().public().exclude(expire_at__lte=timezone.now()).filter(pk=pk)
    return case_card_prefetches(queryset).first()


def case_related(*, case: CasePage, limit: int = 4) -> list[CasePage]:
    """Up to `limit` visible cases sharing a theme, nearest in size first; never the case itself."""
    theme_codes = [link.theme.code for link in case.case_themes.all()]
    population = case.resolved_population or 0
    candidates = (
        case_visible(locale=case.locale_id)
        .exclude(pk=case.pk)
        .filter(pk__in=CaseTheme.objects.filter(theme__code__in=theme_codes).values("page_id"))
        .annotate(shared=Count("case_themes", filter=Q(case_themes__theme__code__in=theme_codes)))
    )
    ordered = sorted(
        candidates.select_related("municipality"),
        key=lambda other: (-other.shared, abs((other.resolved_population or 0) - population), -other.pk),
    )
    chosen = [other.pk for other in ordered[:limit]]
    pages = {page.pk: page for page in case_card_prefetches(CasePage.objects.filter(pk__in=chosen))}
    return [pages[pk] for pk in chosen]


def theme_labels(*, language: str) -> dict[str, ThemePage]:
    """Theme pages of one language by code: a case links the Dutch theme page, readers see theirs."""
    return {theme.code: theme for theme in ThemePage.objects.live().filter(locale__language_code=language)}


def theme_list(*, language: str) -> QuerySet[ThemePage]:
    """Live themes of a language, with the number of visible cases of that language."""
    visible = case_visible(locale=language).values("pk")
    counts = (
        CaseTheme.objects.filter(page_id__in=visible, theme__code=OuterRef("code"))
        .order_by()
        .values("theme__code")
        .annotate(n=Count("page_id", distinct=True))
        .values("n")
    )
    return (
        ThemePage.objects.live()
        .public()
        .filter(locale__language_code=language)
        .select_related("image")
        .annotate(case_count=Coalesce(counts, 0))
        .order_by("path")
    )


def audience_list(*, language: str) -> QuerySet[Audience]:
    visible = case_visible(locale=language).values("pk")
    counts = (
        CaseAudience.objects.filter(page_id__in=visible, audience__slug=OuterRef("slug"))
        .order_by()
        .values("audience__slug")
        .annotate(n=Count("page_id", distinct=True))
        .values("n")
    )
    return Audience.objects.filter(locale__language_code=language).annotate(case_count=Coalesce(counts, 0))
