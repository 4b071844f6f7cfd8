"""What a valid proposal becomes: a draft case awaiting the Eindredactie, and the submitter's data kept apart."""

import io
import json

from wagtail.models import Locale, WorkflowState

import pytest
from PIL import Image as PILImage

from cases.models import CaseIndexPage, CasePage
from intake.language import written_language
from intake.models import Submission
from intake.signals import submission_received
from tests.home.image_helpers import jpeg_with_metadata, png_with_metadata
from tests.intake.conftest import photo_file, proposal

pytestmark = pytest.mark.django_db
URL = "/nl/voorstellen/"

FRENCH = {
    "title": "Une épicerie de quartier dans le presbytère",
    "summary": "Le presbytère vide est devenu une épicerie de quartier avec un coin café, tenue par des bénévoles.",
    "concept": "La commune a acheté le presbytère. Des bénévoles y tiennent une épicerie avec un coin café pour les "
    "habitants du quartier et les visiteurs de passage.",
    "learnings": "Associez les habitants dès le début.\nGardez des horaires simples.",
    "tips": "Commencez par une période d'essai de six mois.",
}


@pytest.fixture
def received():
    calls = []

    def listener(sender, submission, **kwargs):
        calls.append(submission)

    submission_received.connect(listener)
    yield calls
    submission_received.disconnect(listener)


def two_photos() -> dict:
    return {
        "photo_1": photo_file("winkel.jpg", jpeg_with_metadata()),
        "photo_1_alt": "De buurtwinkel in de pastorij",
        "photo_1_credit": "An Peeters",
        "photo_2": photo_file("koffie.png", png_with_metadata(), "image/png"),
        "photo_2_alt": "De koffiehoek",
        "photo_2_credit": "Gemeente Zwalm",
        "photo_consent": "on",
    }


def test_a_proposal_becomes_a_draft_awaiting_review(site, client, received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**proposal(), **two_photos()})

    assert response.status_code == 302
    assert response["Location"] == "/nl/voorstellen/bedankt/"
    case = CasePage.objects.get()
    assert not case.live and case.has_unpublished_changes
    assert case.get_parent().specific_class is CaseIndexPage
    assert case.locale.language_code == "nl"
    assert (case.title, case.municipality.name_nl, case.place, case.year_started) == (
        "Buurtwinkel in de pastorij",
        "Zwalm",
        "Zwalm",
        2023,
    )
    assert [link.theme.code for link in case.case_themes.all()] == ["samenwerking", "beleid-en-visie"]
    assert [link.audience.code for link in case.case_audiences.all()] == ["lokale-besturen"]
    assert [block.block_type for block in case.body] == ["concept", "learnings", "tips", "dos", "image"]
    assert case.body[0].value.source == (
        "<p>De gemeente kocht de pastorij.</p><p>Vrijwilligers runnen er nu een buurtwinkel met een koffiehoek.</p>"
    )
    assert list(case.body[1].value["items"]) == [
        "Betrek de buurt van bij het begin.",
        "Houd de openingsuren eenvoudig.",
    ]
    assert case.hero_image_alt == "De buurtwinkel in de pastorij"
    assert case.body[4].value["credit"] == "Gemeente Zwalm"
    state = WorkflowState.objects.get(object_id=str(case.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Eindredactie"
    assert case.publication_problems() == {}  # an Eindredacteur can approve it as it is
    submission = Submission.objects.get()
    assert (submission.page, submission.name, submission.email, submission.language) == (
        case,
        "An Peeters",
        "an.peeters@example.org",
        "nl",
    )
    assert submission.photo_consent and submission.privacy_consent_at
    assert received == [submission]


def test_the_submitter_is_nowhere_in_the_page_or_its_revisions(site, client):
    client.post(URL, proposal())

    case = CasePage.objects.get()
    stored = json.dumps([revision.content for revision in case.revisions.all()]) + json.dumps(list(case.body.raw_data))
    assert "an.peeters@example.org" not in stored
    assert "An Peeters" not in stored


def test_stored_photos_carry_no_gps_position(site, client):
    client.post(URL, {**proposal(), **two_photos()})

    case = CasePage.objects.get()
    for image in [case.hero_image, case.body[4].value["image"]]:
        with image.file.open("rb") as file, PILImage.open(io.BytesIO(file.read())) as picture:
            exif = picture.getexif()
            assert not exif.get_ifd(0x8825), "GPS IFD left in the stored file"
            assert "Fotocam" not in str(dict(exif))


def test_french_text_goes_to_the_french_tree_whichever_form_it_came_through(site, client, case_index):
    french = Locale.objects.get(language_code="fr")
    case_index.copy_for_translation(french, copy_parents=True)

    response = client.post(URL, proposal(**FRENCH))

    assert response.status_code == 302
    case = CasePage.objects.get()
    assert case.locale.language_code == "fr"
    assert case.get_parent().locale.language_code == "fr"
    assert Submission.objects.get().language == "nl"  # messages to the submitter follow the form


def test_a_refusal_after_an_error_in_the_write_leaves_no_image_behind(site, client, monkeypatch):
    from intake import services

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services.Submission.objects, "create", broken)
    with pytest.raises(RuntimeError):
        client.post(URL, {**proposal(), **two_photos()})

    assert not CasePage.objects.exists()
    from wagtail.images import get_image_model

    assert not get_image_model().objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De gemeente kocht de pastorij en vrijwilligers runnen er een winkel voor de buurt.", "nl"),
        ("The town bought the old rectory and volunteers run a shop there for the neighbourhood.", "en"),
        ("La commune a acheté le presbytère et des bénévoles y tiennent une épicerie pour le quartier.", "fr"),
        ("Pastorij Zwalm", "en"),  # too few words to tell: the form's language
    ],
)
def test_the_written_language_decides(text, expected):
    assert written_language(text, default="en") == expected
