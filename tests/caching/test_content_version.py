"""The content version lives in PostgreSQL: bumped in the publishing transaction, read once per request,
and moved on by itself when a live page expires."""

import time
from datetime import timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from home.caching import bump_content_version, content_version
from home.models import ContentVersion
from tests.api.conftest import make_case

pytestmark = pytest.mark.django_db


def test_an_unpublish_moves_the_version_in_the_database_not_in_the_cache(cases):
    before = content_version()
    cases[0].unpublish()
    after = content_version()
    assert after != before
    cache.clear()  # losing every cache entry (a Redis restart) brings no old version back
    assert content_version() == after


def test_a_publish_that_rolls_back_leaves_the_version_alone(cases):
    before = content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        cases[0].save_revision().publish()
        assert content_version() != before  # the transaction itself sees its own bump
        raise RuntimeError("the publish fails after the page was saved")
    assert content_version() == before


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda case: case.move(case.get_parent(), pos="first-child"), id="move"),
        pytest.param(lambda case: case.delete(), id="delete"),
        pytest.param(
            lambda case: PageViewRestriction.objects.create(page=case, restriction_type="login"), id="private"
        ),
    ],
)
def test_every_change_of_what_readers_see_bumps_the_version(cases, change):
    before = content_version()
    change(cases[1])
    assert content_version() != before


def test_an_audience_change_bumps_the_version(cases, taxonomy):
    before = content_version()
    lokale_besturen = taxonomy["audiences"]["lokale-besturen"]
    lokale_besturen.name = "Gemeenten"
    lokale_besturen.save()
    assert content_version() != before


def test_a_request_reads_the_version_once(cases, client, page_cache):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/cases/").status_code == 200
        assert client.get("/nl/voorbeelden/lokeren/").status_code == 200
    reads = [query for query in queries.captured_queries if "home_contentversion" in query["sql"]]
    assert len(reads) == 2  # one per request, though pages, vocabularies and menus all key on it


def test_outside_requests_the_version_is_read_fresh_every_time():
    before = content_version()
    ContentVersion.objects.update(version=12345, token="anderproces")  # another process published
    assert content_version() == "12345.anderproces" != before


def test_a_missing_row_is_created_again():
    ContentVersion.objects.all().delete()  # a flushed database
    first = content_version()
    bump_content_version()
    assert content_version() != first


def test_an_expired_case_is_not_served_from_a_cached_page_or_api_answer(cases, client, page_cache):
    """The case expires while its page and API answer are cached, and `publish_scheduled` has not run."""
    expires = timezone.now() + timedelta(seconds=2)
    case = make_case("tienen", title="Deelfietsen aan het station", expire_at=expires)
    case.save_revision().publish()
    page, api = "/nl/voorbeelden/tienen/", f"/api/v1/cases/{case.pk}/"
    assert client.get(page).status_code == 200
    assert client.get(page)["X-Page-Cache"] == "hit"
    assert client.get(api).status_code == 200
    assert client.get(api).status_code == 200  # now from the API's server cache

    time.sleep(max(0, (expires - timezone.now()).total_seconds()) + 0.05)
    assert client.get(page).status_code == 404
    assert client.get(api).status_code == 404
    assert client.get("/api/v1/cases/").json()["count"] == 2


def test_a_version_seen_inside_a_rolled_back_transaction_never_comes_back(cases):
    """Caches (and each process's catalogue index) key on the version: a number reached inside a transaction that
    rolled back, or in a database restored from an older backup, must not name other content later."""
    with pytest.raises(RuntimeError), transaction.atomic():
        cases[0].unpublish()
        seen_in_rolled_back = content_version()
        raise RuntimeError("the unpublish fails")
    cases[1].unpublish()
    assert content_version() != seen_in_rolled_back
