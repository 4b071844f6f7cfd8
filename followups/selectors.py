"""Reads of the follow-up flow for the admin; each a fixed number of queries."""

from django.db.models import QuerySet

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
