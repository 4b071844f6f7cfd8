"""A small, varied set of published cases, plus the hidden ones the API must never show."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from django.core.cache import cache
from django.utils import timezone

from wagtail.models import Locale, PageViewRestriction

import pytest

from cases.models import CaseAudience, CasePage, CaseTheme
from home.translations import translation_create_or_update
from tests.factories.cases import CasePageFactory, default_case_index
from tests.factories.themes import audience, theme

API = "/api/v1/"

# key: (title, themes, audiences, population, country, province, year, status)
VISIBLE = {
    "lokeren": (
        "Pop-upwinkels in Lokeren",
        ["mobiliteit", "duurzaamheid"],
        ["lokale-besturen", "ondernemers"],
        42_000,
        "BE",
        "oost-vlaanderen",
        2021,
        "completed",
    ),
    "gent": (
        "Autovrije binnenstad Gent",
        ["mobiliteit"],
        ["lokale-besturen"],
        265_000,
        "BE",
        "oost-vlaanderen",
        2017,
        "running",
    ),
    "hasselt": (
        "Gratis bus in Hasselt",
        ["mobiliteit", "beleid-en-visie"],
        ["investeerders"],
        79_000,
        "BE",
        "limburg",
        2019,
        "completed",
    ),
    "tienen": (
        "Deelfietsen aan het station",
        ["duurzaamheid"],
        ["ondernemers"],
        35_000,
        "BE",
        "vlaams-brabant",
        2022,
        "pilot",
    ),
    "poperinge": (
        "Hoppeland Poperinge",
        ["beleving-en-aantrekking"],
        ["ondernemers", "ontwikkelaars"],
        19_000,
        "BE",
        "west-vlaanderen",
        2020,
        "running",
    ),
    "houten": (
        "Woonerven in Houten",
        ["ruimtelijke-ordening", "mobiliteit"],
        ["ontwikkelaars"],
        50_000,
        "NL",
        "",
        2015,
        "completed",
    ),
    "zutphen": ("Leegstandsaanpak Zutphen", ["beleid-en-visie"], ["lokale-besturen"], 48_000, "NL", "", 2023, "idea"),
    "cahors": (
        "Coeur de ville Cahors",
        ["samenwerking"],
        ["lokale-besturen", "investeerders"],
        8_000,
        "FR",
        "",
        2018,
        "running",
    ),
}
# Cases that exist but must never show: each has a country, year and theme no visible Dutch case has,
# so a leak shows up in results, counts and facets alike.
HIDDEN_THEMES = ("data", "trends-en-ontwikkelingen")
HIDDEN_COUNTRIES = ("DE", "IT", "ES", "LU")
HIDDEN_YEARS = ("2011", "2012", "2013", "2014")


FACTS = ("title", "themes", "audiences", "population", "country", "province", "year", "status")


def make_case(
    key: str,
    *,
    title: str,
    themes=("mobiliteit",),
    audiences=("lokale-besturen",),
    population: int = 30_000,
    country: str = "BE",
    province: str = "",
    year: int = 2020,
    status: str = "running",
    **kwargs,
) -> CasePage:
    """A complete case whose slug is `key`; any other CasePage field can be given in `kwargs`."""
    return CasePageFactory(
        title=title,
        slug=key,
        summary=f"Samenvatting van {title}.",
        place=title.rsplit(maxsplit=1)[-1],
        case_themes=[CaseTheme(theme=theme(code)) for code in themes],
        case_audiences=[CaseAudience(audience=audience(slug)) for slug in audiences],
        population=population,
        country=country,
        province=province,
        year_started=year,
        status=status,
        **kwargs,
    )


def translate(case: CasePage, language: str, title: str, slug: str) -> CasePage:
    shadow = CasePage.objects.get(pk=case.pk)
    shadow.title, shadow.slug = title, slug
    return translation_create_or_update(
        source=case, translated=shadow, locale=Locale.objects.get(language_code=language)
    ).specific


def hidden_case(key: str, country: str, year: int, theme_code: str, **kwargs) -> CasePage:
    return make_case(
        key,
        title=f"Verborgen {key}",
        themes=[theme_code, "mobiliteit"],
        population=4_000,
        country=country,
        year=year,
        status="idea",
        **kwargs,
    )


@pytest.fixture(autouse=True)
def _empty_api_cache():
    """The API caches whole responses; every test starts cold."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dataset(taxonomy):
    """Eight visible Dutch cases, one English translation, one French-only case and four hidden cases."""
    start = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    cases = {}
    for day, (key, row) in enumerate(VISIBLE.items()):
        facts = dict(zip(FACTS, row, strict=True))
        cases[key] = make_case(key, **facts, first_published_at=start + timedelta(days=day))
    english = translate(cases["lokeren"], "en", "Pop-up shops in Lokeren", "pop-up-shops-lokeren")

    french_index = default_case_index().copy_for_translation(Locale.objects.get(language_code="fr"), copy_parents=True)
    french_index.save_revision().publish()
    french = make_case(
        "velos-namur",
        title="Vélos partagés à Namur",
        population=110_000,
        province="namen",
        year=2016,
        parent=french_index,
        locale=french_index.locale,
    )

    draft = hidden_case("concept-nog", "DE", 2011, "data", live=False)
    private = hidden_case("prive", "IT", 2012, "trends-en-ontwikkelingen")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    expired = hidden_case("verlopen", "ES", 2013, "data", expire_at=timezone.now() - timedelta(days=1))
    withdrawn = hidden_case("ingetrokken", "LU", 2014, "trends-en-ontwikkelingen")
    withdrawn.unpublish()
    return SimpleNamespace(
        cases=cases,
        english=english,
        french=french,
        draft=draft,
        private=private,
        expired=expired,
        withdrawn=withdrawn,
        hidden=[draft, private, expired, withdrawn],
    )


def get_json(client, path: str, params=None, *, status: int = 200, **headers):
    """GET /api/v1/<path> and return the decoded JSON body, after checking status and content type."""
    response = client.get(f"{API}{path}", params or {}, headers=headers)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def slugs(payload: dict) -> list[str]:
    return [case["slug"] for case in payload["results"]]
