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
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from wagtail.models import Locale

from cases.cards import card_facts, is_current
from cases.catalogue_index import FACET_COLUMNS, catalogue_index, positions
from cases.filters import DEFAULT_ORDERING, RELEVANCE, CaseFilters, CasePreferences
from cases.models import CaseAudience, CasePage, CaseTheme, CatalogueEntry, CatalogueText
from cases.models.catalogue import catalogue, hero_renditions
from home.caching import content_version
from home.locales import all_locales, locale_of
from home.search_backend import text_search_config
from themes.models import Audience, ThemePage

FACETS = tuple(FACET_COLUMNS)


def case_card_prefetches(queryset: QuerySet[CasePage]) -> QuerySet[CasePage]:
    """What a case card shows, in a fixed number of queries."""
    renditions = hero_renditions()
    return queryset.select_related("hero_image", "municipality", "locale").prefetch_related(
        # Links made in code (imports, scripts) may share a sort_order: the older link comes first.
        Prefetch("case_themes", queryset=CaseTheme.objects.select_related("theme").order_by("sort_order", "pk")),
        Prefetch(
            "case_audiences", queryset=CaseAudience.objects.select_related("audience").order_by("sort_order", "pk")
        ),
        Prefetch("hero_image__renditions", queryset=renditions),
    )


def card_facts_in_order(ids: list[int], *, locale: Locale | None = None) -> list[dict]:
    """The cards (cases.cards) of these cases, in this order: those kept on the catalogue in one query; any not kept
    yet (its hero image's renditions are on their way) is built from its page, with one more query and its
    prefetches. The tree path is not kept on the card (a renamed section changes it without saving the case): it
    comes from the index of `locale` when every case is there (the index moves with the content version, as a
    rename does), else it is read with the rows, joining two more tables."""
    if not ids:
        return []
    index = catalogue_index(locale) if locale is not None else None
    paths = {pk: index.url_path_of(pk) for pk in ids} if index is not None else {}
    if paths and all(paths.values()):
        rows = (
            (pk, card, paths[pk])
            for pk, card in CatalogueEntry.objects.filter(page_id__in=ids).values_list("page_id", "card")
        )
    else:
        rows = CatalogueEntry.objects.filter(page_id__in=ids).values_list("page_id", "card", "page__url_path")
    cards = {}
    for pk, card, url_path in rows:
        if is_current(card):
            cards[pk] = {**card, "url_path": url_path}
    missing = [pk for pk in ids if pk not in cards]
    if missing:
        for case in case_card_prefetches(CasePage.objects.filter(pk__in=missing)):
            cards[case.pk] = card_facts(case, make_renditions=True)
    return [cards[pk] for pk in ids if pk in cards]


def case_cards(lists: dict[str, QuerySet[CasePage]]) -> dict[str, list[CasePage]]:
    """Several lists of cards (e.g. featured and latest) with their images prefetched together.

    Costs one query per list plus one for all their renditions, however long the lists.
    """
    cards = {name: list(queryset.select_related("hero_image")) for name, queryset in lists.items()}
    every_case = [case for cases in cards.values() for case in cases]
    prefetch_related_objects(every_case, Prefetch("hero_image__renditions", queryset=hero_renditions()))
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


def case_text_matches(*, locale: Locale, q: str, ranked: bool) -> list[int]:
    """Ids of the cases of `locale` whose text matches the words of `q`; most relevant first when `ranked` (then
    newest first among equals). Which of them a reader may see is the catalogue index's business (the caller's).

    PostgreSQL: the weighted document (title > summary and place > body) against `websearch_to_tsquery` in the
    language's configuration (`case_text_match_query`); 'winkels' finds 'winkel'. Elsewhere (SQLite): every word
    must occur in the lower-case text; a word in the title ranks higher.
    """
    if connection.vendor == "postgresql":
        matches = case_text_match_query(locale=locale, q=q, ranked=ranked)
        if not ranked:
            # Thousands of ids for a common word: one text of ids is read about twice as fast as one row per id.
            sql, params = matches.values_list("entry_id", flat=True).query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT string_agg(entry_id::text, ',') FROM ({sql}) AS matches", params)  # noqa: S608
                ids = cursor.fetchone()[0]
            return list(map(int, ids.split(","))) if ids else []
        scored = list(matches.values_list("entry_id", "rank"))
        newest = catalogue_index(locale).position
        scored.sort(key=lambda match: (-match[1], newest.get(match[0], 0)))
        return [pk for pk, _rank in scored]
    words = q.lower().split()
    queryset = catalogue(locale)
    for word in words:
        queryset = queryset.filter(text__document__contains=word)
    if ranked:
        in_title = [Case(When(title__icontains=word, then=Value(1)), default=Value(0)) for word in words]
        queryset = queryset.annotate(rank=reduce(operator.add, in_title, Value(0)))
        queryset = queryset.order_by("-rank", "-published_at", "-page_id")
    return list(queryset.values_list("page_id", flat=True))


