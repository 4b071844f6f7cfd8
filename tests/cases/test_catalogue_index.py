"""The in-process index of the catalogue (cases.catalogue_index) answers the API's list exactly as the database
would: the same cases, in the same order, with the same facet counts, on every page.

The expected answers are computed here the plain way, from the catalogue rows and the pages (PostgreSQL sorts the
titles), for forty cases whose facts vary (some unknown) and many filter combinations.
"""

import itertools
import math
import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.utils.dateparse import parse_datetime

import pytest

from cases.catalogue_index import catalogue_index
from cases.models import CaseAudience, CasePage, CaseTheme, CatalogueEntry
from cases.models.catalogue import refresh_catalogue
from cases.places import SizeClass
from home.caching import bump_content_version
from home.locales import locale_for
from tests.conftest import AUDIENCE_SLUGS, THEME_CODES
from tests.factories.cases import CasePageFactory
from tests.factories.themes import audience, theme

pytestmark = pytest.mark.django_db

API = "/api/v1/cases/"
PAGE_SIZE = 7
TITLES = [
    "Éénrichting in de kern",
    "aalst kermis op het plein",
    "Zottegem zonder auto",
    "Aalst deelfietsen",
    "eeklo kermis",
    "Edegem groene daken",
    "Eénrichting rond de markt",
    "Zele",
    "zottegem kermis",
    "Ans",
    "Åre bergdorp",
    "Oudenaarde",
    "'s-Hertogenbosch binnenstad",
    "Ieper kermis",
    "ieper",
    "Ieper",
    "Brugge",
    "brugge",
    "Ötztal",
    "Ostende",
]
BELGIAN_PROVINCES = ["oost-vlaanderen", "west-vlaanderen", "limburg", "antwerpen", "vlaams-brabant", ""]
STATUSES = ["idea", "pilot", "running", "completed"]


