"""Reads of the follow-up flow for the admin; each a fixed number of queries."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet

from followups.models import FollowUpReport, FollowUpRequest


def report_list() -> QuerySet[FollowUpReport]:
    """Reports not yet turned into a draft first, then the newest."""
    return FollowUpReport.objects.select_related("case", "request", "handled_by").order_by(
        "handled_at", "-submitted_at"
    )


def report_new_list() -> QuerySet[FollowUpReport]:
    return FollowUpReport.objects.filter(draft_revision__isnull=True).select_related("case").order_by("submitted_at")


def request_list_for_case(*, case_id: int) -> QuerySet[FollowUpRequest]:
    return FollowUpRequest.objects.filter(case_id=case_id).select_related("report").order_by("-created_at")


def initiator_contact(*, case) -> tuple[str, str]:
    """The e-mail address and language of whoever proposed the case through the public form, if anyone did."""
    submission = getattr(case, "submission", None)  # intake.Submission, one-to-one; missing when added by hand
    return (submission.email, submission.language) if submission is not None else ("", "")


def follow_up_request_expired_list(*, now: datetime) -> QuerySet[FollowUpRequest]:
    """Requests that still hold an address, INTAKE_RETENTION_DAYS after their link was used or expired (or after they
    were made, if the mail never went out and so no link ever worked)."""
    cutoff = now - timedelta(days=settings.INTAKE_RETENTION_DAYS)
    ended = Q(used_at__lt=cutoff) | Q(used_at__isnull=True, expires_at__lt=cutoff)
    never_sent = Q(sent_at__isnull=True, created_at__lt=cutoff)
    return FollowUpRequest.objects.exclude(email="").filter(ended | never_sent)
