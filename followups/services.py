"""Writes of the follow-up flow: ask the initiator, send the mail, store the answer, turn it into a draft."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Revision

from cases.follow_up_blocks import MAX_FOLLOW_UPS
from cases.models import CasePage
from followups.models import FollowUpReport, FollowUpRequest
from followups.tasks import send_follow_up_request_task


class FollowUpError(Exception):
    """A follow-up step that cannot be done; the message says why, in Dutch, for the editor or the initiator."""


def request_create(*, case: CasePage, email: str, language: str, user) -> FollowUpRequest:
    """Records the request and queues its e-mail; the mail goes out after the transaction commits."""
    request = FollowUpRequest.objects.create(case=case, email=email, language=language, requested_by=user)
    transaction.on_commit(lambda: send_follow_up_request_task.enqueue(request.pk), robust=True)
    return request


def report_create(*, request: FollowUpRequest, text: str, figures: list[dict]) -> FollowUpReport:
    """Stores what the initiator wrote and spends the token, in one transaction: two posts of the same link (a
    double click, two tabs) leave one report."""
    with transaction.atomic():
        spent = FollowUpRequest.objects.filter(
            pk=request.pk, used_at__isnull=True, expires_at__gt=timezone.now()
        ).update(used_at=timezone.now())
        if not spent:
            raise FollowUpError(_("Deze link is al gebruikt of verlopen."))
        return FollowUpReport.objects.create(request=request, case_id=request.case_id, text=text, figures=figures)


def report_to_draft(*, report: FollowUpReport, user) -> Revision:
    """Adds the report as a follow-up to the newest version of the case and saves that as a draft revision.

    Not published: it goes through the normal review, and follow_up_due_on moves on once it is published.
    """
    if report.draft_revision_id:
        raise FollowUpError(_("Dit verslag staat al in een conceptversie van het voorbeeld."))
    case = report.case.get_latest_revision_as_object()
    raw = list(case.follow_ups.raw_data)
    if len(raw) >= MAX_FOLLOW_UPS:
        raise FollowUpError(
            _("Dit voorbeeld heeft al %(count)s opvolgingen: verwijder er eerst een.") % {"count": MAX_FOLLOW_UPS}
        )
    day: date = timezone.localdate(report.submitted_at)
    raw.append(
        {
            "type": "follow_up",
            "value": {"date": day.isoformat(), "text": report.text, "figures": report.figures},
        }
    )
    case.follow_ups = raw
    with transaction.atomic():
        revision = case.save_revision(user=user, log_action=True)
        report.draft_revision = revision
        report.handled_at = timezone.now()
        report.handled_by = user
        report.save(update_fields=["draft_revision", "handled_at", "handled_by"])
    return revision
