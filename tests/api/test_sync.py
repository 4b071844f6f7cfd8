"""Keeping a copy of the catalogue in sync: `updated_since` and the "updated" orderings on `cases/`, and the feed
`changes/` (sync app), used the way the VLAIO site would: crawl the list once, then apply the feed.
"""

import time
from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from wagtail.models import PageViewRestriction

import pytest

from cases.models import CaseIndexPage, CasePage, CatalogueEntry
from cases.models.catalogue import refresh_catalogue
from home.caching import bump_content_version
from sync.models import Change
from tests.factories.cases import CasePageFactory

pytestmark = pytest.mark.django_db

CHANGES = "/api/v1/changes/"
CASES = "/api/v1/cases/"
CHANGES_BUDGET = 4  # the content version (the cache middleware's key), expiries due, the entries, where to go next


def case(title: str, **kwargs) -> CasePage:
    """A published case with a video instead of a hero image (no image files to make)."""
    return CasePageFactory(title=title, hero_image=None, video_url="https://vimeo.com/76979871", **kwargs)


def listed_ids(client, **params) -> set[int]:
    payload = client.get(CASES, {"page_size": 100, **params}).json()
    assert payload["count"] <= 100
    return {item["id"] for item in payload["results"]}


def follow(client, first: str, params=None) -> tuple[list[dict], str]:
    """Every entry from `first` on, following `next` while `has_more`; and the last `next`."""
    entries, url, params = [], first, params or {}
    while True:
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        payload = response.json()
        entries += payload["results"]
        url, params = payload["next"], {}
        if not payload["has_more"]:
            return entries, url


def apply(client, mirror: dict[int, str], entries: list[dict]) -> None:
    """What a client does with each entry: fetch a published or updated case, drop a removed one."""
    for entry in entries:
        if entry["kind"] == "removed":
            mirror.pop(entry["id"], None)
            continue
        response = client.get(entry["api_url"])
        if response.status_code == 404:  # removed again later in the feed
            continue
        mirror[entry["id"]] = response.json()["title"]


def test_a_copy_made_from_the_list_and_kept_by_the_feed_equals_the_list(client, taxonomy):
    kept, edited, withdrawn, deleted, hidden, moved, expiring = (
        case(title)
        for title in (
            "Marktplein zonder auto's",
            "Pop-upwinkels in de Kerkstraat",
            "Gratis bus op zaterdag",
            "Deelfietsen aan het station",
            "Tiny forest achter het gemeentehuis",
            "Leegstandsheffing met premie",
            "Zomerbar op de Grote Markt",
        )
    )
    expiring.expire_at = timezone.now() + timedelta(seconds=4)
    expiring.save_revision().publish()
    expiry = CasePage.objects.get(pk=expiring.pk).expire_at

    # The client starts: it notes the time, crawls the list once, and keeps a copy.
    since = timezone.now()
    mirror = {item["id"]: item["title"] for item in client.get(CASES, {"page_size": 100}).json()["results"]}
    assert set(mirror) == {kept.pk, edited.pk, withdrawn.pk, deleted.pk, hidden.pk, moved.pk, expiring.pk}

    # The editors work.
    new = case("Schoolstraten rond elke school", live=False)
    new.save_revision().publish()
    edited.title = "Pop-upwinkels in de Kerkstraat, fase 2"
    edited.save_revision().publish()
    CasePage.objects.get(pk=withdrawn.pk).unpublish()
    CasePage.objects.get(pk=deleted.pk).delete()
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="geheim")
    archive = CaseIndexPage.objects.get(pk=kept.get_parent().pk).add_child(
        instance=CaseIndexPage(title="Archief", slug="archief")
    )
    PageViewRestriction.objects.create(page=archive, restriction_type="login")
    CasePage.objects.get(pk=moved.pk).move(archive, pos="last-child")
    draft = CasePage.objects.get(pk=kept.pk)
    draft.title = "Nog niet gepubliceerde titel"
    draft.save_revision()  # a draft of a live case: readers see nothing new
    time.sleep(max(0.0, (expiry - timezone.now()).total_seconds()) + 0.2)

    entries, _next = follow(client, CHANGES, {"since": since.isoformat(), "limit": 2})
    apply(client, mirror, entries)

    assert set(mirror) == listed_ids(client) == {kept.pk, edited.pk, new.pk}
    assert mirror[edited.pk] == "Pop-upwinkels in de Kerkstraat, fase 2"
    assert mirror[kept.pk] == "Marktplein zonder auto's"
    by_case = {(entry["id"], entry["kind"], entry["reason"]) for entry in entries}
    assert by_case == {
        (new.pk, "published", None),
        (edited.pk, "updated", None),
        (withdrawn.pk, "removed", "unpublished"),
        (deleted.pk, "removed", "deleted"),
        (hidden.pk, "removed", "private"),
        (moved.pk, "removed", "private"),
        (expiring.pk, "removed", "expired"),
    }
    assert kept.pk not in {entry["id"] for entry in entries}  # the draft changed nothing
    expired = next(entry for entry in entries if entry["reason"] == "expired")
    assert parse_datetime(expired["time"]) == expiry
    times = [parse_datetime(entry["time"]) for entry in entries]
    assert times == sorted(times)
    removed = next(entry for entry in entries if entry["id"] == deleted.pk)
    assert removed["slug"] == deleted.slug and removed["locale"] == "nl" and removed["api_url"] is None


