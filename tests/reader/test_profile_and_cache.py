"""The reader's profile cookie, recommendations, the whole-page cache and the weight of our static files."""

import gzip
from pathlib import Path

from django.conf import settings

import pytest

from cases.models import Municipality
from reader.profile import COOKIE_NAME
from tests.reader.conftest import make_case

STATIC = Path(settings.BASE_DIR) / "vitrine_cms" / "static"
GENT, BREE = "44021", "72004"  # more than 100 000 inhabitants; 10 000 to 25 000


@pytest.fixture
def cases(site):
    make_case("groot", title="Voorbeeld uit een grootstad", population=250_000, day=0)
    make_case("klein", title="Voorbeeld uit een kleine stad", population=15_000, day=1)
    make_case("midden", title="Voorbeeld uit een middelgrote stad", population=40_000, day=2)


def save_profile(client, **data):
    return client.post("/nl/profiel/", {"action": "save", **data})


def test_saving_a_profile_sets_one_functional_cookie_and_confirms(cases, client):
    response = save_profile(client, audience="lokale-besturen", municipality=BREE)
    assert response.status_code == 302
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == f"lokale-besturen|{BREE}"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "Je profiel is bewaard." in client.get(response["Location"]).content.decode()


def test_bad_profile_input_is_a_clear_error_and_sets_nothing(cases, client):
    response = save_profile(client, audience="astronauten", municipality="99999")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies een doelgroep uit de lijst." in html
    assert "Kies een Vlaamse gemeente uit de lijst." in html
    assert COOKIE_NAME not in response.cookies
    assert save_profile(client).status_code == 400  # nothing chosen at all


def test_recommendations_follow_the_profile_and_disappear_when_cleared(cases, client):
    assert "Aanbevolen voor jou" not in client.get("/nl/").content.decode()
    save_profile(client, municipality=BREE)
    html = client.get("/nl/").content.decode()
    small_first = html.split('id="for-you"')[1].split("</section>")[0]
    assert small_first.index("Voorbeeld uit een kleine stad") < small_first.index("Voorbeeld uit een grootstad")
    save_profile(client, municipality=GENT)
    html = client.get("/nl/").content.decode()
    big_first = html.split('id="for-you"')[1].split("</section>")[0]
    assert big_first.index("Voorbeeld uit een grootstad") < big_first.index("Voorbeeld uit een kleine stad")
    response = client.post("/nl/profiel/", {"action": "clear"})
    assert response.cookies[COOKIE_NAME].value == ""
    assert "Aanbevolen voor jou" not in client.get("/nl/").content.decode()


def test_listing_offers_for_you_ordering_and_municipalities_like_mine(cases, client):
    save_profile(client, municipality=BREE)
    html = client.get("/nl/voorbeelden/").content.decode()
    assert '<option value="recommended">voor jou</option>' in html
    assert 'href="?size=10k-25k" data-listing-link>Toon alleen gemeenten zoals de mijne' in html
    same_size = client.get("/nl/voorbeelden/", {"size": "10k-25k"}).content.decode()
    assert "Je ziet voorbeelden uit gemeenten zoals de jouwe" in same_size


def test_a_municipalitys_new_population_reaches_the_readers_profile_at_once(cases, client):
    """Bree has no case of its own, so no catalogue row changes; its new size must still show at once (the
    directory was cached for a day)."""
    save_profile(client, municipality=BREE)
    assert 'href="?size=10k-25k" data-listing-link' in client.get("/nl/voorbeelden/").content.decode()
    bree = Municipality.objects.get(nis_code=BREE)
    bree.population = 30_000
    bree.save()
    html = client.get("/nl/voorbeelden/").content.decode()
    assert 'href="?size=25k-50k" data-listing-link' in html
    assert "dezelfde grootte als Bree" in client.get("/nl/voorbeelden/midden/").content.decode()


def test_case_page_says_whether_it_fits_the_readers_size(cases, client):
    save_profile(client, municipality=BREE)
    assert "dezelfde grootte als Bree" in client.get("/nl/voorbeelden/klein/").content.decode()
    assert "een andere grootte" in client.get("/nl/voorbeelden/groot/").content.decode()


def test_a_forged_cookie_is_an_empty_profile(cases, client):
    client.cookies.load({COOKIE_NAME: "<script>|00000"})
    response = client.get("/nl/")
    assert response.status_code == 200
    assert "Aanbevolen voor jou" not in response.content.decode()


@pytest.fixture
def page_cache(settings):
    settings.READER_PAGE_CACHE_TIMEOUT = 60


def test_published_pages_are_cached_and_a_publish_invalidates_them(cases, client, page_cache):
    assert client.get("/nl/voorbeelden/")["X-Page-Cache"] == "miss"
    assert client.get("/nl/voorbeelden/")["X-Page-Cache"] == "hit"
    make_case("nieuw", title="Net gepubliceerd voorbeeld", day=5).save_revision().publish()
    response = client.get("/nl/voorbeelden/")
    assert response["X-Page-Cache"] == "miss"
    assert "Net gepubliceerd voorbeeld" in response.content.decode()


def test_the_cache_keys_on_the_profile_and_skips_editors_and_forms(cases, client, admin_user, page_cache):
    client.get("/nl/")
    save_profile(client, municipality=GENT)
    response = client.get("/nl/")
    assert response["X-Page-Cache"] == "miss"
    assert "Aanbevolen voor jou" in response.content.decode()
    assert "X-Page-Cache" not in client.get("/nl/profiel/")  # a form with a CSRF token is never shared
    client.force_login(admin_user)
    assert "X-Page-Cache" not in client.get("/nl/")


def test_our_css_and_js_together_weigh_less_than_100_kb_compressed():
    files = [
        *STATIC.glob("css/*.css"),
        *STATIC.glob("js/*.js"),
        STATIC / "vendor/leaflet/leaflet.js",
        STATIC / "vendor/leaflet/leaflet.css",
    ]
    assert len(files) >= 5
    compressed = sum(len(gzip.compress(path.read_bytes(), compresslevel=9)) for path in files)
    assert compressed < 100 * 1024