def case_text_match_query(*, locale: Locale, q: str, ranked: bool) -> QuerySet[CatalogueText]:
    """PostgreSQL: the search documents matching `q` through their GIN index, on the document table alone (language
    and expiry are the catalogue index's), with their `rank` when `ranked`."""
    query = SearchQuery(q, config=text_search_config(locale.language_code), search_type="websearch")
    matches = CatalogueText.objects.filter(document=query).order_by()
    return matches.annotate(rank=SearchRank(F("document"), query)) if ranked else matches


def pages_in_order(ids: list[int]) -> QuerySet[CasePage]:
    """The case pages with these ids, in this order (a page of results; at most a few dozen ids)."""
    if not ids:
        return CasePage.objects.none()
    position = Case(*(When(pk=pk, then=Value(index)) for index, pk in enumerate(ids)), output_field=IntegerField())
    return CasePage.objects.filter(pk__in=ids).order_by(position)


@dataclass
class CaseSearch:
    """One listing request: the matching cases in order, a page of them, and their facets.

    Filters, facets, ordering and paging run on this process's index of the catalogue (cases.catalogue_index),
    full-text search on the catalogue's document in the database (once per request); only the cards of the page
    are read from the page tables.
    """

    locale: Locale
    filters: CaseFilters = field(default_factory=CaseFilters)
    ordering: str = DEFAULT_ORDERING
    preferences: CasePreferences = field(default_factory=CasePreferences)

    def __post_init__(self):
        self.index = catalogue_index(self.locale)
        self.matches = None
        within = self.index.every
        if self.filters.q:
            ranked = self.ordering == RELEVANCE
            self.matches = case_text_matches(locale=self.locale, q=self.filters.q, ranked=ranked)
            within = self.index.ids_to_bits(self.matches)
        self.conditions = self.index.conditions(self.filters)
        self.matching = self.index.matching(self.conditions, within)
        self.within = within

    def page_ids(self, *, offset: int, limit: int) -> list[int]:
        if self.ordering == RELEVANCE and self.matches is not None:
            # The matches are in relevance order already; keep those the other filters let through.
            allowed = set(positions(self.matching))
            place = self.index.position
            return [pk for pk in self.matches if place.get(pk) in allowed][offset : offset + limit]
        ids = self.index.ordered(
            self.matching, ordering=self.ordering, preferences=self.preferences, limit=offset + limit
        )
        return ids[offset : offset + limit]

    def page_queryset(self, *, offset: int, limit: int) -> QuerySet[CasePage]:
        """The case pages of one page of results, in order (their ids cost no query)."""
        return pages_in_order(self.page_ids(offset=offset, limit=limit))

    def page(self, *, offset: int, limit: int) -> list[CasePage]:
        return list(case_card_prefetches(self.page_queryset(offset=offset, limit=limit)))

    def facets_and_count(self) -> tuple[dict[str, dict[str, int]], int]:
        """Counts per value, each with every other active filter applied but not its own, and the number of
        matching cases."""
        return self.index.facets_and_count(self.conditions, self.within)


def case_list(*, locale: Locale) -> QuerySet[CasePage]:
    """Newest first, with what a card needs; for the home page's lists (the featured flag is not in the index)."""
    return case_card_prefetches(CasePage.objects.visible(locale)).order_by("-first_published_at", "-pk")


@dataclass
class CaseDetail:
    """A visible case for the API's detail: its card (cases.cards), its page for the rest, and its translations."""

    card: dict
    page: CasePage
    translations: list[tuple[str, int, str]]  # (language, id, url_path) of its visible translations


def case_detail_get(*, locale: Locale | None = None, slug: str | None = None, pk: int | None = None):
    """A visible case by slug within one language, or by id in any language, with its card from the catalogue: the
    catalogue row says it is visible and holds the card (one query), the page row gives the body (one more), and its
    visible translations come as the preview's do (`visible_translations`)."""
    rows = catalogue(locale).filter(page__slug=slug) if slug is not None else catalogue().filter(page_id=pk)
    found = rows.values_list("page_id", "card", "page__url_path", "page__translation_key").first()
    if found is None:
        return None
    page_id, card, url_path, translation_key = found
    if is_current(card):
        page = CasePage.objects.select_related("locale").get(pk=page_id)
        card = {**card, "url_path": url_path}
    else:
        page = case_card_prefetches(CasePage.objects.filter(pk=page_id)).get()
        card = card_facts(page, make_renditions=True)
    translations = indexed_translations(translation_key, page_id=page_id)
    if translations is None:  # not in the index (it expired a moment ago): as the preview asks
        translations = visible_translations(translation_key, exclude_id=page_id)
    else:
        translations = [translation for translation in translations if translation[1] != page_id]
    return CaseDetail(card=card, page=page, translations=translations)


