"""The decision on a submission follows what the editors do to its draft in the admin (intake/decisions.py)."""

from django.urls import reverse

from wagtail.models import Page

import pytest

from intake.models import Decision
from tests.cases.admin_form import edit_form_data, edit_url
from tests.factories.intake import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eindredactie(client, eindredacteur):
    client.force_login(eindredacteur)
    return client


def workflow_action(client, page, action: str, **data):
    task_state = Page.objects.get(pk=page.pk).specific.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, data)


def test_approving_the_draft_is_a_decision_to_publish(eindredactie, submission):
    response = workflow_action(eindredactie, submission.page, "approve")

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.page.live
    assert submission.decision == Decision.PUBLISHED
    assert submission.decided_at is not None


def test_publishing_from_the_editor_is_a_decision_to_publish(eindredactie, submission):
    data = edit_form_data(eindredactie, submission.page)
    data["action-publish"] = "action-publish"

    eindredactie.post(edit_url(submission.page), data)

    submission.refresh_from_db()
    assert submission.decision == Decision.PUBLISHED


def test_asking_for_changes_is_not_a_decision(eindredactie, submission):
    response = workflow_action(eindredactie, submission.page, "reject", comment="Voeg een kerncijfer toe.")

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.decision == Decision.PENDING
    assert submission.decided_at is None


def test_cancelling_the_workflow_is_not_a_decision(client, admin_user, submission):
    client.force_login(admin_user)
    data = edit_form_data(client, submission.page)
    data["action-cancel-workflow"] = "true"

    client.post(edit_url(submission.page), data)

    assert Page.objects.get(pk=submission.page.pk).specific.current_workflow_state is None
    submission.refresh_from_db()
    assert submission.decision == Decision.PENDING


def test_deleting_the_draft_rejects_the_submission(eindredactie, submission):
    page_id = submission.page.pk

    response = eindredactie.post(reverse("wagtailadmin_pages:delete", args=[page_id]))

    assert response.status_code == 302
    assert not Page.objects.filter(pk=page_id).exists()
    submission.refresh_from_db()
    assert submission.page is None
    assert submission.decision == Decision.REJECTED
    assert submission.decided_at is not None


def test_deleting_a_published_case_keeps_the_decision_to_publish(eindredactie, submission):
    workflow_action(eindredactie, submission.page, "approve")
    submission.refresh_from_db()
    published_at = submission.decided_at

    eindredactie.post(reverse("wagtailadmin_pages:delete", args=[submission.page.pk]))

    submission.refresh_from_db()
    assert (submission.decision, submission.decided_at) == (Decision.PUBLISHED, published_at)


def test_other_submissions_are_not_decided_along(eindredactie, submission, taxonomy):
    other = SubmissionFactory(title="Een plein in Zwalm")

    workflow_action(eindredactie, submission.page, "approve")

    other.refresh_from_db()
    assert other.decision == Decision.PENDING
