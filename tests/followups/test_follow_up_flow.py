"""Asking the initiator for a follow-up: the e-mail, the single-use link, the form, and the editor's draft."""

import re
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

from wagtail.test.utils import WagtailTestUtils

import pytest

from cases.models import CasePage
from followups.models import FollowUpReport, FollowUpRequest, token_hash
from intake.models import Submission
from tests.factories.cases import CasePageFactory
from tests.reader.conftest import translate

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/(?:nl|en|fr)/opvolging/[\w-]+/)")


@pytest.fixture
def case(home_page):
    case = CasePageFactory(live=False, title="Pop-ups in Lier")
    case.save_revision().publish()
    return CasePage.objects.get(pk=case.pk)


@pytest.fixture
def editor_client(client, admin_user):
    client.force_login(admin_user)
    return client


def ask(editor_client, case, django_capture_on_commit_callbacks, *, email="an@lier.be", language="nl") -> str:
    """The editor sends the request; returns the path of the link in the e-mail."""
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"/admin/opvolging/vragen/{case.pk}/", {"email": email, "language": language})
    assert response.status_code == 302
    return LINK.search(mail.outbox[-1].body).group(1)


def form_data(**overrides) -> dict:
    return {
        "text": "Twaalf panden zijn opnieuw verhuurd.",
        "figure_1_value": "12",
        "figure_1_label": "panden",
    } | overrides


def test_the_editor_sends_a_link_by_mail_and_only_its_hash_is_kept(
    editor_client, case, django_capture_on_commit_callbacks
):
    path = ask(editor_client, case, django_capture_on_commit_callbacks, language="fr")
    message = mail.outbox[0]
    assert message.to == ["an@lier.be"]
    assert "Pop-ups in Lier" in message.subject
    assert path.startswith("/fr/opvolging/")
    token = path.rstrip("/").rsplit("/", 1)[1]
    request = FollowUpRequest.objects.get()
    assert request.token_hash == token_hash(token) and token not in request.token_hash
    assert request.sent_at is not None and request.expires_at > timezone.now() + timedelta(days=29)


def test_the_address_is_prefilled_from_the_submission(editor_client, case):
    Submission.objects.create(
        page=case, language="fr", name="Anne", email="anne@lier.be", privacy_consent_at=timezone.now()
    )
    soup = WagtailTestUtils.get_soup(editor_client.get(f"/admin/opvolging/vragen/{case.pk}/").content)
    assert soup.find("input", {"name": "email"})["value"] == "anne@lier.be"
    assert soup.find("select", {"name": "language"}).find("option", selected=True)["value"] == "fr"


def test_the_case_editor_offers_the_button(editor_client, case):
    html = editor_client.get(f"/admin/pages/{case.pk}/edit/").content.decode()
    assert f"/admin/opvolging/vragen/{case.pk}/" in html


def test_the_link_works_once(editor_client, case, django_capture_on_commit_callbacks):
    path = ask(editor_client, case, django_capture_on_commit_callbacks)
    initiator = Client(enforce_csrf_checks=True)
    page = initiator.get(path)
    assert page.status_code == 200 and page["Referrer-Policy"] == "same-origin"
    assert "no-store" in page["Cache-Control"]  # never kept by the reader's page cache: the link works once
    csrf = initiator.cookies["csrftoken"].value
    response = initiator.post(path, form_data(csrfmiddlewaretoken=csrf))
    assert response.status_code == 302 and response["Location"] == "/nl/opvolging/bedankt/"
    report = FollowUpReport.objects.get()
    assert (report.case_id, report.figures) == (case.pk, [{"label": "panden", "value": "12"}])

    again = initiator.get(path)
    assert again.status_code == 410 and "al een antwoord verstuurd" in again.content.decode()
    assert initiator.post(path, form_data(csrfmiddlewaretoken=csrf)).status_code == 410
    assert FollowUpReport.objects.count() == 1


def test_a_post_without_csrf_token_is_refused(editor_client, case, django_capture_on_commit_callbacks):
    path = ask(editor_client, case, django_capture_on_commit_callbacks)
    assert Client(enforce_csrf_checks=True).post(path, form_data()).status_code == 403
    assert not FollowUpReport.objects.exists()


