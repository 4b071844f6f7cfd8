"""A small, varied set of published cases, plus the hidden ones the API must never show."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from wagtail.models import Locale, PageViewRestriction

import pytest

from cases.models import CaseAudience, CasePage, CaseTheme
from home.translations import translation_create_or_update
from tests.conftest import AUDIENCE_SLUGS, THEME_CODES
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


DATASET_MEDIA: dict[str, str] = {}  # module → media folder of its shared dataset


@pytest.fixture(autouse=True)
def _dataset_media(request, settings):
    """Once a module built its dataset, its cases (and their images) are visible to every later test in it."""
    if request.module.__name__ in DATASET_MEDIA:
        settings.MEDIA_ROOT = DATASET_MEDIA[request.module.__name__]


@pytest.fixture(autouse=True)
def _empty_api_cache():
    """The API caches whole responses; every test starts cold."""
    cache.clear()
    yield
    cache.clear()


def build_dataset() -> dict[str, int]:
    """Eight visible Dutch cases, one English translation, one French-only case and four hidden cases."""
    for code in THEME_CODES:
        theme(code)
    for slug in AUDIENCE_SLUGS:
        audience(slug)
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
    pages = {f"case:{key}": case.pk for key, case in cases.items()}
    pages.update(english=english.pk, french=french.pk, draft=draft.pk, private=private.pk)
    pages.update(expired=expired.pk, withdrawn=withdrawn.pk)
    return pages


@pytest.fixture(scope="module")
def _module_dataset(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once per test module inside a transaction that is rolled back at the end of the module.

    Each test still runs in its own savepoint (pytest-django's `db`), so what a test changes is undone.
    """
    media = str(tmp_path_factory.mktemp("dataset-media"))
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        DATASET_MEDIA[request.module.__name__] = media
        yield build_dataset(), media
        transaction.set_rollback(True)
        del DATASET_MEDIA[request.module.__name__]


@pytest.fixture
def dataset(_module_dataset, db, settings):
    """Fresh page objects for every test, so no test sees another's in-memory changes."""
    _module_dataset, settings.MEDIA_ROOT = _module_dataset
    pages = {page.pk: page for page in CasePage.objects.filter(pk__in=_module_dataset.values()).specific()}

    def page(key):
        return pages[_module_dataset[key]]

    hidden = [page("draft"), page("private"), page("expired"), page("withdrawn")]
    return SimpleNamespace(
        cases={key[5:]: pages[pk] for key, pk in _module_dataset.items() if key.startswith("case:")},
        english=page("english"),
        french=page("french"),
        draft=hidden[0],
        private=hidden[1],
        expired=hidden[2],
        withdrawn=hidden[3],
        hidden=hidden,
    )


def get_json(client, path: str, params=None, *, status: int = 200, **headers):
    """GET /api/v1/<path> and return the decoded JSON body, after checking status and content type."""
    response = client.get(f"{API}{path}", params or {}, headers=headers)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def slugs(payload: dict) -> list[str]:
    return [case["slug"] for case in payload["results"]]