def case_preview_detail(*, case: CasePage) -> CaseDetail:
    """A case as a preview shows it (a page object from the edit form, not saved, maybe never published) in the
    detail's shape: its card built from that object, and the visible translations of the page."""
    return CaseDetail(
        card=card_facts(case, make_renditions=True),
        page=case,
        translations=visible_translations(case.translation_key, exclude_id=case.pk),
    )


def visible_translations(translation_key, *, exclude_id: int) -> list[tuple[str, int, str]]:
    """(language, id, url_path) of the visible pages with this translation key, but for `exclude_id`."""
    return list(
        catalogue()
        .filter(page__translation_key=translation_key)
        .exclude(page_id=exclude_id)
        .order_by("locale__language_code")
        .values_list("locale__language_code", "page_id", "page__url_path")
    )


def indexed_translations(translation_key, *, page_id: int, aliases: bool = True) -> list[tuple[str, int, str]] | None:
    """(language, id, url_path) of the visible cases with this translation key, `page_id` included, by language, from
    the catalogue indexes (no query once they are read for this content version); None when `page_id` is not among
    them (not a visible case: ask `visible_translations`). `aliases=False` leaves out wagtail-localize's aliases."""
    found, version = [], content_version()
    for locale in all_locales():
        hit = catalogue_index(locale, version=version).translation(translation_key, aliases=aliases)
        if hit is not None:
            found.append((locale.language_code, *hit))
    return found if any(pk == page_id for _language, pk, _path in found) else None


def case_related_ids(*, case: CasePage, limit: int = 4) -> list[int]:
    """Up to `limit` visible cases sharing a theme with `case`, most shared themes and nearest in size first (the
    catalogue index picks them without a query)."""
    return related_ids_of(
        locale=locale_of(case),
        case_id=case.pk,
        theme_codes=case_theme_codes(case=case),
        population=case.resolved_population,
        limit=limit,
    )


def case_related_cards(*, case: CasePage, limit: int = 4) -> list[dict]:
    """The cards of up to `limit` related cases (as `case_related_ids` picks them), and the case's own themes and
    audiences in the editor's order (`case_classification`), together in one query.

    A visible case is in its language's index, which knows its themes (in no order; enough to pick the related
    cases), so its own kept card, which has them in order, is read with the related ones and left on the case as
    `own_card` (the case page takes its hero's renditions from it). A case not in the index (a preview, a private
    case) takes the classification query instead."""
    locale = locale_of(case)
    themes = catalogue_index(locale).values_of(case.pk, "themes")
    if themes is None or getattr(case, "theme_codes", None) is not None:
        return card_facts_in_order(case_related_ids(case=case, limit=limit), locale=locale)
    related = related_ids_of(
        locale=locale, case_id=case.pk, theme_codes=themes, population=case.resolved_population, limit=limit
    )
    own, *cards = card_facts_in_order([case.pk, *related], locale=locale)
    case.theme_codes, case.audience_codes = own["themes"], own["audiences"]
    case.own_card = own
    return cards


def related_ids_of(*, locale: Locale, case_id, theme_codes: list[str], population: int | None, limit: int):
    if not theme_codes:
        return []
    return catalogue_index(locale).related(
        case_id=case_id, theme_codes=theme_codes, population=population or 0, limit=limit
    )


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


def case_page_images_prefetch(*, case: CasePage, hero_kept: bool) -> None:
    """The renditions of every image a served case page shows, in one query; none when it has no body images and its
    hero's renditions are on its kept card (`hero_kept`)."""
    images = case.body_images() if hero_kept or case.hero_image is None else [case.hero_image, *case.body_images()]
    _prefetch_renditions(images)


def case_body_renditions_prefetch(*, case: CasePage) -> None:
    """Fetch the renditions of every body image in one query (instead of one per image)."""
    _prefetch_renditions(case.body_images())


def _prefetch_renditions(images: list) -> None:
    if images:  # else not even the queryset: building it is a tenth of a millisecond
        prefetch_related_objects(images, Prefetch("renditions", queryset=hero_renditions()))


def visible_case_ref(*, pk: int | None = None, locale: Locale | None = None, slug: str = "") -> tuple[int, str] | None:
    """(id, language) of a visible case, by id in any language or by slug within `locale`; None when a reader may
    not see it (draft, unpublished, private, expired). One query on the catalogue, for embeds and oEmbed."""
    rows = catalogue().filter(page_id=pk) if pk is not None else catalogue(locale).filter(page__slug=slug)
    return rows.values_list("page_id", "locale__language_code").first()
