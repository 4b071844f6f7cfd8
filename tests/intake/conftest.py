import pytest

from intake.signals import submission_received
from tests.factories.intake import SubmissionFactory


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
