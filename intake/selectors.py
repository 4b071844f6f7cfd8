"""Read queries over submissions: the dashboard's undecided ones, and those whose retention has run out."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet

from intake.models import Decision, Submission


def submission_undecided_list(*, limit: int) -> tuple[list[Submission], int]:
    """Undecided submissions, newest first, with their draft: `limit` of them and how many there are in all."""
    undecided = Submission.objects.filter(decision=Decision.PENDING)
    rows = list(undecided.select_related("page__locale").order_by("-submitted_at")[:limit])
    total = len(rows) if len(rows) < limit else undecided.count()
    return rows, total


def submission_expired_list(*, now: datetime) -> QuerySet[Submission]:
    """Decided submissions whose submitter data has been kept INTAKE_RETENTION_DAYS since the decision. Undecided
    ones never expire: the editors may still need to reach the submitter."""
    cutoff = now - timedelta(days=settings.INTAKE_RETENTION_DAYS)
    return (
        Submission.objects.exclude(decision=Decision.PENDING)
        .filter(decided_at__lt=cutoff)
        .select_related("page")
        .order_by("decided_at")
    )
