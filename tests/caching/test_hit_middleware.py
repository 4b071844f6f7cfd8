"""Cache hits answered near the top of the middleware stack (api/middleware.py, reader/page_cache.py) must look
to a client exactly like the full-stack answers they replace: same headers, same 304s, same throttle, same 406."""

import pytest
from rest_framework.views import APIView

pytestmark = pytest.mark.django_db

LIST = "/api/v1/cases/"
VLAIO = "https://www.vlaio.be"
# Headers that differ between two answers for reasons of their own.
PER_RESPONSE = {"Content-Security-Policy", "X-Page-Cache"}


@pytest.fixture
def vlaio_may_call(settings):
    settings.API_CORS_ORIGINS = [VLAIO]
    settings.CORS_ALLOWED_ORIGINS = [VLAIO]


@pytest.fixture
def dispatches(monkeypatch):
    """Requests that reached DRF's dispatch."""
    seen = []
    original = APIView.dispatch

    def spy(self, request, *args, **kwargs):
        seen.append(request.path)
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(APIView, "dispatch", spy)
    return seen


def headers(response) -> dict:
    return {name: value for name, value in response.headers.items() if name not in PER_RESPONSE}


def test_an_api_hit_skips_drf_and_carries_the_headers_of_the_answer_it_repeats(
    cases, client, vlaio_may_call, dispatches
):
    miss = client.get(LIST, {"page_size": "1"}, headers={"Origin": VLAIO})
    hit = client.get(LIST, {"page_size": "1"}, headers={"Origin": VLAIO})

    assert dispatches == [LIST]  # the miss only
    assert hit.status_code == 200
    assert hit.content == miss.content
    assert headers(hit) == headers(miss)
    for name in ("ETag", "Cache-Control", "Vary", "Allow", "X-Frame-Options", "Access-Control-Allow-Origin"):
        assert hit[name], name
    assert "Access-Control-Expose-Headers" in hit
    assert "frame-ancestors 'none'" in hit["Content-Security-Policy"]
    assert int(hit["Content-Length"]) == len(hit.content)


def test_a_304_from_the_cache_carries_etag_cache_control_and_cors(cases, client, vlaio_may_call, dispatches):
    first = client.get(LIST, headers={"Origin": VLAIO})
    revalidated = client.get(LIST, headers={"Origin": VLAIO, "If-None-Match": f"W/{first['ETag']}"})

    assert dispatches == [LIST]
    assert revalidated.status_code == 304
    assert revalidated.content == b""
    assert revalidated["ETag"] == first["ETag"]
    assert revalidated["Cache-Control"] == first["Cache-Control"]
    assert revalidated["Vary"] == first["Vary"]
    assert revalidated["Access-Control-Allow-Origin"] == VLAIO
    assert revalidated["X-Frame-Options"] == first["X-Frame-Options"]
    assert revalidated["Content-Security-Policy"]


def test_the_throttle_counts_hits_and_refuses_them_as_before(cases, client, settings, dispatches):
    settings.API_THROTTLE_RATE = "3/minute"
    for _request in range(3):  # a miss, then two hits
        assert client.get(LIST).status_code == 200
    refused = client.get(LIST)

    assert refused.status_code == 429
    assert refused.json()["error"] == "throttled"
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert dispatches == [LIST, LIST]  # the miss, and the refusal in the API's own error shape
    assert client.get(LIST, REMOTE_ADDR="192.0.2.7").status_code == 200  # another client, from the cache


def test_a_hit_is_refused_for_a_client_that_does_not_take_json(cases, client):
    assert client.get(LIST).status_code == 200
    assert client.get(LIST, headers={"Accept": "text/html"}).status_code == 406
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get(LIST, headers={"Accept": browser}).status_code == 200


def test_a_head_request_still_gets_the_headers_of_a_get(cases, client):
    get = client.get(LIST)
    head = client.head(LIST)
    assert head.status_code == 200
    assert head["ETag"] == get["ETag"]


def test_a_reader_page_hit_carries_the_headers_of_the_page_it_repeats(cases, client, page_cache):
    path = "/nl/voorbeelden/lokeren/"
    miss = client.get(path)
    hit = client.get(path)

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert headers(hit) == headers(miss)
    assert hit["Content-Language"] == "nl"
    assert hit["X-Frame-Options"] == "DENY"
    assert int(hit["Content-Length"]) == len(hit.content)
    assert "nonce-" in hit["Content-Security-Policy"]
    assert hit["Content-Security-Policy"] != miss["Content-Security-Policy"]  # a fresh nonce


def test_a_reader_hit_in_english_says_so(cases, client, page_cache):
    path = "/en/"
    client.get(path)
    hit = client.get(path)
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Language"] == "en"
