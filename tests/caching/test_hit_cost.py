"""What a cache hit costs, counted on a real redis-server: one read of the version (SQL), one cache read,
the throttle's counter, and no parameter validation. And what a hit must never do: answer for a bad
parameter, outlive a publish, or mix up two queries that mean different things."""

import uuid

import pytest
import redis

from tests.faults.conftest import redis_cache_settings, redis_server  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

LIST = "/api/v1/cases/"
# An API hit: the throttle's counter (one EVAL of INCR) and the cached body with its ETag (one GET).
API_HIT_COMMANDS = 2
# A reader page hit: the cached page (one GET).
PAGE_HIT_COMMANDS = 1


class RedisCommands:
    """The commands clients sent to the server, seen through MONITOR: the round trips a request made.
    Commands that a Lua script runs inside the server (django-redis's INCR is one) are not round trips."""

    def __init__(self, server):
        self.url = server.url

    def during(self, call) -> tuple[list[str], object]:
        marker = f"end-of-request-{uuid.uuid4().hex}"
        sent = []
        closing = redis.Redis.from_url(self.url)
        closing.ping()  # connected (HELLO sent) before the monitor starts
        with redis.Redis.from_url(self.url).monitor() as monitor:
            result = call()
            closing.echo(marker)
            for entry in monitor.listen():
                if marker in entry["command"]:
                    break
                if entry["client_type"] != "lua":
                    sent.append(entry["command"].split()[0])
        return sent, result


@pytest.fixture
def commands(redis_cache_settings):  # noqa: F811 - the fixture imported above
    return RedisCommands(redis_cache_settings)


def test_an_api_list_hit_is_one_cache_read_and_one_query(cases, client, commands, django_assert_max_num_queries):
    query = {"theme": "mobiliteit", "country": "BE", "page_size": "1"}
    first = client.get(LIST, query)
    assert first.status_code == 200

    with django_assert_max_num_queries(1):  # the content version
        used, hit = commands.during(lambda: client.get(LIST, query))
    assert hit.status_code == 200
    assert hit.content == first.content
    assert len(used) <= API_HIT_COMMANDS, used


def test_a_304_is_one_cache_read_and_one_query(cases, client, commands, django_assert_max_num_queries):
    etag = client.get(LIST)["ETag"]
    with django_assert_max_num_queries(1):
        used, response = commands.during(lambda: client.get(LIST, headers={"If-None-Match": f"W/{etag}"}))
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert len(used) <= API_HIT_COMMANDS, used


def test_a_reader_page_hit_is_one_cache_read_and_one_query(
    cases, client, page_cache, commands, django_assert_max_num_queries
):
    path = "/nl/voorbeelden/lokeren/"
    assert client.get(path)["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(1):
        used, hit = commands.during(lambda: client.get(path))
    assert hit["X-Page-Cache"] == "hit"
    assert len(used) <= PAGE_HIT_COMMANDS, used


@pytest.mark.parametrize(
    ("bad", "parameter"),
    [
        ({"theme": "mobiliteitt"}, "theme"),  # a value that is not a theme
        ({"theme": "mobiliteit", "themes": "mobiliteit"}, "themes"),  # an unknown parameter next to a good one
        ({"theme": "mobiliteit", "page_size": "0"}, "page_size"),
        ({"theme": "mobiliteit", "page": "2"}, "page"),  # a page past the last one
    ],
)
def test_a_bad_parameter_is_a_400_even_next_to_a_cached_good_query(cases, client, commands, bad, parameter):
    assert client.get(LIST, {"theme": "mobiliteit"}).status_code == 200
    for _attempt in range(2):  # the 400 is not cached as an answer either
        response = client.get(LIST, bad)
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert parameter in response.json()["parameters"]


def test_a_publish_shows_at_once_on_a_cached_list_and_its_etag(cases, client, commands):
    before = client.get(LIST)
    assert client.get(LIST).content == before.content  # cached

    case = cases[0]
    case.title = "Pop-upwinkels in Lokeren, een jaar later"
    case.save_revision().publish()

    after = client.get(LIST, headers={"If-None-Match": f"W/{before['ETag']}"})
    assert after.status_code == 200
    assert "Pop-upwinkels in Lokeren, een jaar later" in {card["title"] for card in after.json()["results"]}
    assert after["ETag"] != before["ETag"]


def test_a_repeated_parameter_means_its_last_value_hit_or_miss(cases, client):
    """Sorting the query for the key must keep the order of one parameter's values: `page_size=2&page_size=1`
    asks for one card, `page_size=1&page_size=2` for two."""
    assert len(client.get(f"{LIST}?page_size=1&page_size=2").json()["results"]) == 2
    assert len(client.get(f"{LIST}?page_size=2&page_size=1").json()["results"]) == 1


def test_the_throttle_counts_on_redis(taxonomy, client, settings, commands):
    settings.API_THROTTLE_RATE = "3/minute"
    for _request in range(3):
        assert client.get("/api/v1/audiences/").status_code == 200
    refused = client.get("/api/v1/audiences/")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 61  # the rest of the minute
    assert client.get("/api/v1/audiences/", REMOTE_ADDR="192.0.2.7").status_code == 200  # another client
