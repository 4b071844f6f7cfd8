"""`manage.py purge_submissions`: submitter data goes INTAKE_RETENTION_DAYS after the decision, not before."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from intake.models import Decision, Submission
from tests.factories.intake import SubmissionFactory

pytestmark = pytest.mark.django_db


def purge(*args) -> str:
    out = StringIO()
    call_command("purge_submissions", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def submissions(taxonomy, settings):
    settings.INTAKE_RETENTION_DAYS = 90
    now = timezone.now()
    return {
        "expired": SubmissionFactory(
            title="Lang geleden gepubliceerd", decision=Decision.PUBLISHED, decided_at=now - timedelta(days=91)
        ),
        "rejected": SubmissionFactory(
            title="Lang geleden afgewezen", decision=Decision.REJECTED, decided_at=now - timedelta(days=120)
        ),
        "recent": SubmissionFactory(
            title="Pas gepubliceerd", decision=Decision.PUBLISHED, decided_at=now - timedelta(days=89)
        ),
        "undecided": SubmissionFactory(title="Nog niet beslist", submitted_at=now - timedelta(days=400)),
    }


def test_submitter_data_is_deleted_after_the_retention_period(submissions):
    output = purge()

    assert set(Submission.objects.values_list("pk", flat=True)) == {
        submissions["recent"].pk,
        submissions["undecided"].pk,
    }
    assert "Gewist: inzending" in output and "«Lang geleden gepubliceerd»" in output
    assert "«Lang geleden afgewezen»" in output
    assert "2 inzending(en) gewist (bewaartermijn 90 dagen na de beslissing)." in output
    assert "1 inzending(en) zonder beslissing blijven bewaard tot er een beslissing is." in output


def test_the_case_itself_stays(submissions):
    page = submissions["expired"].page

    purge()

    page.refresh_from_db()
    assert page.title == "Lang geleden gepubliceerd"


def test_dry_run_deletes_nothing(submissions):
    output = purge("--dry-run")

    assert Submission.objects.count() == 4
    assert "Zou wissen: inzending" in output
    assert "2 inzending(en) zouden gewist worden" in output


def test_the_retention_period_is_a_setting(submissions, settings):
    settings.INTAKE_RETENTION_DAYS = 30

    purge()

    assert list(Submission.objects.values_list("pk", flat=True)) == [submissions["undecided"].pk]