def test_an_expired_link_shows_a_clear_page(editor_client, case, django_capture_on_commit_callbacks):
    path = ask(editor_client, case, django_capture_on_commit_callbacks)
    FollowUpRequest.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().get(path)
    assert response.status_code == 410 and "verlopen" in response.content.decode()
    assert Client().post(path, form_data()).status_code == 410


@pytest.mark.parametrize("token", ["fout", "x" * 43, "a" * 500])
def test_a_wrong_token_shows_a_clear_page(home_page, token):
    response = Client().get(f"/nl/opvolging/{token}/")
    assert response.status_code == 404 and "Deze link kennen we niet" in response.content.decode()


def test_errors_are_explained_and_the_text_is_kept(editor_client, case, django_capture_on_commit_callbacks):
    path = ask(editor_client, case, django_capture_on_commit_callbacks)
    response = Client().post(path, form_data(text="", figure_1_label="", figure_2_label="bezoekers"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vertel kort hoe het initiatief er nu voor staat." in html
    assert "Zeg wat dit cijfer betekent." in html
    assert "Vul het cijfer in, of laat beide velden leeg." in html
    assert 'value="bezoekers"' in html
    assert FollowUpRequest.objects.get().used_at is None  # the link still works


def test_the_editor_turns_a_report_into_a_draft_that_is_not_published(
    editor_client, case, django_capture_on_commit_callbacks
):
    path = ask(editor_client, case, django_capture_on_commit_callbacks)
    Client().post(path, form_data())
    report = FollowUpReport.objects.get()
    assert "Nieuwe opvolgingsverslagen (1)" in editor_client.get("/admin/").content.decode()
    response = editor_client.post(f"/admin/opvolging/verslagen/{report.pk}/concept/")
    assert response.status_code == 302

    case.refresh_from_db()
    assert case.has_unpublished_changes and len(case.follow_ups) == 0  # the live version is unchanged
    draft = case.get_latest_revision_as_object()
    [value] = draft.follow_ups_newest_first()
    assert value["text"] == "Twaalf panden zijn opnieuw verhuurd."
    assert value["date"] == timezone.localdate()
    assert [(figure["label"], figure["value"]) for figure in value["figures"]] == [("panden", "12")]
    report.refresh_from_db()
    assert report.draft_revision_id == case.latest_revision_id

    assert editor_client.post(f"/admin/opvolging/verslagen/{report.pk}/concept/").status_code == 302
    assert case.revisions.count() == 2  # the second click adds nothing
    case.get_latest_revision().publish()
    assert CasePage.objects.get(pk=case.pk).follow_up_due_on.year == timezone.localdate().year + 1


def test_an_editor_without_edit_rights_cannot_send_a_request(client, case, django_user_model):
    user = django_user_model.objects.create_user("lezer", "lezer@example.org", "wachtwoord-voor-tests")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.post(f"/admin/opvolging/vragen/{case.pk}/", {"email": "x@y.be", "language": "nl"}).status_code in (
        302,
        403,
    )
    assert not FollowUpRequest.objects.exists()


def test_a_french_request_names_the_case_by_its_french_title(editor_client, case, django_capture_on_commit_callbacks):
    translate(case, "fr", title="Boutiques éphémères à Lier", slug="boutiques-lier")
    path = ask(editor_client, case, django_capture_on_commit_callbacks, language="fr")
    assert "Boutiques éphémères à Lier" in mail.outbox[-1].subject
    assert "Où en est-elle aujourd’hui ?" in mail.outbox[-1].body
    assert "Boutiques éphémères à Lier" in Client().get(path).content.decode()


def test_posts_are_rate_limited_like_every_public_form(
    editor_client, case, django_capture_on_commit_callbacks, settings
):
    path = ask(editor_client, case, django_capture_on_commit_callbacks)
    settings.PUBLIC_FORM_RATE = "2/minute"
    initiator = Client()
    for _attempt in range(2):
        assert initiator.post(path, form_data(text="")).status_code == 400
    refused = initiator.post(path, form_data())
    assert refused.status_code == 429 and refused["Retry-After"]
    assert not FollowUpReport.objects.exists()
