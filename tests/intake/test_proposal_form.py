"""The public proposal form: what it accepts, what it refuses, and that a refusal writes nothing."""

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from wagtail.images import get_image_model

import pytest

from cases.models import CasePage
from intake.apps import FORM_PATHS
from intake.models import Submission
from intake.uploads import UPLOAD_DIR
from tests.home.image_helpers import jpeg_with_metadata
from tests.intake.conftest import noisy_png, photo_file, proposal

pytestmark = pytest.mark.django_db
URL = "/nl/voorstellen/"


def nothing_written():
    uploads = default_storage.listdir(UPLOAD_DIR)[1] if default_storage.exists(UPLOAD_DIR) else []
    return (
        not CasePage.objects.exists()
        and not Submission.objects.exists()
        and not get_image_model().objects.exists()
        and not uploads
    )


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
def test_each_language_has_its_own_address(site, client, language):
    with translation.override(language):
        url = reverse("intake:propose")
    assert url == FORM_PATHS[language]

    response = client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert 'name="website"' in content  # the honeypot
    assert 'enctype="multipart/form-data"' in content


def test_the_form_page_costs_a_fixed_number_of_queries(site, client, django_assert_max_num_queries):
    client.get(URL)  # caches the vocabularies and locales, as a running site has them
    with django_assert_max_num_queries(4):
        response = client.get(URL)
    assert response.status_code == 200
    assert "Zwalm" in response.content.decode()  # the 285 municipalities are offered


def test_the_form_links_the_privacy_statement(site, client):
    assert 'href="/nl/privacy/"' in client.get(URL).content.decode()