@pytest.fixture
def forty_cases(taxonomy) -> list[int]:
    chance = random.Random(11)  # noqa: S311 (test data, the same on every run)
    start = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    pks = []
    for number in range(40):
        country = chance.choice(["BE", "BE", "BE", "NL", "FR", "DE"])
        case = CasePageFactory(
            title=TITLES[number] if number < len(TITLES) else f"Voorbeeld {chance.randrange(1000)} in {number}",
            slug=f"geval-{number}",
            summary="Een plein.",
            hero_image=None,  # a video instead: no image files to make for forty cases
            video_url="https://vimeo.com/76979871",
            case_themes=[CaseTheme(theme=theme(code)) for code in chance.sample(THEME_CODES, chance.randint(1, 3))],
            case_audiences=[
                CaseAudience(audience=audience(slug)) for slug in chance.sample(AUDIENCE_SLUGS, chance.randint(1, 2))
            ],
            population=chance.choice([None, 4_000, 12_000, 30_000, 50_000, 75_000, 260_000]),
            country=country,
            province=chance.choice(BELGIAN_PROVINCES) if country == "BE" else "",
            year_started=chance.choice([None, 2015, 2018, 2020, 2021, 2023]),
            status=chance.choice(STATUSES),
            # Some cases share a publication time: the newest id comes first among them.
            first_published_at=start + timedelta(days=number // 3 if number % 4 == 0 else number),
        )
        pks.append(case.pk)
    # Last changes (what updated_since and the "updated" orderings read), some shared: the smaller id comes first.
    when = random.Random(12)  # noqa: S311
    for pk in pks:
        changed = start + timedelta(days=when.randrange(10), hours=when.choice([0, 0, 6]))
        CatalogueEntry.objects.filter(page_id=pk).update(changed_at=changed)
    bump_content_version()  # as a refresh that dates rows does
    return pks


def facts(pks: list[int]) -> dict[int, dict]:
    """What each case is filtered on, read from its page."""
    table = {}
    for case in CasePage.objects.filter(pk__in=pks).prefetch_related("case_themes__theme", "case_audiences__audience"):
        table[case.pk] = {
            "themes": {link.theme.code for link in case.case_themes.all()},
            "audiences": {link.audience.code for link in case.case_audiences.all()},
            "sizes": SizeClass.for_population(case.population) or "",
            "countries": case.country.code,
            "provinces": case.province,
            "statuses": case.status,
            "years": case.year_started,
            "published": case.first_published_at,
            "title": case.title,
            "changed": CatalogueEntry.objects.get(page_id=case.pk).changed_at,
        }
    return table


def accepts(row: dict, params: dict, skip: str = "") -> bool:
    def wanted(name):
        value = params.get(name)
        return set(value.split(",")) if value else set()

    checks = {
        "themes": not wanted("theme") or bool(wanted("theme") & row["themes"]),
        "audiences": not wanted("audience") or bool(wanted("audience") & row["audiences"]),
        "sizes": not wanted("size") or row["sizes"] in wanted("size"),
        "countries": (not wanted("country") or row["countries"] in wanted("country"))
        and ("origin" not in params or (row["countries"] == "BE") == (params["origin"] == "domestic")),
        "provinces": not wanted("province") or row["provinces"] in wanted("province"),
        "statuses": not wanted("status") or row["statuses"] in wanted("status"),
        "years": ("year_min" not in params and "year_max" not in params)
        or (
            row["years"] is not None
            and int(params.get("year_min", 0)) <= row["years"] <= int(params.get("year_max", 9999))
        ),
        "q": "q" not in params or params["q"] in row["title"].lower(),
        "updated": "updated_since" not in params or row["changed"] >= parse_datetime(params["updated_since"]),
    }
    return all(ok for name, ok in checks.items() if name != skip)


def expected_facets(table: dict[int, dict], params: dict) -> dict[str, dict[str, int]]:
    facets = {}
    for facet in ("themes", "audiences", "sizes", "countries", "provinces", "statuses", "years"):
        counts = Counter()
        for row in table.values():
            if accepts(row, params, skip=facet):
                value = row[facet]
                for one in value if isinstance(value, set) else [value]:
                    if one not in (None, ""):
                        counts[str(one)] += 1
        facets[facet] = dict(counts)
    return facets


def expected_order(table: dict[int, dict], params: dict) -> list[int]:
    matching = [pk for pk, row in table.items() if accepts(row, params)]
    newest = list(
        CatalogueEntry.objects.filter(page_id__in=matching)
        .order_by("-published_at", "-page_id")
        .values_list("page_id", flat=True)
    )
    ordering = params.get("ordering", "-published")
    if ordering == "title":
        return list(
            CatalogueEntry.objects.filter(page_id__in=matching)
            .order_by("title", "page_id")
            .values_list("page_id", flat=True)
        )
    if ordering == "-year":
        return sorted(newest, key=lambda pk: -(table[pk]["years"] or 0))
    if ordering in ("updated", "-updated"):
        return sorted(matching, key=lambda pk: (table[pk]["changed"], pk), reverse=ordering == "-updated")
    if ordering == "recommended":
        audiences = set(params.get("prefer_audience", "").split(",")) - {""}
        sizes = set(params.get("prefer_size", "").split(",")) - {""}

        def score(pk):
            row = table[pk]
            return -(2 * bool(row["audiences"] & audiences) + (row["sizes"] in sizes))

        return sorted(newest, key=score)
    return newest


FILTERS = [
    {},
    {"theme": "mobiliteit"},
    {"theme": "mobiliteit,duurzaamheid", "audience": "ondernemers"},
    {"size": "25k-50k,gt100k"},
    {"origin": "domestic"},
    {"origin": "abroad"},
    {"origin": "abroad", "country": "NL,BE"},
    {"country": "BE", "province": "limburg,antwerpen"},
    {"status": "running,pilot", "year_min": "2018"},
    {"year_min": "2018", "year_max": "2021"},
    {"year_max": "2018", "origin": "domestic", "theme": "data,samenwerking"},
    {"audience": "investeerders,ontwikkelaars", "size": "lt10k,10k-25k,50k-100k"},
    {"q": "kermis"},
    {"q": "kermis", "origin": "domestic"},
    {"updated_since": "2024-01-05T06:00:00+00:00"},
    {"updated_since": "2024-01-08T00:00:00+00:00", "theme": "mobiliteit,data"},
]
ORDERINGS = [
    {"ordering": "-published"},
    {"ordering": "title"},
    {"ordering": "-year"},
    {"ordering": "recommended", "prefer_audience": "ondernemers", "prefer_size": "25k-50k"},
    {"ordering": "recommended", "prefer_audience": "lokale-besturen,investeerders"},
    {"ordering": "recommended", "prefer_size": "lt10k,gt100k"},
    {"ordering": "-updated"},
    {"ordering": "updated"},
]


def test_the_list_matches_the_database_for_every_filter_ordering_and_page(forty_cases, client):
    table = facts(forty_cases)
    assert len(CatalogueEntry.objects.all()) == 40
    assert len(expected_order(table, {"q": "kermis"})) == 4  # the search narrows, to a known set
    since = expected_order(table, {"updated_since": "2024-01-05T06:00:00+00:00"})
    assert 5 < len(since) < 35  # the date narrows, but not to nothing
    assert len({row["changed"] for row in table.values()}) < 40  # some cases share a last change
    compared = 0
    for filters, ordering in itertools.product(FILTERS, ORDERINGS):
        params = {**filters, **ordering, "page_size": PAGE_SIZE}
        expected = expected_order(table, params)
        last = max(1, math.ceil(len(expected) / PAGE_SIZE))
        for page in sorted({1, 2, last}):
            if page > last:
                continue
            payload = client.get(API, {**params, "page": page}).json()
            assert payload["count"] == len(expected), params
            assert payload["facets"] == expected_facets(table, params), params
            offset = (page - 1) * PAGE_SIZE
            assert [case["id"] for case in payload["results"]] == expected[offset : offset + PAGE_SIZE], (
                params,
                page,
            )
            compared += 1
    assert compared >= len(FILTERS) * len(ORDERINGS) * 2  # pages 1 and 2 at least, or the last


def test_titles_follow_the_database_collation_with_accents_and_case(forty_cases, client):
    titles = [case["title"] for case in client.get(API, {"ordering": "title", "page_size": 100}).json()["results"]]
    assert titles == list(CatalogueEntry.objects.order_by("title", "page_id").values_list("title", flat=True))
    assert {"Éénrichting in de kern", "aalst kermis op het plein", "Zottegem zonder auto"} <= set(titles)


def test_the_index_follows_a_publish_made_by_another_process(forty_cases, client):
    shown = [case["id"] for case in client.get(API, {"page_size": 100}).json()["results"]]
    assert len(shown) == 40  # this process now holds the index
    gone = shown[5]
    # Another process unpublishes: a plain update and its catalogue refresh, no signal reaches this process.
    CasePage.objects.filter(pk=gone).update(live=False)
    refresh_catalogue([gone])
    cache.clear()  # not needed for the answer (its key moves with the content version); rules out a stale hit
    payload = client.get(API, {"page_size": 100}).json()
    assert gone not in [case["id"] for case in payload["results"]]
    assert payload["count"] == 39


def test_the_index_follows_another_process_without_clearing_the_response_cache(forty_cases, client):
    shown = [case["id"] for case in client.get(API, {"page_size": 100}).json()["results"]]
    gone = shown[0]
    CasePage.objects.filter(pk=gone).update(live=False)
    refresh_catalogue([gone])
    payload = client.get(API, {"page_size": 100}).json()
    assert gone not in [case["id"] for case in payload["results"]]
    assert payload["count"] == 39


def test_each_case_has_its_own_themes_and_audiences_in_the_index(forty_cases):
    """The case page reads a case's themes from the index to pick its related cases (cases.selectors
    case_related_cards); they must be the case's own, for every case."""
    index = catalogue_index(locale_for("nl"))
    for pk, row in facts(forty_cases).items():
        assert set(index.values_of(pk, "themes")) == row["themes"], pk
        assert set(index.values_of(pk, "audiences")) == row["audiences"], pk
    assert index.values_of(max(forty_cases) + 1000, "themes") is None


def test_related_cases_are_ranked_as_the_rule_says_whatever_the_group_size(forty_cases):
    """Most shared themes first, then nearest in population, then the newest id. A large group is walked outwards
    in population order instead of ranked whole (bounded work at 100 000 cases): both ways must give the plain
    ranking, for every case, several populations and limits (a small limit makes most groups "large")."""
    index = catalogue_index(locale_for("nl"))
    rows = facts(forty_cases)
    populations = dict(CatalogueEntry.objects.filter(page_id__in=forty_cases).values_list("page_id", "population"))
    for pk, row in rows.items():
        for population in (0, 12_000, 49_999, 75_000, populations[pk] or 0, 10**7):
            for limit in (1, 2, 4, 40):
                shared = {other: len(row["themes"] & rows[other]["themes"]) for other in rows if other != pk}
                expected = sorted(
                    (other for other, count in shared.items() if count),
                    key=lambda other: (-shared[other], abs((populations[other] or 0) - population), -other),
                )[:limit]
                found = index.related(case_id=pk, theme_codes=sorted(row["themes"]), population=population, limit=limit)
                assert found == expected, (pk, population, limit)
