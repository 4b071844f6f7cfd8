"""The proposal form's tests: the site's themes, audiences and privacy page, and a post a person would send;
and for the editors' side, a submission as the form leaves it."""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image as PILImage

from intake import guards
from intake.signals import submission_received
from tests.factories.home import StandardPageFactory, default_home_page
from tests.factories.intake import SubmissionFactory
from tests.mail_server import smtp_settings  # noqa: F401 - a fixture of the mail tests


@pytest.fixture(autouse=True)
def _no_minimum_fill_time(settings):
    settings.INTAKE_MIN_FILL_SECONDS = 0


@pytest.fixture
def site(taxonomy):
    StandardPageFactory(parent=default_home_page(), title="Privacy", slug="privacy")
    return taxonomy


def proposal(**changes) -> dict:
    """A complete proposal as the Dutch form posts it."""
    data = {
        guards.STARTED: guards.started_token(),
        "title": "Buurtwinkel in de pastorij",
        "municipality": "Zwalm",
        "summary": "De leegstaande pastorij werd een buurtwinkel met een koffiehoek, gerund door vrijwilligers.",
        "concept": "De gemeente kocht de pastorij.\n\nVrijwilligers runnen er nu een buurtwinkel met een koffiehoek.",
        "learnings": "Betrek de buurt van bij het begin.\nHoud de openingsuren eenvoudig.",
        "tips": "Start met een proefperiode van zes maanden.",
        "dos": "Vier elke mijlpaal met de buurt.",
        "donts": "",
        "themes": ["samenwerking", "beleid-en-visie"],
        "audiences": ["lokale-besturen"],
        "year_started": "2023",
        "status": "running",
        "video_url": "",
        "name": "An Peeters",
        "organisation": "Gemeente Zwalm",
        "email": "an.peeters@example.org",
        "privacy_consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def photo_file(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def noisy_png(size: tuple[int, int]) -> bytes:
    """A PNG that does not compress: about 3 bytes per pixel."""
    buffer = io.BytesIO()
    noise = random.Random(13).randbytes(size[0] * size[1] * 3)  # noqa: S311 - test pixels, not secrets
    PILImage.frombytes("RGB", size, noise).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def submission(taxonomy):
    return SubmissionFactory(title="Pop-ups in Lokeren")


@pytest.fixture
def receive(django_capture_on_commit_callbacks):
    """What the public form does once it has stored a submission: send `submission_received` after the commit."""

    def send(submission):
        with django_capture_on_commit_callbacks(execute=True):
            submission_received.send(sender=type(submission), submission=submission)

    return send
