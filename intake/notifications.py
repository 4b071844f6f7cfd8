"""What a new submission sets in motion: its two mails, queued (intake/tasks.py)."""

import logging

from django.db import transaction

from intake import mail
from intake.signals import submission_received
from intake.tasks import send_submission_mail

logger = logging.getLogger(__name__)


def queue_mail(submission_id: int, kind: str) -> None:
    """The submission is stored by now: a queue that fails must not turn the submitter's success into an error page
    (they would send it again). It is logged instead."""
    try:
        send_submission_mail.enqueue(submission_id, kind)
    except Exception:
        logger.exception("Could not queue intake mail %s for submission %s", kind, submission_id)


def queue_mails(sender, submission, **kwargs):
    # on_commit: the worker must find the submission; runs at once when the form already committed.
    for kind in mail.KINDS:
        transaction.on_commit(lambda kind=kind: queue_mail(submission.pk, kind))


def connect():
    submission_received.connect(queue_mails, dispatch_uid="intake_queue_mails")
