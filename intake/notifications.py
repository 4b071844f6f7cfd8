"""What a new submission sets in motion: its two mails, queued (intake/tasks.py)."""

from django.db import transaction

from intake import mail
from intake.signals import submission_received
from intake.tasks import send_submission_mail


def queue_mails(sender, submission, **kwargs):
    # on_commit: the worker must find the submission; run at once when the form already committed.
    for kind in mail.KINDS:
        transaction.on_commit(lambda kind=kind: send_submission_mail.enqueue(submission.pk, kind))


def connect():
    submission_received.connect(queue_mails, dispatch_uid="intake_queue_mails")
