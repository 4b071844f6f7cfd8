"""Roles and moderation: a Redacteur writes and submits, an Eindredacteur approves and publishes."""

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import escape

from wagtail.models import GroupPagePermission, TaskState, WorkflowState

import pytest

from cases import publishing
from cases.models import CasePage
from tests.cases.admin_form import edit_form_data, edit_url
from tests.factories.cases import CasePageFactory

pytestmark = pytest.mark.django_db

ROLES = ["Redacteur", "Eindredacteur", "Beheerder"]


@pytest.fixture
def case(taxonomy):
    """A complete case that has never been published."""
    return CasePageFactory(live=False, title="Pop-ups in Lokeren")


def login(client, user):
    client.force_login(user)
    return client


def submit(client, page, **fields):
    data = edit_form_data(client, page, **fields)
    data["action-submit"] = "Stuur door naar Eindredactie"
    return client.post(edit_url(page), data)


def workflow_action_url(page, action: str, task_state: TaskState) -> str:
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


@pytest.fixture
def submitted(client, redacteur, case):
    """The case, submitted to the 'Eindredactie' workflow by the Redacteur."""
    response = submit(login(client, redacteur), case)
    assert response.status_code == 302
    client.logout()
    case.refresh_from_db()
    return case


# --- Roles --------------------------------------------------------------------------------


def test_editorial_groups_exist():
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == set(ROLES)
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def test_redacteur_lacks_the_publish_permission():
    granted = GroupPagePermission.objects.filter(group__name="Redacteur").values_list("permission__codename", flat=True)

    assert "change_page" in granted
    assert "publish_page" not in granted


@pytest.mark.parametrize("role", ["Eindredacteur", "Beheerder"])
def test_reviewers_have_the_publish_permission(role):
    granted = GroupPagePermission.objects.filter(group__name=role).values_list("permission__codename", flat=True)

    assert "publish_page" in granted


def test_page_permissions_follow_the_roles(case, redacteur, eindredacteur):
    assert case.permissions_for_user(redacteur).can_edit()
    assert not case.permissions_for_user(redacteur).can_publish()
    assert case.permissions_for_user(redacteur).can_submit_for_moderation()
    assert case.permissions_for_user(eindredacteur).can_publish()


# --- Redacteur ----------------------------------------------------------------------------


def test_redacteur_can_open_and_save_a_case(client, redacteur, case):
    login(client, redacteur)
    assert client.get(edit_url(case)).status_code == 200

    response = client.post(edit_url(case), edit_form_data(client, case, title="Pop-ups in Lokeren (herwerkt)"))

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.get_latest_revision_as_object().title == "Pop-ups in Lokeren (herwerkt)"
    assert not case.live


def test_redacteur_is_not_offered_a_publish_button(client, redacteur, case):
    response = login(client, redacteur).get(edit_url(case))

    content = response.content.decode()
    assert 'name="action-publish"' not in content
    assert 'name="action-submit"' in content


def test_redacteur_cannot_publish_directly(client, redacteur, case):
    login(client, redacteur)
    data = edit_form_data(client, case)
    data["action-publish"] = "action-publish"

    client.post(edit_url(case), data)

    case.refresh_from_db()
    assert not case.live
    assert not CasePage.objects.live().filter(pk=case.pk).exists()
    assert case.revisions.count() == 1  # the POST was handled as 'save draft'


def test_redacteur_submits_a_case_to_eindredactie(submitted, redacteur):
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(submitted.pk))

    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Eindredactie"
    assert state.requested_by == redacteur
    assert state.current_task_state.task.name == "Eindredactie"
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert not submitted.live


def test_incomplete_case_cannot_be_submitted(client, redacteur, taxonomy):
    case = CasePageFactory(live=False, summary="", case_audiences=[])

    response = submit(login(client, redacteur), case)

    assert response.status_code == 200
    content = response.content.decode()
    assert escape(publishing.SUMMARY) in content
    assert escape(publishing.AUDIENCE) in content
    assert not WorkflowState.objects.filter(object_id=str(case.pk)).exists()


