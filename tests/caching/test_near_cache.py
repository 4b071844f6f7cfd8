"""The near cache (home/near_cache.py): each web process keeps a copy of the cached API answers and reader pages it
served, so a hit or a 304 needs no Redis read. Counted on a real redis-server with MONITOR, as test_hit_cost.py
counts the plain hits; and what the copy must never do: outlive a publish, the shared cache's timeout, or its
bytes."""

import time

import pytest

from home.near_cache import near_cache
from tests.caching.test_hit_cost import LIST, RedisCommands
from tests.faults.conftest import redis_cache_settings, redis_server  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

CASE_PAGE = "/nl/voorbeelden/lokeren/"


@pytest.fixture
def near(settings):
    settings.NEAR_CACHE_BYTES = 4 * 1024 * 1024
    near_cache.clear()
    yield near_cache
    near_cache.clear()


@pytest.fixture
def commands(redis_cache_settings):  # noqa: F811 - the fixture imported above
    return RedisCommands(redis_cache_settings)


def test_an_api_hit_and_a_304_read_nothing_from_redis(cases, client, near, commands, django_assert_max_num_queries):
    first = client.get(LIST, {"page_size": "1"})
    assert first.status_code == 200

    with django_assert_max_num_queries(1):  # the content version
        used, hit = commands.during(lambda: client.get(LIST, {"page_size": "1"}))
    assert hit.status_code == 200
    assert hit.content == first.content
    assert hit["ETag"] == first["ETag"]
    assert "GET" not in used, used  # only the throttle's counter is left

    used, revalidated = commands.during(
        lambda: client.get(LIST, {"page_size": "1"}, headers={"If-None-Match": f"W/{first['ETag']}"})
    )
    assert revalidated.status_code == 304
    assert revalidated["ETag"] == first["ETag"]
    assert "GET" not in used, used


def test_a_reader_page_hit_sends_no_redis_command(cases, client, page_cache, near, commands):
    miss = client.get(CASE_PAGE)
    assert miss["X-Page-Cache"] == "miss"

    used, hit = commands.during(lambda: client.get(CASE_PAGE))
    assert used == []
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content.replace(b" ", b"").count(b"Pop-upwinkelsinLokeren") >= 1
    # Each hit is its own copy: the CSP nonce of the page is this response's, not the stored one's.
    again = client.get(CASE_PAGE)
    assert again["Content-Security-Policy"] != hit["Content-Security-Policy"]
    for response in (hit, again):
        nonce = response["Content-Security-Policy"].split("'nonce-", 1)[1].split("'", 1)[0]
        assert f'nonce="{nonce}"'.encode() in response.content


def test_a_publish_shows_at_once_on_api_answers_and_pages_kept_near(cases, client, page_cache, near, commands):
    before = client.get(LIST)
    assert client.get(LIST).content == before.content
    assert client.get(CASE_PAGE)["X-Page-Cache"] == "miss"
    assert client.get(CASE_PAGE)["X-Page-Cache"] == "hit"

    case = cases[0]
    case.title = "Pop-upwinkels in Lokeren, een jaar later"
    case.save_revision().publish()

    after = client.get(LIST, headers={"If-None-Match": f"W/{before['ETag']}"})
    assert after.status_code == 200
    assert "Pop-upwinkels in Lokeren, een jaar later" in {card["title"] for card in after.json()["results"]}
    page = client.get(CASE_PAGE)
    assert page["X-Page-Cache"] == "miss"
    assert "een jaar later" in page.content.decode()


def test_a_copy_lives_no_longer_than_the_shared_cache_keeps_the_answer(cases, client, settings, near, commands):
    settings.API_SERVER_CACHE_TIMEOUT = 1
    client.get(LIST)
    used, _hit = commands.during(lambda: client.get(LIST))
    assert "GET" not in used

    time.sleep(1.2)
    used, again = commands.during(lambda: client.get(LIST))
    assert again.status_code == 200
    assert "GET" in used  # the copy had expired with the shared entry: both are asked, and the answer is built again
    assert "SET" in used


def test_the_copies_stay_within_their_bytes_and_the_least_used_go_first(cases, client, settings, near, commands):
    queries = [
        {"page_size": "1", "page": "1"},
        {"page_size": "1", "page": "2"},
        {"page_size": "1", "theme": "mobiliteit"},
        {"page_size": "1", "country": "BE"},
        {"page_size": "1", "locale": "nl"},
        {"page_size": "1", "status": "running"},
    ]
    largest = max(len(client.get(LIST, query).content) for query in queries)
    settings.NEAR_CACHE_BYTES = int(largest * 4.5)  # room for four of them (one may take at most a quarter)
    near_cache.clear()

    for query in queries:
        client.get(LIST, query)
        assert 0 < near_cache.size <= settings.NEAR_CACHE_BYTES

    used, _oldest = commands.during(lambda: client.get(LIST, queries[0]))
    assert "GET" in used  # pushed out here, still in Redis
    used, _newest = commands.during(lambda: client.get(LIST, queries[-1]))
    assert "GET" not in used


def test_without_redis_a_kept_copy_still_answers_at_once(cases, client, page_cache, near, redis_cache_settings):  # noqa: F811
    assert client.get(CASE_PAGE)["X-Page-Cache"] == "miss"
    redis_cache_settings.stop()

    started = time.monotonic()
    hit = client.get(CASE_PAGE)
    assert hit.status_code == 200
    assert hit["X-Page-Cache"] == "hit"
    assert time.monotonic() - started < 0.5  # no wait for a Redis that is gone


def test_a_page_stored_by_the_previous_release_is_still_served(cases, client, page_cache, rf):
    """Pages were stored as response objects before they were stored pickled once, as bytes; entries left in Redis
    by the release before a deploy are read as they are."""
    from django.core.cache import cache
    from django.http import HttpResponse

    from reader.page_cache import page_cache_key

    assert client.get(CASE_PAGE)["X-Page-Cache"] == "miss"
    key = page_cache_key(rf.get(CASE_PAGE))
    assert isinstance(cache.get(key), bytes)
    cache.set(key, HttpResponse("<p>Pop-upwinkels, zoals de vorige versie het bewaarde</p>", content_type="text/html"))

    old = client.get(CASE_PAGE)
    assert old["X-Page-Cache"] == "hit"
    assert "zoals de vorige versie het bewaarde" in old.content.decode()
