"""Submissions in the admin: the dashboard panel, the read-only list and inspect view, the way from a case's editor
to its submitter; for Eindredacteurs and Beheerders only. And the submitter data stays out of what is published."""

import json

from django.urls import reverse

from wagtail.test.utils import WagtailTestUtils
from wagtail_localize.models import TranslationSource

import pytest

from intake.dashboard import ROWS_PER_PANEL
from intake.models import Decision
from tests.cases.admin_form import edit_url
from tests.factories.intake import SubmissionFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/"
PANEL = "intake_new_submissions-section"


def soup(response):
    assert response.status_code == 200
    return WagtailTestUtils.get_soup(response.content)


def panel_rows(client) -> dict[str, str]:
    """The panel's rows by title: the text of the row."""
    section = soup(client.get(DASHBOARD)).find(id=PANEL)
    if section is None:
        return {}
    return {row.select_one("td.title").get_text(strip=True): row for row in section.select("tbody tr")}


def inspect_url(submission) -> str:
    return reverse("intake_submissions:inspect", args=[submission.pk])


# --- Dashboard ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["eindredacteur", "beheerder"])
def test_deciders_see_new_submissions_with_a_link_to_the_draft(client, request, submission, role):
    client.force_login(request.getfixturevalue(role))

    rows = panel_rows(client)

    row = rows["Pop-ups in Lokeren"]
    assert row.select_one("td.title a")["href"] == edit_url(submission.page)
    assert "Stad Lokeren" in row.get_text()
    assert row.find("a", string="Gegevens")["href"] == inspect_url(submission)


def test_decided_submissions_leave_the_panel(client, eindredacteur, submission, taxonomy):
    SubmissionFactory(title="Al beslist", decision=Decision.PUBLISHED)
    client.force_login(eindredacteur)

    assert list(panel_rows(client)) == ["Pop-ups in Lokeren"]


def test_redacteur_does_not_see_the_panel(client, redacteur, submission):
    client.force_login(redacteur)

    assert PANEL not in client.get(DASHBOARD).content.decode()


def test_the_panel_costs_the_same_queries_for_many_submissions(
    client, eindredacteur, taxonomy, django_assert_max_num_queries
):
    SubmissionFactory()
    client.force_login(eindredacteur)
    with django_assert_max_num_queries(200) as few:
        client.get(DASHBOARD)
    for _ in range(ROWS_PER_PANEL + 2):
        SubmissionFactory()

    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = panel_rows(client)

    assert len(rows) == ROWS_PER_PANEL
    assert f"Nieuwe inzendingen ({ROWS_PER_PANEL + 3})" in client.get(DASHBOARD).content.decode()


# --- List and inspect view ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["eindredacteur", "beheerder"])
def test_deciders_can_read_the_submitter_data(client, request, submission, role):
    client.force_login(request.getfixturevalue(role))

    listing = soup(client.get(reverse("intake_submissions:index")))
    details = soup(client.get(inspect_url(submission))).get_text(" ", strip=True)

    assert listing.select_one("tbody td.title a").get_text(strip=True) == "Pop-ups in Lokeren"
    assert listing.select_one("tbody td.title a")["href"] == inspect_url(submission)
    for shown in ["An Peeters", "Stad Lokeren", submission.email, "nog niet beslist", "Pas na de beslissing"]:
        assert shown in details


def test_inspect_view_says_when_the_data_will_be_deleted(client, eindredacteur, submission, settings):
    settings.INTAKE_RETENTION_DAYS = 90
    submission.decision = Decision.PUBLISHED
    submission.decided_at = submission.submitted_at.replace(year=2026, month=1, day=10, hour=12)
    submission.save()
    client.force_login(eindredacteur)

    assert "10 april 2026" in soup(client.get(inspect_url(submission))).get_text(" ", strip=True)


def test_redacteur_cannot_reach_the_submitter_data(client, redacteur, submission):
    client.force_login(redacteur)

    for url in [reverse("intake_submissions:index"), inspect_url(submission)]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert submission.email not in response.content.decode()
    assert reverse("intake_submissions:index") not in client.get(DASHBOARD).content.decode()  # not in the menu


def test_nobody_edits_or_deletes_a_submission_in_the_admin(client, admin_user, submission):
    client.force_login(admin_user)

    client.post(reverse("intake_submissions:edit", args=[submission.pk]), {"name": "Iemand anders"})
    client.post(reverse("intake_submissions:delete", args=[submission.pk]))

    submission.refresh_from_db()
    assert submission.name == "An Peeters"


# --- From the case's editor -----------------------------------------------------------------


def test_the_case_editor_links_to_its_submitter_for_eindredacteurs(client, eindredacteur, submission):
    client.force_login(eindredacteur)

    html = client.get(edit_url(submission.page)).content.decode()

    assert inspect_url(submission) in html
    assert "Indiener bekijken" in html


def test_the_case_editor_shows_no_submitter_to_a_redacteur(client, redacteur, submission):
    client.force_login(redacteur)

    html = client.get(edit_url(submission.page)).content.decode()

    assert inspect_url(submission) not in html
    assert submission.email not in html


# --- Never in revisions, translations or the API ---------------------------------------------


def test_submitter_data_never_reaches_revisions_translations_or_the_api(client, eindredacteur, submission):
    client.force_login(eindredacteur)
    task_state = submission.page.current_workflow_task_state
    client.post(reverse("wagtailadmin_pages:workflow_action", args=[submission.page.pk, "approve", task_state.pk]))
    page = submission.page
    page.refresh_from_db()
    assert page.live
    client.logout()

    revisions = json.dumps([revision.content for revision in page.revisions.all()])
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = json.dumps(source.content_json) + source.export_po().__unicode__()
    api = client.get(f"/api/v1/cases/{page.pk}/").content.decode()

    assert "Pop-ups in Lokeren" in api
    for stored in [revisions, translation, api]:
        assert submission.email not in stored
        assert submission.name not in stored


def test_the_list_costs_the_same_queries_for_many_submissions(
    client, eindredacteur, taxonomy, django_assert_max_num_queries
):
    SubmissionFactory()
    client.force_login(eindredacteur)
    index = reverse("intake_submissions:index")
    client.get(index)  # warm the per-process caches
    with django_assert_max_num_queries(200) as few:
        client.get(index)
    for _ in range(12):
        SubmissionFactory()

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(index)

    assert len(soup(response).select("tbody tr")) == 13


def test_the_list_finds_a_submitter_by_organisation(client, eindredacteur, submission, taxonomy):
    SubmissionFactory(title="Een plein in Zwalm", organisation="Gemeente Zwalm")
    client.force_login(eindredacteur)

    listing = client.get(reverse("intake_submissions:index"), {"q": "Zwalm"}).content.decode()

    assert "Een plein in Zwalm" in listing
    assert "Pop-ups in Lokeren" not in listing