def test_submitted_case_is_locked_for_the_redacteur(client, submitted, redacteur):
    login(client, redacteur)
    revisions_before = submitted.revisions.count()
    data = edit_form_data(client, submitted, title="Stiekem aangepast")

    response = client.post(edit_url(submitted), data)

    assert response.status_code == 200
    assert submitted.revisions.count() == revisions_before
    assert submitted.get_latest_revision_as_object().title == "Pop-ups in Lokeren"


# --- Eindredacteur ------------------------------------------------------------------------


def test_eindredacteur_sees_the_submission_on_the_dashboard(client, eindredacteur, submitted):
    response = login(client, eindredacteur).get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert "Pop-ups in Lokeren" in response.content.decode()


def test_eindredacteur_approves_and_the_case_goes_live(client, eindredacteur, submitted):
    task_state = submitted.current_workflow_task_state

    response = login(client, eindredacteur).post(workflow_action_url(submitted, "approve", task_state))

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.live
    assert CasePage.objects.live().filter(pk=submitted.pk).exists()
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.finished_by == eindredacteur
    assert task_state.workflow_state.status == WorkflowState.STATUS_APPROVED
    assert submitted.live_revision.user is not None


def test_eindredacteur_approves_from_the_edit_view(client, eindredacteur, submitted):
    login(client, eindredacteur)
    data = edit_form_data(client, submitted)
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"

    response = client.post(edit_url(submitted), data)

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.live
    assert submitted.current_workflow_state is None


def test_eindredacteur_requests_changes_with_a_comment(client, eindredacteur, submitted):
    task_state = submitted.current_workflow_task_state

    response = login(client, eindredacteur).post(
        workflow_action_url(submitted, "reject", task_state), {"comment": "Voeg een kerncijfer toe."}
    )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert not submitted.live
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == "Voeg een kerncijfer toe."
    assert task_state.workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_redacteur_can_resubmit_after_changes_were_requested(client, redacteur, eindredacteur, submitted):
    task_state = submitted.current_workflow_task_state
    login(client, eindredacteur).post(workflow_action_url(submitted, "reject", task_state), {"comment": "Korter."})

    response = submit(login(client, redacteur), submitted, summary="Starters huren een leeg pand.")

    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(submitted.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert state.current_task_state != task_state
    submitted.refresh_from_db()
    assert not submitted.live


def test_redacteur_cannot_approve(client, redacteur, submitted):
    task_state = submitted.current_workflow_task_state

    response = login(client, redacteur).post(workflow_action_url(submitted, "approve", task_state))

    assert response.status_code == 302  # refused: back to the dashboard
    submitted.refresh_from_db()
    assert not submitted.live
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_approval_refuses_a_revision_that_breaks_the_publishing_rules(eindredacteur, submitted):
    """Approval publishes the latest revision: an incomplete one must not go live that way."""
    submitted.summary = ""
    submitted.save_revision()
    task_state = submitted.current_workflow_task_state
    task = task_state.task.specific

    assert "approve" not in [name for name, _label, _modal in task.get_actions(submitted, eindredacteur)]
    assert task.on_action(task_state, eindredacteur, "approve") == edit_url(submitted)
    submitted.refresh_from_db()
    task_state.refresh_from_db()
    assert not submitted.live
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_approving_an_incomplete_revision_shows_the_rules_instead_of_a_server_error(client, eindredacteur, submitted):
    """An Eindredacteur may save an incomplete draft of a case under review, then press 'Goedkeuren'.

    The case must stay unpublished and under review, and the Eindredacteur must see why, in Dutch.
    """
    login(client, eindredacteur)
    response = client.post(edit_url(submitted), edit_form_data(client, submitted, summary=""))
    assert response.status_code == 302  # 'save draft' may be incomplete
    task_state = submitted.current_workflow_task_state

    response = client.post(workflow_action_url(submitted, "approve", task_state), follow=True)
    assert response.status_code == 200
    submitted.refresh_from_db()
    assert not submitted.live
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS

    response = client.get(edit_url(submitted))
    assert publishing.SUMMARY in [str(message) for message in response.context["messages"]]