def test_paging_through_entries_that_share_a_moment_never_skips_or_repeats_one(client, taxonomy):
    cases = [case(f"Buurtwinkel {number}") for number in range(5)]
    ids = [item.pk for item in cases]
    start = Change.objects.order_by("-id").values_list("id", flat=True).first()
    # A script renames them together: one refresh, five entries at the same moment.
    CasePage.objects.filter(pk__in=ids).update(title="Buurtwinkel")
    refresh_catalogue(ids)
    shared = Change.objects.filter(id__gt=start)
    assert shared.count() == 5 and len(set(shared.values_list("at", flat=True))) == 1
    moment = shared.first().at

    entries, last = follow(client, CHANGES, {"since": moment.isoformat(), "limit": 2})
    assert [entry["id"] for entry in entries] == sorted(ids)
    assert {entry["kind"] for entry in entries} == {"updated"}

    # Nothing new: the last `next` answers an empty page, and its ETag makes the next poll a 304.
    response = client.get(last)
    assert response.json() == {"results": [], "next": last, "has_more": False}
    assert response["Cache-Control"] == "no-cache"
    assert client.get(last, headers={"If-None-Match": response["ETag"]}).status_code == 304

    # A later publish is exactly the next entry.
    later = case("Buurtwinkel 6")
    payload = client.get(last).json()
    assert [(entry["id"], entry["kind"]) for entry in payload["results"]] == [(later.pk, "published")]


def test_a_start_after_every_entry_continues_with_the_next_one(client, taxonomy):
    case("Kernwinkelgebied afgebakend")
    payload = client.get(CHANGES, {"since": (timezone.now() + timedelta(minutes=1)).isoformat()}).json()
    assert payload["results"] == []
    later = case("Winkelstraat met groen")
    assert [entry["id"] for entry in client.get(payload["next"]).json()["results"]] == [later.pk]


def test_an_expiry_is_removed_once_at_its_moment_even_after_the_scheduler_unpublishes(client, taxonomy):
    expiring = case("Kerstmarkt in de kern")
    expiring.expire_at = timezone.now() + timedelta(seconds=1)
    expiring.save_revision().publish()
    since = timezone.now()
    time.sleep(1.2)
    call_command("publish_scheduled")  # unpublishes the expired case: its row leaves the catalogue
    assert not CasePage.objects.get(pk=expiring.pk).live
    entries, _next = follow(client, CHANGES, {"since": since.isoformat()})
    assert [(entry["id"], entry["kind"], entry["reason"]) for entry in entries] == [(expiring.pk, "removed", "expired")]
    assert parse_datetime(entries[0]["time"]) == CasePage.objects.get(pk=expiring.pk).expire_at


