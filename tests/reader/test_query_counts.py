"""Every reader page costs at most thirteen queries, however many cases, filters or images it shows.

One of them reads the content version from PostgreSQL: it keys every cache, and it lives where
publishing happens so that no cache outage can bring back an unpublished page (home/caching.py).

The whole-page cache is off in tests, so each measurement is a page-cache miss: a URL nobody asked
for since the last publish (a new filter combination, page 2, another profile). A warm-up request
first creates the image renditions and fills the small per-content caches (menus, labels, filter
vocabulary, private paths), as the first reader after a publish does, and the catalogue then keeps the cards
of the cases whose renditions exist (what the background rendition task does after a publish; until then a card
is built from its page, four queries more); that first request costs a few more (see
`test_the_first_request_after_a_publish_rebuilds_the_small_caches_once`).

The fourteen cases are built once for the module (`_module_cases`), in a savepoint that is rolled back
at the end of the module; each test runs in a savepoint of its own, so what a test changes is undone.
"""

from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

import pytest
import wagtail_factories

from cases.models import CasePage
from cases.models.catalogue import refresh_catalogue, refresh_stale_cards
from home.caching import bump_content_version
from tests.reader.conftest import make_case

BUDGET = 13
PROFILE = {"vitrine_profiel": "lokale-besturen|44021"}  # a local government in Gent
CASES = 14  # more than one listing page
FEW = 3  # cases left visible when a test compares few cases with all of them


def dataset(count: int) -> list:
    picture = wagtail_factories.ImageFactory
    cases = []
    for number in range(count):
        body = [
            ("concept", "<p>Een plein met bomen.</p>"),
            ("image", {"image": picture(), "alt": "Het plein", "credit": "Stad"}),
            ("gallery", {"images": [{"image": picture(), "alt": f"Beeld {n}", "credit": ""} for n in range(3)]}),
            ("tips", {"items": ["Plant bomen."]}),
        ]
        cases.append(
            make_case(
                f"voorbeeld-{number}",
                themes=("mobiliteit", "duurzaamheid") if number % 2 else ("mobiliteit",),
                day=number,
                hero_image=picture(),
                hero_image_alt="Een straat",
                population=5_000 + number * 7_000,
                is_featured=number % 3 == 0,
                body=body,
                video_url="https://vimeo.com/76979871",
                lat=51.0 + number / 100,
                lon=3.7,
            )
        )
    return cases


@pytest.fixture(scope="module")
def _module_cases(_module_site, django_db_blocker) -> list[int]:
    """The primary keys of `dataset(CASES)`, built once per module on top of the module's site."""
    _pks, media = _module_site
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        yield [case.pk for case in dataset(CASES)]
        transaction.set_rollback(True)


@pytest.fixture
def cases(site, _module_cases) -> list[int]:
    return _module_cases


def set_live(pks: list[int], live: bool) -> None:
    """Publish or unpublish cases in one statement, and tell the catalogue and the caches as a publish does."""
    CasePage.objects.filter(pk__in=pks).update(live=live)
    refresh_catalogue(pks)
    bump_content_version()


def warm(client, path: str, params=None) -> None:
    assert client.get(path, params or {}).status_code in (200, 404)
    # What the background task does once it has made a published case's renditions: the catalogue keeps its card.
    refresh_stale_cards()


def cost(client, path: str, params=None, *, after_publish: bool = False) -> int:
    warm(client, path, params)
    if after_publish:
        bump_content_version()
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, params or {})
    assert response.status_code in (200, 404), response.content[:500]
    return len(context.captured_queries)


PAGES = {
    "home": ("/nl/", None),
    "listing": ("/nl/voorbeelden/", None),
    "listing with every filter": (
        "/nl/voorbeelden/",
        {
            "theme": ["mobiliteit", "duurzaamheid"],
            "audience": "lokale-besturen",
            "size": ["lt10k", "10k-25k", "25k-50k", "50k-100k", "gt100k"],
            "origin": "domestic",
            "status": ["running", "completed", "idea", "pilot"],
            "year_min": "2000",
            "year_max": "2030",
            "q": "Voorbeeld",
        },
    ),
    "listing page 2": ("/nl/voorbeelden/", {"page": "2"}),
    "theme": ("/nl/themas/mobiliteit/", None),
    "theme index": ("/nl/themas/", None),
    "case": ("/nl/voorbeelden/voorbeeld-1/", None),
    "search": ("/nl/zoeken/", {"q": "Voorbeeld"}),
    "map": ("/nl/kaart/", None),
    "profile": ("/nl/profiel/", None),
    "about": ("/nl/over-de-vitrine/", None),
    "not found": ("/nl/bestaat-niet/", None),
}


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("with_profile", [False, True], ids=["anonymous", "profile"])
def test_every_page_costs_at_most_thirteen_queries(cases, client, name, with_profile, django_assert_max_num_queries):
    if with_profile:
        client.cookies.load(PROFILE)
    path, params = PAGES[name]
    warm(client, path, params)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(path, params or {})
    assert response.status_code == (404 if name == "not found" else 200)


@pytest.mark.parametrize("name", ["home", "listing", "theme", "case", "search", "map"])
def test_the_cost_does_not_grow_with_the_number_of_cases(cases, client, name):
    """Three cases, then fourteen (two listing pages; the case page is one of the three)."""
    client.cookies.load(PROFILE)
    path, params = PAGES[name]
    set_live(cases[FEW:], False)
    few = cost(client, path, params)
    set_live(cases[FEW:], True)
    assert cost(client, path, params) == few


@pytest.mark.parametrize(("name", "rebuilt"), [("home", 7), ("listing", 10), ("case", 11)])
def test_the_first_request_after_a_publish_rebuilds_the_small_caches_once(cases, client, name, rebuilt):
    """The first request after a publish rebuilds, one query each, what a process holds per content version
    (home.caching.held and the caches keyed on the version): the labels and filter vocabulary of every language,
    the menus of its language, the list of restricted pages, the municipality directory and the site of its host;
    for a page that lists or relates cases, the catalogue index of its language (cases.catalogue_index), and for a
    case page those of the other languages too (its translations come from them, one query fewer per request); the
    language versions of a page that is not a case (reader.selectors.page_translations); for a page below the home
    page, the localized home page (its locale and its row) and the page type its section allows (home.serving). The
    next request costs the steady number again (test_every_page_costs_at_most_thirteen_queries)."""
    path, params = PAGES[name]
    steady = cost(client, path, params)
    after_publish = cost(client, path, params, after_publish=True)
    assert after_publish == steady + rebuilt
