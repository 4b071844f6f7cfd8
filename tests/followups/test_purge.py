"""An initiator's e-mail address is not kept for ever: purge_follow_up_requests erases it INTAKE_RETENTION_DAYS after
the link was used or expired, as the privacy statement says."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from followups.models import FollowUpRequest
from tests.factories.cases import CasePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(home_page):
    return CasePageFactory(title="Pop-ups in Lier")


def request_for(case, email: str, *, days_ago: int, used: bool = False, sent: bool = True) -> FollowUpRequest:
    """A request sent `days_ago` days ago whose link was valid for 30 days (and used on the day it was sent)."""
    sent_at = timezone.now() - timedelta(days=days_ago)
    return FollowUpRequest.objects.create(
        case=case,
        email=email,
        language="nl",
        created_at=sent_at,
        sent_at=sent_at if sent else None,
        expires_at=sent_at + timedelta(days=30) if sent else None,
        used_at=sent_at if used else None,
    )


def purge(*args) -> str:
    out = StringIO()
    call_command("purge_follow_up_requests", *args, stdout=out)
    return out.getvalue()


def test_addresses_go_retention_days_after_the_link_was_used_or_expired(case, settings):
    settings.INTAKE_RETENTION_DAYS = 90
    used_long_ago = request_for(case, "oud@lier.be", days_ago=91, used=True)
    used_recently = request_for(case, "recent@lier.be", days_ago=89, used=True)
    expired_long_ago = request_for(case, "verlopen@lier.be", days_ago=121)  # expired 91 days ago
    expired_recently = request_for(case, "net-verlopen@lier.be", days_ago=119)  # expired 89 days ago
    never_sent = request_for(case, "nooit@lier.be", days_ago=91, sent=False)

    output = purge()

    kept = dict(FollowUpRequest.objects.values_list("pk", "email"))
    assert kept[used_long_ago.pk] == ""
    assert kept[expired_long_ago.pk] == ""
    assert kept[never_sent.pk] == ""
    assert kept[used_recently.pk] == "recent@lier.be"
    assert kept[expired_recently.pk] == "net-verlopen@lier.be"
    assert "3 e-mailadres(sen) van vragen om opvolging gewist" in output
    assert FollowUpRequest.objects.count() == 5, "the requests stay, for their reports and the editors' history"


def test_a_dry_run_erases_nothing(case):
    request_for(case, "oud@lier.be", days_ago=200, used=True)

    output = purge("--dry-run")

    assert FollowUpRequest.objects.get().email == "oud@lier.be"
    assert "1 e-mailadres(sen) van vragen om opvolging zouden gewist worden" in output
