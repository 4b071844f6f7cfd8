"""What a new submission sets in motion: its two mails, queued (intake/tasks.py)."""

import logging
import threading
from contextlib import contextmanager

from django.db import transaction

from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_submitted

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


_held_back = threading.local()
_wrap_lock = threading.Lock()
_wrapped: set[str] = set()  # the dispatch_uids already wrapped


def _wrap_wagtail_submission_mails() -> None:
    """Put a receiver in front of each of Wagtail's "submitted for moderation" mails (to the task's group, to the
    superusers) that skips it while the form starts a workflow.

    Done on first use rather than in ready(): wagtail.admin connects its receivers after this app is ready. The
    thread-local flag, not a disconnect for the duration, leaves other requests' mails alone."""
    from wagtail.admin import signal_handlers as wagtail_mails

    with _wrap_lock:
        for signal, sender, uid, notifier in (
            (
                task_submitted,
                TaskState,
                "group_approval_task_submitted_email_notification",
                wagtail_mails.task_submission_email_notifier,
            ),
            (
                workflow_submitted,
                WorkflowState,
                "workflow_state_submitted_email_notification",
                wagtail_mails.workflow_submission_email_notifier,
            ),
        ):

            def unless_held_back(sender, notifier=notifier, **kwargs):
                if not getattr(_held_back, "active", False):
                    return notifier(sender=sender, **kwargs)

            if uid in _wrapped:
                continue
            signal.disconnect(sender=sender, dispatch_uid=uid)
            signal.connect(unless_held_back, sender=sender, dispatch_uid=uid, weak=False)
            _wrapped.add(uid)


@contextmanager
def without_wagtail_submission_mails():
    """For the public form's workflow start: its own notice (queued, with the submitter's details) replaces
    Wagtail's, which would go out as a second mail, synchronously, inside the submitter's request."""
    _wrap_wagtail_submission_mails()
    _held_back.active = True
    try:
        yield
    finally:
        _held_back.active = False


def connect():
    submission_received.connect(queue_mails, dispatch_uid="intake_queue_mails")
