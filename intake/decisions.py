"""The editors' decision on a submission, read from what they do to its draft in the admin.

- Published (Wagtail's `page_published`, which the workflow's "Goedkeuren" also sends): "gepubliceerd".
- Deleted while undecided (Wagtail's "Verwijderen"): "afgewezen". That is how an editor says no: the draft and its
  content are gone, nothing of it will be published.

Not a decision: "Wijzigingen vragen" (Wagtail sends `workflow_rejected` for it, but the workflow waits for changes
and the case can be resubmitted), cancelling the workflow, or saving a draft. A decision once taken stays: a case
that is published and later unpublished or deleted was still published, and its retention started then.
"""

from django.db.models.signals import pre_delete
from django.utils import timezone

from wagtail.signals import page_published

from cases.models import CasePage
from intake.models import Decision, Submission


def record_decision(*, page_ids, decision: Decision) -> int:
    """Mark the undecided submissions of these pages as decided now; returns how many changed."""
    return Submission.objects.filter(page_id__in=page_ids, decision=Decision.PENDING).update(
        decision=decision, decided_at=timezone.now()
    )


def on_page_published(sender, instance, **kwargs):
    record_decision(page_ids=[instance.pk], decision=Decision.PUBLISHED)


def on_case_deleted(sender, instance, **kwargs):
    # Before the delete: afterwards the submission's link to the page is already gone (SET_NULL).
    record_decision(page_ids=[instance.pk], decision=Decision.REJECTED)


def connect():
    page_published.connect(on_page_published, sender=CasePage, dispatch_uid="intake_decision_published")
    pre_delete.connect(on_case_deleted, sender=CasePage, dispatch_uid="intake_decision_deleted")
