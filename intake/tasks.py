"""Sending the submission mails from the background queue (django-tasks, `manage.py db_worker`), with retries.

The form has already stored the submission when these run: a mail server that is down delays a mail, it never loses
or refuses a submission. A failed send queues itself again later (RETRY_DELAYS), about a day in all.
"""

import logging
import smtplib

from django_tasks import task

from home.retries import retry_enqueue
from intake import mail
from intake.models import Submission

logger = logging.getLogger(__name__)


@task(backend="background")
def send_submission_mail(submission_id: int, kind: str, attempt: int = 1) -> str:
    """Send one of the submission's mails; returns "sent", "nothing to send", "gone" (purged meanwhile),
    "retry planned" or "given up"."""
    submission = Submission.objects.select_related("page").filter(pk=submission_id).first()
    if submission is None:
        return "gone"
    message = mail.build(kind, submission)
    if message is None:
        return "nothing to send"
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        return retry_later(submission_id, kind, attempt, error)
    return "sent"


def retry_later(submission_id: int, kind: str, attempt: int, error: Exception) -> str:
    run_after = retry_enqueue(send_submission_mail, submission_id, kind, attempt=attempt)
    if run_after is None:
        logger.error(
            "Intake mail %s for submission %s not sent after %s tries: %s", kind, submission_id, attempt, error
        )
        return "given up"
    logger.warning(
        "Intake mail %s for submission %s failed (try %s), again at %s: %s",
        kind,
        submission_id,
        attempt,
        run_after,
        error,
    )
    return "retry planned"