def test_a_missing_field_is_shown_next_to_it_and_the_typed_text_is_kept(site, client):
    response = client.post(URL, proposal(summary="", privacy_consent=None))

    assert response.status_code == 400
    content = response.content.decode()
    assert escape("Vat je voorbeeld samen in twee of drie zinnen.") in content
    assert escape("Zonder je akkoord met de privacyverklaring kunnen we je voorstel niet ontvangen.") in content
    assert 'aria-describedby="id_summary-help id_summary-error"' in content
    assert 'role="alert"' in content  # the error summary
    assert "Buurtwinkel in de pastorij" in content
    assert "Betrek de buurt van bij het begin." in content
    assert nothing_written()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"summary": "x" * 301}, "summary", "Hoogstens 300 tekens (nu 301)"),
        ({"learnings": "\n".join(f"Les {n}" for n in range(6)), "tips": ""}, "learnings", "hoogstens 5 punten"),
        ({"learnings": "", "tips": ""}, "learnings", "minstens één learning of één tip"),
        ({"municipality": "Atlantis"}, "municipality", "geen Vlaamse gemeente met deze naam"),
        ({"municipality": "", "place": "Lille", "country": ""}, "country", "Kies het land"),
        ({"video_url": "https://example.org/film"}, "video_url", "YouTube of Vimeo"),
        ({"themes": []}, "themes", "Kies minstens één thema."),
        ({"themes": ["onbestaand"]}, "themes", "Kies thema's uit de lijst."),
        ({"year_started": "2099"}, "year_started", "te ver in de toekomst"),
        ({"email": "an.peeters"}, "email", "geldig e-mailadres"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_writes_nothing(site, client, changes, field, message):
    response = client.post(URL, proposal(**changes))

    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert nothing_written()


def test_a_place_abroad_is_accepted_with_its_country(site, client):
    response = client.post(URL, proposal(municipality="", place="Gent-Brugge", country="NL"))

    assert response.status_code == 302
    case = CasePage.objects.get()
    assert (case.place, case.country.code, case.municipality_id) == ("Gent-Brugge", "NL", None)


def test_french_messages_on_the_french_form(site, client):
    response = client.post(FORM_PATHS["fr"], proposal(email=""))

    assert response.status_code == 400
    assert "Indiquez votre adresse e-mail." in response.content.decode()


def test_a_filled_honeypot_is_refused_without_writing_anything(site, client):
    jpeg = photo_file("winkel.jpg", jpeg_with_metadata())

    response = client.post(URL, {**proposal(website="https://spam.example"), "photo_1": jpeg})

    assert response.status_code == 400
    assert nothing_written()


def test_a_post_without_a_signed_start_time_is_refused(site, client):
    response = client.post(URL, proposal(started="12345"))

    assert response.status_code == 400
    assert nothing_written()


def test_a_post_sooner_than_a_person_could_is_sent_back_unwritten(site, client, settings):
    settings.INTAKE_MIN_FILL_SECONDS = 60
    jpeg = photo_file("winkel.jpg", jpeg_with_metadata())

    response = client.post(URL, {**proposal(), "photo_1": jpeg, "photo_1_alt": "Winkel", "photo_1_credit": "An"})

    assert response.status_code == 400
    assert "erg snel" in response.content.decode()
    assert nothing_written()


def test_the_rate_limit_refuses_without_writing(site, client, settings):
    settings.PUBLIC_FORM_RATE = "2/minute"
    assert client.post(URL, proposal(summary="")).status_code == 400
    assert client.post(URL, proposal(summary="")).status_code == 400

    response = client.post(URL, proposal())

    assert response.status_code == 429
    assert nothing_written()


def test_a_body_larger_than_the_form_allows_is_refused_before_it_is_read(site, client):
    from django.conf import settings

    from intake.apps import PHOTO_COUNT

    too_large = PHOTO_COUNT * settings.INTAKE_MAX_PHOTO_BYTES + 2 * 1024 * 1024
    response = client.generic(
        "POST", URL, b"x", CONTENT_TYPE="application/x-www-form-urlencoded", CONTENT_LENGTH=str(too_large)
    )

    assert response.status_code == 413
    assert nothing_written()


def test_photos_pass_the_upload_checks(site, client, settings):
    settings.INTAKE_MAX_PHOTO_PIXELS = 1000
    response = client.post(
        URL,
        {
            **proposal(photo_consent="on"),
            "photo_1": photo_file("plan.pdf", b"%PDF-1.4 not a photo", "application/pdf"),
            "photo_1_alt": "Plan",
            "photo_1_credit": "Gemeente",
            "photo_2": photo_file("groot.png", noisy_png((40, 40)), "image/png"),
            "photo_2_alt": "Groot",
            "photo_2_credit": "Gemeente",
        },
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "Kies een foto in JPEG, PNG of WebP." in content
    assert "miljoen pixels" in content
    assert nothing_written()


def test_a_photo_needs_alt_text_credit_and_consent(site, client):
    response = client.post(URL, {**proposal(), "photo_1": photo_file("winkel.jpg", jpeg_with_metadata())})

    assert response.status_code == 400
    content = response.content.decode()
    assert "Beschrijf wat er op de foto staat." in content
    assert "Geef de fotograaf of de bron van de foto." in content
    assert escape("Geef je toestemming om de foto's te publiceren, of verwijder ze.") in content


def test_a_valid_photo_is_kept_across_a_failed_post_and_used_on_the_next(site, client, settings):
    settings.INTAKE_MAX_PHOTO_BYTES = 20_000
    first = client.post(
        URL,
        {
            **proposal(privacy_consent=None, photo_consent="on"),
            "photo_1": photo_file("winkel.jpg", jpeg_with_metadata()),
            "photo_1_alt": "De buurtwinkel",
            "photo_1_credit": "An Peeters",
            "photo_2": photo_file("groot.png", noisy_png((120, 120)), "image/png"),
            "photo_2_alt": "Te groot",
            "photo_2_credit": "An Peeters",
        },
    )

    assert first.status_code == 400
    content = first.content.decode()
    assert "een foto mag hoogstens" in content
    assert "Bewaard: winkel.jpg" in content
    assert CasePage.objects.count() == 0 and get_image_model().objects.count() == 0
    token = first.context["kept_token"]
    assert token

    second = client.post(
        URL,
        proposal(kept_photos=token, photo_consent="on", photo_1_alt="De buurtwinkel", photo_1_credit="An Peeters"),
    )

    assert second.status_code == 302
    case = CasePage.objects.get()
    assert case.hero_image.title == "De buurtwinkel"
    assert default_storage.listdir(UPLOAD_DIR)[1] == []  # the kept file is gone once used


def test_a_forged_photo_token_names_no_file(site, client):
    response = client.post(URL, proposal(kept_photos='{"1": ["../../etc/passwd", "x"]}'))

    assert response.status_code == 302
    assert CasePage.objects.get().hero_image is None


def test_photos_of_abandoned_forms_are_removed_after_a_day(site, client, settings):
    import os
    import time

    from django.core.management import call_command

    first = client.post(
        URL,
        {
            **proposal(privacy_consent=None, photo_consent="on"),
            "photo_1": photo_file("winkel.jpg", jpeg_with_metadata()),
            "photo_1_alt": "De buurtwinkel",
            "photo_1_credit": "An Peeters",
        },
    )
    assert first.status_code == 400
    [name] = default_storage.listdir(UPLOAD_DIR)[1]
    call_command("clean_intake_uploads")
    assert default_storage.listdir(UPLOAD_DIR)[1] == [name]  # still waiting for the corrected post

    day_old = time.time() - (settings.INTAKE_UPLOAD_HOURS * 3600 + 60)
    os.utime(default_storage.path(f"{UPLOAD_DIR}/{name}"), (day_old, day_old))
    call_command("clean_intake_uploads")

    assert default_storage.listdir(UPLOAD_DIR)[1] == []
