"""Redis breaks under a running site: the site keeps answering, uncached, and never serves stale content."""

import time

import pytest

from tests.faults.conftest import OUTAGE_PAUSE

pytestmark = pytest.mark.django_db

PAGE, API = "/nl/voorbeelden/lokeren/", "/api/v1/cases/"


def timed_get(client, path):
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


def test_an_unpublish_during_a_redis_outage_is_seen_when_redis_comes_back(
    cases, client, page_cache, redis_cache_settings
):
    redis = redis_cache_settings
    assert client.get(PAGE).status_code == 200
    assert client.get(PAGE)["X-Page-Cache"] == "hit"
    redis.stop(keep_data=True)  # like a Redis with persistence, or one that was only unreachable

    cases[0].unpublish()
    assert client.get(PAGE).status_code == 404

    redis.start()  # loads the keys it had, the cached page included
    time.sleep(OUTAGE_PAUSE)  # the site tries Redis again after its pause
    assert client.get(PAGE).status_code == 404
    other = "/nl/voorbeelden/gent/"
    assert client.get(other).status_code == 200
    assert client.get(other)["X-Page-Cache"] == "hit"  # Redis is in use again, not bypassed


def test_with_redis_stopped_pages_and_the_api_answer_uncached_at_once(cases, client, page_cache, redis_cache_settings):
    assert client.get(PAGE)["X-Page-Cache"] == "miss"
    assert client.get(API).status_code == 200
    redis_cache_settings.stop()

    for path in (PAGE, API, "/nl/voorbeelden/"):
        response, seconds = timed_get(client, path)
        assert response.status_code == 200, path
        print(f"redis stopped: {path} {seconds:.3f}s")
        assert seconds < 1.0, path
    assert client.get(PAGE).get("X-Page-Cache") == "miss"


def test_with_redis_frozen_requests_answer_within_the_socket_timeout(cases, client, page_cache, redis_cache_settings):
    redis = redis_cache_settings
    for path in (PAGE, API):
        client.get(path)  # warm: templates compiled, connections open
    redis.freeze()
    try:
        for path in (PAGE, API, "/nl/voorbeelden/"):
            response, seconds = timed_get(client, path)
            assert response.status_code == 200, path
            print(f"redis frozen: {path} {seconds:.3f}s")
            assert seconds < 2.0, path
    finally:
        redis.thaw()
    time.sleep(OUTAGE_PAUSE)
    assert client.get(PAGE).status_code == 200
    assert client.get(PAGE)["X-Page-Cache"] == "hit"  # back in use after the pause
