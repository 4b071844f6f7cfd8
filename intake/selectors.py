"""Read queries: the dashboard's undecided submissions, those whose retention has run out, and the privacy
statement the form links to."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet

from home.models import StandardPage
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


# The privacy statement as setup_site creates it: the Dutch page of this slug below the home page. Its
# translations share its translation key, whatever their own slugs ("confidentialite").
PRIVACY_SLUG = "privacy"


def privacy_url(*, language: str) -> str:
    """The address of the privacy statement in `language` (else in Dutch), or "" while there is none (one query)."""
    source = StandardPage.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE, slug=PRIVACY_SLUG, depth=3
    ).values("translation_key")
    pages = StandardPage.objects.visible().filter(translation_key__in=source).select_related("locale")
    by_language = {page.locale.language_code: page for page in pages}
    page = by_language.get(language) or by_language.get(settings.LANGUAGE_CODE)
    return page.url if page else ""
