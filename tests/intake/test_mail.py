"""The mails a submission causes: a confirmation to the submitter in their language, a notice to the Eindredacteurs."""

from django.contrib.auth.models import Group
from django.core import mail

import pytest

from tests.cases.admin_form import edit_form_data, edit_url
from tests.conftest import member_of
from tests.factories.cases import CasePageFactory
from tests.factories.intake import SubmissionFactory
from tests.intake.conftest import proposal

pytestmark = pytest.mark.django_db


def by_recipient() -> dict[str, mail.EmailMessage]:
    return {", ".join(message.to): message for message in mail.outbox}


@pytest.mark.parametrize(
    ("language", "subject", "phrases"),
    [
        ("nl", "Bedankt voor je voorstel: Pop-ups in Lokeren", ["Beste An Peeters", "Wat gebeurt er nu?", "90 dagen"]),
        ("en", "Thank you for your proposal: Pop-ups in Lokeren", ["Dear An Peeters", "What happens next?", "90 days"]),
        (
            "fr",
            "Merci pour votre proposition : Pop-ups in Lokeren",
            ["Bonjour An Peeters", "Et maintenant ?", "90 jours"],
        ),
    ],
)
def test_the_submitter_is_thanked_in_the_language_of_the_form(receive, taxonomy, language, subject, phrases):
    submission = SubmissionFactory(language=language, title="Pop-ups in Lokeren", email="an@lokeren.example")

    receive(submission)

    message = by_recipient()["an@lokeren.example"]
    assert message.subject == subject
    for phrase in phrases:
        assert phrase in message.body


def test_the_confirmation_says_what_is_kept_and_for_how_long(receive, submission, settings):
    settings.INTAKE_RETENTION_DAYS = 30

    receive(submission)

    body = by_recipient()[submission.email].body
    for kept in ["je naam", "je organisatie", "je e-mailadres", "akkoord met de privacyverklaring", "foto's"]:
        assert kept in body
    assert "30 dagen na onze beslissing" in body


def test_active_eindredacteurs_get_a_link_to_the_draft_in_the_admin(
    receive, submission, eindredacteur, redacteur, django_user_model
):
    colleague = member_of(django_user_model, "Eindredacteur", "collega")
    gone = member_of(django_user_model, "Eindredacteur", "vertrokken")
    gone.is_active = False
    gone.save()

    receive(submission)

    notice = by_recipient()["collega@example.org, eindredacteur@example.org"]
    assert notice.subject == "Nieuwe inzending: Pop-ups in Lokeren"
    assert f"http://testserver/admin/pages/{submission.page.pk}/edit/" in notice.body
    assert f"http://testserver/admin/inzendingen/inspect/{submission.pk}/" in notice.body
    assert "Stad Lokeren" in notice.body
    assert all(redacteur.email not in message.to and gone.email not in message.to for message in mail.outbox)
    assert colleague.email in notice.to


def test_without_eindredacteurs_only_the_submitter_gets_a_mail(receive, submission):
    Group.objects.get(name="Eindredacteur").user_set.clear()

    receive(submission)

    assert [message.to for message in mail.outbox] == [[submission.email]]


def test_nothing_is_sent_before_the_commit(submission, eindredacteur):
    from intake.signals import submission_received

    submission_received.send(sender=type(submission), submission=submission)  # the test's transaction stays open

    assert mail.outbox == []


def test_a_proposal_sends_each_editor_one_notice_not_wagtails_as_well(
    site, client, eindredacteur, admin_user, django_capture_on_commit_callbacks
):
    """The form starts the review workflow itself; Wagtail would mail the Eindredacteurs (and the superusers) its own
    "submitted for moderation" on top of our notice, synchronously inside the form's request."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/nl/voorstellen/", proposal())
    assert response.status_code == 302

    to_editor = [message.subject for message in mail.outbox if eindredacteur.email in message.to]
    assert to_editor == ["Nieuwe inzending: Buurtwinkel in de pastorij"]
    assert not [message for message in mail.outbox if admin_user.email in message.to]
    assert [message.to for message in mail.outbox if "an.peeters@example.org" in message.to] == [
        ["an.peeters@example.org"]
    ]


def test_an_editor_submitting_a_case_still_gets_wagtails_notice_to_the_eindredacteurs(
    client, taxonomy, eindredacteur, redacteur
):
    case = CasePageFactory(live=False, title="Pop-ups in Lokeren")
    client.force_login(redacteur)
    data = edit_form_data(client, case)
    data["action-submit"] = "Stuur door naar Eindredactie"

    assert client.post(edit_url(case), data).status_code == 302

    assert [message for message in mail.outbox if eindredacteur.email in message.to]