def test_the_feed_follows_one_language(client, taxonomy, locales):
    dutch = case("Autovrije kern")
    since = dutch.last_published_at or timezone.now() - timedelta(minutes=5)
    everything = client.get(CHANGES, {"since": since.isoformat(), "locale": "nl"}).json()
    assert dutch.pk in [entry["id"] for entry in everything["results"]]
    assert "locale=nl" in everything["next"]
    assert client.get(CHANGES, {"since": since.isoformat(), "locale": "fr"}).json()["results"] == []


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({}, "since"),
        ({"since": "2026-12-01T09:00:00Z", "cursor": "YzE6MQ"}, "since"),
        ({"since": "gisteren"}, "since"),
        ({"since": "2026-13-01T09:00:00Z"}, "since"),
        ({"cursor": "abc"}, "cursor"),
        ({"cursor": "YzE6MQ", "limit": "0"}, "limit"),
        ({"cursor": "YzE6MQ", "limit": "5000"}, "limit"),
        ({"cursor": "YzE6MQ", "locale": "de"}, "locale"),
        ({"cursor": "YzE6MQ", "page": "2"}, "page"),
    ],
)
def test_bad_feed_parameters_get_a_400_naming_them(client, db, params, named):
    response = client.get(CHANGES, params)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_parameters"
    assert named in body["parameters"]


def test_the_feed_costs_the_same_few_queries_however_many_entries(client, taxonomy):
    since = timezone.now()
    case("Eerste voorbeeld")
    counts = []
    for more in (0, 9):
        for number in range(more):
            case(f"Voorbeeld {number}")
        with CaptureQueriesContext(connection) as queries:
            payload = client.get(CHANGES, {"since": since.isoformat()}).json()
        counts.append(len(queries.captured_queries))
    assert len(payload["results"]) == 10
    assert counts[0] == counts[1] <= CHANGES_BUDGET


# --- updated_since and the "updated" orderings on cases/ ------------------------------------------------------


def dated(pk: int, moment) -> None:
    CatalogueEntry.objects.filter(page_id=pk).update(changed_at=moment)


def test_updated_since_lists_the_cases_changed_at_or_after_it(client, taxonomy):
    old, edge, fresh = case("Oud"), case("Op de grens"), case("Nieuw")
    moment = timezone.now().replace(microsecond=0)
    dated(old.pk, moment - timedelta(days=3))
    dated(edge.pk, moment)
    dated(fresh.pk, moment + timedelta(hours=1))
    refresh_catalogue([old.pk])  # changes nothing, keeps the dates; a real refresh moves the version on
    bump_content_version()
    payload = client.get(CASES, {"updated_since": moment.isoformat(), "ordering": "updated"}).json()
    assert [item["id"] for item in payload["results"]] == [edge.pk, fresh.pk]
    assert payload["count"] == 2
    assert sum(payload["facets"]["statuses"].values()) == 2  # the facets are narrowed too
    newest_first = client.get(CASES, {"ordering": "-updated"}).json()["results"]
    assert [item["id"] for item in newest_first] == [fresh.pk, edge.pk, old.pk]
    # An offset sent unencoded (its "+" arrives as a space) still means what it says.
    plus = client.get(f"{CASES}?updated_since={moment.strftime('%Y-%m-%dT%H:%M:%S')}+00:00").json()
    assert {item["id"] for item in plus["results"]} == {edge.pk, fresh.pk}


def test_an_edit_moves_a_case_into_updated_since_and_a_draft_does_not(client, taxonomy):
    edited, drafted = case("Bewerkt"), case("Alleen een concept")
    moment = timezone.now()
    assert listed_ids(client, updated_since=moment.isoformat()) == set()
    edited.title = "Bewerkt, tweede versie"
    edited.save_revision().publish()
    drafted.title = "Concepttitel"
    drafted.save_revision()
    assert listed_ids(client, updated_since=moment.isoformat()) == {edited.pk}


def test_each_updated_since_has_its_own_cached_answer_and_etag(client, taxonomy):
    old = case("Oud nieuws")
    dated(old.pk, timezone.now() - timedelta(days=2))
    bump_content_version()
    recent = client.get(CASES, {"updated_since": (timezone.now() - timedelta(days=1)).isoformat()})
    earlier = client.get(CASES, {"updated_since": (timezone.now() - timedelta(days=3)).isoformat()})
    assert recent.json()["count"] == 0 and earlier.json()["count"] == 1
    assert recent["ETag"] != earlier["ETag"]


@pytest.mark.parametrize("value", ["gisteren", "2026-12-01T25:00:00Z", "1701428400"])
def test_a_bad_updated_since_is_a_400_that_says_what_to_send(client, db, value):
    response = client.get(CASES, {"updated_since": value})
    assert response.status_code == 400
    message = response.json()["parameters"]["updated_since"]["message"]
    assert "ISO 8601" in message and "2026-12-01T09:00:00Z" in message
