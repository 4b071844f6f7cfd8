"""A mail server that is down or refuses the follow-up request delays it, like the intake mails; after about a day of
tries the request is given up and the editor sees it was not sent.

A real SMTP server (aiosmtpd) on 127.0.0.1 and the real database queue (tests/mail_server.py).
"""

import logging
import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from cases.models import CasePage
from followups.models import FollowUpRequest, token_hash
from followups.tasks import send_follow_up_request_task
from home.retries import MAX_ATTEMPTS, RETRY_DELAYS
from tests.factories.cases import CasePageFactory
from tests.mail_server import Inbox, mail_server, run_worker
from vitrine_cms.settings.base import task_settings

TASK_PATH = "followups.tasks.send_follow_up_request_task"
LINK = re.compile(r"https?://[^/\s]+(/nl/opvolging/([\w-]+)/)")


def published_case() -> CasePage:
    case = CasePageFactory(live=False, title="Pop-ups in Lier")
    case.save_revision().publish()
    return CasePage.objects.get(pk=case.pk)


def queued_retries():
    return DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_request_waits_in_the_queue_until_the_mail_server_is_back(smtp_settings, home_page, admin_user):
    if smtp_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the database queue is tested on PostgreSQL, as it runs in production")
    case = published_case()
    editor = Client()
    editor.force_login(admin_user)
    response = editor.post(f"/admin/opvolging/vragen/{case.pk}/", {"email": "an@lier.be", "language": "nl"})
    assert response.status_code == 302

    run_worker()  # the mail server is down

    request = FollowUpRequest.objects.get()
    assert (request.sent_at, request.expires_at, request.token_hash) == (None, None, ""), (
        "a failed try leaves the request unsent, without a token"
    )
    [retry] = queued_retries()
    assert retry.args_kwargs["args"] == [request.pk, 2]
    assert request.failed_at is None  # not given up: tried again
    assert timedelta(seconds=50) < retry.run_after - timezone.now() <= timedelta(minutes=1), (
        "the first retry comes a minute later"
    )

    with mail_server(smtp_settings.EMAIL_PORT, Inbox()) as inbox:
        queued_retries().update(run_after=timezone.now())  # the minute has passed
        run_worker()

    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["an@lier.be"]
    path, token = LINK.search(inbox.bodies()[0]).groups()
    request.refresh_from_db()
    assert request.sent_at is not None and request.failed_at is None
    assert request.token_hash == token_hash(token)
    assert "Pop-ups in Lier" in Client().get(path).content.decode()
    assert not queued_retries().exists()
    assert send_follow_up_request_task.call(request.pk, 3) == "skipped"  # a stray copy of the task sends nothing


@pytest.mark.django_db
def test_a_request_the_mail_server_keeps_refusing_is_given_up_and_shown_as_not_sent(
    smtp_settings, home_page, admin_client, caplog
):
    case = published_case()
    request = FollowUpRequest.objects.create(case=case, email="an@lier.be", language="nl")
    waits = []
    with mail_server(smtp_settings.EMAIL_PORT, Inbox(refuse=True)) as inbox:
        outcome = send_follow_up_request_task.call(request.pk)
        while outcome == "retry planned":
            retry = queued_retries().get()
            waits.append(round((retry.run_after - timezone.now()).total_seconds() / 60))
            retry.delete()  # the worker takes it when it is due
            outcome = send_follow_up_request_task.call(*retry.args_kwargs["args"])

    assert outcome == "given up"
    assert inbox.refused == MAX_ATTEMPTS == 8
    assert waits == list(RETRY_DELAYS)  # minutes: the last try comes about 22 hours after the first
    request.refresh_from_db()
    assert (request.sent_at, request.token_hash) == (None, "")
    assert request.failed_at is not None
    assert any(r.levelno == logging.ERROR and f"request {request.pk}" in r.getMessage() for r in caplog.records)

    assert send_follow_up_request_task.call(request.pk) == "skipped"  # given up stays given up
    html = admin_client.get(f"/admin/opvolging/vragen/{case.pk}/").content.decode()
    assert "Niet verstuurd" in html


@pytest.mark.django_db
def test_without_a_worker_a_dead_mail_server_gives_the_request_up_at_once(
    smtp_settings, home_page, admin_client, django_capture_on_commit_callbacks
):
    """Development runs tasks in the process (BACKGROUND_TASKS=immediate), which cannot wait for a retry."""
    smtp_settings.TASKS = task_settings("immediate")
    case = published_case()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/opvolging/vragen/{case.pk}/", {"email": "an@lier.be", "language": "nl"})

    assert response.status_code == 302
    request = FollowUpRequest.objects.get()
    assert request.sent_at is None and request.failed_at is not None
