"""A mail server that is down delays the mails of a submission; it does not lose them or the submission.

A real SMTP server (aiosmtpd) on 127.0.0.1, stopped and then started; the real database queue and its worker
(`manage.py db_worker`, run here in the test process so it uses the test's mail settings).
"""

from datetime import timedelta

from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from intake.models import Submission
from intake.signals import submission_received
from tests.factories.intake import SubmissionFactory
from tests.mail_server import Inbox, mail_server, run_worker
from vitrine_cms.settings.base import task_settings

TASK_PATH = "intake.tasks.send_submission_mail"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_mails_wait_in_the_queue_until_the_mail_server_is_back(smtp_settings, taxonomy, eindredacteur):
    if smtp_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the database queue is tested on PostgreSQL, as it runs in production")
    submission = SubmissionFactory(title="Pop-ups in Lokeren", email="an@lokeren.example")

    submission_received.send(sender=Submission, submission=submission)  # the mail server is down
    run_worker()

    assert Submission.objects.filter(pk=submission.pk).exists()
    retries = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")
    assert sorted(task.args_kwargs["args"][1:] for task in retries) == [["confirmation", 2], ["editors", 2]]
    assert all(timedelta(seconds=50) < task.run_after - timezone.now() <= timedelta(minutes=1) for task in retries), (
        "the first retry comes a minute later"
    )

    with mail_server(smtp_settings.EMAIL_PORT, Inbox()) as inbox:
        retries.update(run_after=timezone.now())  # the minute has passed
        run_worker()

    assert sorted(envelope.rcpt_tos for envelope in inbox.envelopes) == [
        ["an@lokeren.example"],
        ["eindredacteur@example.org"],
    ]
    assert not DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists()
    confirmation = next(e for e in inbox.envelopes if e.rcpt_tos == ["an@lokeren.example"])
    assert "Bedankt voor je voorstel: Pop-ups in Lokeren" in confirmation.content.decode()


@pytest.mark.django_db
def test_without_a_worker_a_dead_mail_server_does_not_fail_the_submission(smtp_settings, receive, submission):
    """Development runs tasks in the process (BACKGROUND_TASKS=immediate): the send fails, the form's request not."""
    smtp_settings.TASKS = task_settings("immediate")

    receive(submission)  # nothing listens on EMAIL_PORT

    assert Submission.objects.filter(pk=submission.pk).exists()
