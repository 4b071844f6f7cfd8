"""HTTP behaviour: ETags and Cache-Control, CORS, throttling, and the server cache following publishing."""

from django.core.cache import cache

from wagtail.models import PageViewRestriction

import pytest

from tests.api.conftest import get_json, slugs
from tests.factories.cases import CasePageFactory

VLAIO = "https://www.vlaio.be"
ENDPOINTS = [
    "cases/",
    "cases/?theme=mobiliteit&page_size=2&ordering=title",
    "cases/?locale=en",
    "cases/{lokeren}/",
    "cases/by-slug/lokeren/",
    "cases/by-slug/pop-up-shops-lokeren/?locale=en",
    "themes/",
    "themes/mobiliteit/",
    "audiences/",
]


def url(dataset, path: str) -> str:
    return "/api/v1/" + path.format(lokeren=dataset.cases["lokeren"].pk)


@pytest.fixture
def vlaio_may_call(settings):
    settings.API_CORS_ORIGINS = [VLAIO]
    settings.CORS_ALLOWED_ORIGINS = [VLAIO]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_get_endpoint_sends_etag_and_cache_control(dataset, client, path):
    response = client.get(url(dataset, path))
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 2


@pytest.mark.parametrize("path", ENDPOINTS)
def test_matching_if_none_match_gets_304_without_body(dataset, client, path):
    etag = client.get(url(dataset, path))["ETag"]
    response = client.get(url(dataset, path), headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=300"


def test_one_of_several_etags_matching_is_enough(dataset, client):
    etag = client.get("/api/v1/cases/")["ETag"]
    response = client.get("/api/v1/cases/", headers={"If-None-Match": f'"something-else", {etag}'})
    assert response.status_code == 304


def test_other_etag_gets_the_full_response(dataset, client):
    fresh = client.get("/api/v1/cases/")
    response = client.get("/api/v1/cases/", headers={"If-None-Match": '"0123456789abcdef"'})
    assert response.status_code == 200
    assert response.content == fresh.content
    assert response["ETag"] == fresh["ETag"]


def test_etag_depends_on_content_not_on_the_server_cache(dataset, client):
    dutch = client.get("/api/v1/cases/")["ETag"]
    assert client.get("/api/v1/cases/", {"locale": "en"})["ETag"] != dutch
    cache.clear()  # e.g. a restart or another server behind the load balancer
    assert client.get("/api/v1/cases/")["ETag"] == dutch


def test_etag_changes_when_content_changes(dataset, client):
    before = client.get("/api/v1/cases/")["ETag"]
    dataset.cases["gent"].unpublish()
    response = client.get("/api/v1/cases/", headers={"If-None-Match": before})
    assert response.status_code == 200
    assert response["ETag"] != before


def test_allowed_origin_gets_cors_headers_without_credentials(dataset, client, vlaio_may_call):
    response = client.get("/api/v1/cases/", headers={"Origin": VLAIO})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == VLAIO
    assert "Access-Control-Allow-Credentials" not in response
    exposed = {name.strip().lower() for name in response["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "retry-after", "link"} <= exposed  # link: the exports' licence
    assert "origin" in response["Vary"].lower()


@pytest.mark.parametrize("origin", ["https://evil.example", "http://www.vlaio.be", "https://www.vlaio.be.evil.example"])
def test_other_origins_get_no_cors_headers(dataset, client, vlaio_may_call, origin):
    response = client.get("/api/v1/cases/", headers={"Origin": origin})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_no_origin_is_allowed_when_none_is_configured(dataset, client, settings):
    settings.CORS_ALLOWED_ORIGINS = []
    assert "Access-Control-Allow-Origin" not in client.get("/api/v1/cases/", headers={"Origin": VLAIO})


@pytest.mark.parametrize("asked", ["GET", "POST", "DELETE"])
def test_preflight_allows_only_reading(dataset, client, vlaio_may_call, asked):
    response = client.options("/api/v1/cases/", headers={"Origin": VLAIO, "Access-Control-Request-Method": asked})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == VLAIO
    methods = {method.strip() for method in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}
    assert "Access-Control-Allow-Credentials" not in response


def test_preflight_from_another_origin_is_not_allowed(dataset, client, vlaio_may_call):
    response = client.options(
        "/api/v1/cases/", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert "Access-Control-Allow-Origin" not in response


def test_errors_carry_cors_headers_so_browsers_can_read_them(dataset, client, vlaio_may_call):
    bad = client.get("/api/v1/cases/", {"page_size": "1000"}, headers={"Origin": VLAIO})
    missing = client.get("/api/v1/cases/999999/", headers={"Origin": VLAIO})
    assert (bad.status_code, missing.status_code) == (400, 404)
    assert bad["Access-Control-Allow-Origin"] == missing["Access-Control-Allow-Origin"] == VLAIO


def test_fourth_request_in_a_minute_is_throttled(taxonomy, client, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    for path in ("audiences/", "themes/", "cases/"):
        assert client.get(f"/api/v1/{path}").status_code == 200
    response = client.get("/api/v1/audiences/")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    retry_after = int(response["Retry-After"])
    assert 1 <= retry_after <= 61  # about a minute
    body = response.json()
    assert body["error"] == "throttled"
    assert body["message"]
    assert body["retry_after"] == retry_after


def test_throttling_counts_per_client_address(taxonomy, client, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    for _ in range(4):
        client.get("/api/v1/audiences/")
    assert client.get("/api/v1/audiences/").status_code == 429
    assert client.get("/api/v1/audiences/", REMOTE_ADDR="192.0.2.44").status_code == 200


def test_no_throttling_when_the_rate_is_empty(taxonomy, client, settings):
    settings.API_THROTTLE_RATE = ""
    assert {client.get("/api/v1/audiences/").status_code for _ in range(10)} == {200}


def test_second_identical_request_is_served_from_the_server_cache(dataset, client, django_assert_num_queries):
    first = client.get("/api/v1/cases/", {"theme": "mobiliteit"})
    with django_assert_num_queries(1):  # the content version, kept in the database (home/caching.py)
        second = client.get("/api/v1/cases/", {"theme": "mobiliteit"})
    assert second.content == first.content


def test_published_case_shows_at_once_in_a_cached_list(dataset, client, django_assert_num_queries):
    get_json(client, "cases/")
    with django_assert_num_queries(1):  # the content version
        assert get_json(client, "cases/")["count"] == 8
    case = CasePageFactory(live=False, title="Nieuw voorbeeld", slug="nieuw")
    assert get_json(client, "cases/")["count"] == 8  # a draft changes nothing
    case.save_revision().publish()
    payload = get_json(client, "cases/")
    assert payload["count"] == 9
    assert slugs(payload)[0] == "nieuw"  # newest first
    assert get_json(client, f"cases/{case.pk}/")["title"] == "Nieuw voorbeeld"


def test_edited_case_shows_its_new_title_at_once(dataset, client):
    gent = dataset.cases["gent"]
    assert get_json(client, f"cases/{gent.pk}/")["title"] == "Autovrije binnenstad Gent"
    get_json(client, "cases/", {"q": "Gent"})
    gent.title = "Een autovrije binnenstad"
    gent.save_revision().publish()
    assert get_json(client, f"cases/{gent.pk}/")["title"] == "Een autovrije binnenstad"
    titles = [case["title"] for case in get_json(client, "cases/")["results"]]
    assert "Een autovrije binnenstad" in titles


def test_unpublished_case_disappears_at_once_from_cached_responses(dataset, client):
    gent = dataset.cases["gent"]
    get_json(client, "cases/")
    get_json(client, f"cases/{gent.pk}/")
    assert get_json(client, "themes/mobiliteit/")["case_count"] == 4
    gent.unpublish()
    assert "gent" not in slugs(get_json(client, "cases/"))
    get_json(client, f"cases/{gent.pk}/", status=404)
    get_json(client, "cases/by-slug/gent/", status=404)
    assert get_json(client, "themes/mobiliteit/")["case_count"] == 3


def test_deleted_case_disappears_at_once_from_cached_responses(dataset, client):
    gent = dataset.cases["gent"]
    pk = gent.pk
    assert get_json(client, "cases/")["count"] == 8
    get_json(client, f"cases/{pk}/")
    gent.delete()
    payload = get_json(client, "cases/")
    assert payload["count"] == 7
    assert "gent" not in slugs(payload)
    get_json(client, f"cases/{pk}/", status=404)


def test_case_made_private_disappears_at_once_from_cached_responses(dataset, client):
    gent = dataset.cases["gent"]
    assert get_json(client, "cases/")["count"] == 8
    get_json(client, f"cases/{gent.pk}/")
    PageViewRestriction.objects.create(page=gent, restriction_type="password", password="x")
    assert get_json(client, "cases/")["count"] == 7
    get_json(client, f"cases/{gent.pk}/", status=404)
