"""Entries get their place in the feed in the order their transactions commit (sync.changelog: written while holding
the content version's row), so a client that has read up to an entry never misses one committed after it: here a
publish is still uncommitted when a client's poll records an expiry, with real transactions in two threads on
PostgreSQL. (The poll also waits without sync's own lock: reading the version moves it on after an expiry, which
takes the same row.)"""

import threading
import time
from datetime import timedelta

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

import pytest

from cases.models import CasePage
from sync.models import Change
from sync.selectors import cursor_encode
from tests.factories.cases import CasePageFactory

CHANGES = "/api/v1/changes/"


def case(title: str, **kwargs) -> CasePage:
    return CasePageFactory(title=title, hero_image=None, video_url="https://vimeo.com/76979871", **kwargs)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one writer at a time anyway")
def test_a_poll_never_moves_past_a_change_that_commits_after_it(transactional_db, django_db_serialized_rollback):
    expiring = case("Kerstmarkt in de kern")
    expiring.expire_at = timezone.now() + timedelta(seconds=2)
    expiring.save_revision().publish()
    waiting = case("Schoolstraten", live=False)
    start = Change.objects.order_by("-id").values_list("id", flat=True).first()
    expiry = CasePage.objects.get(pk=expiring.pk).expire_at

    written, release = threading.Event(), threading.Event()

    def editor():
        # A publish whose entry is written but not yet committed while the client polls.
        try:
            with transaction.atomic():
                CasePage.objects.get(pk=waiting.pk).save_revision().publish()
                written.set()
                release.wait(20)
        finally:
            connection.close()

    answers = []

    def poll():
        try:
            answers.append(Client().get(CHANGES, {"cursor": cursor_encode(start)}).json())
        finally:
            connection.close()

    publishing = threading.Thread(target=editor)
    publishing.start()
    assert written.wait(20)
    time.sleep(max(0.0, (expiry - timezone.now()).total_seconds()) + 0.2)  # the poll has an expiry to record
    polling = threading.Thread(target=poll)
    polling.start()
    polling.join(1.5)
    release.set()
    publishing.join(20)
    polling.join(20)

    first = answers[0]
    later = Client().get(first["next"]).json()
    seen = [(entry["id"], entry["kind"]) for entry in first["results"] + later["results"]]
    assert sorted(seen) == sorted([(waiting.pk, "published"), (expiring.pk, "removed")])
