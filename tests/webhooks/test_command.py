"""`manage.py webhooks`: the shell's way to add, list, remove and try subscriptions, and to send what is overdue."""

from datetime import timedelta
from io import StringIO

from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest

from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db


def webhooks(*args) -> str:
    out = StringIO()
    call_command("webhooks", *args, stdout=out)
    return out.getvalue()


def test_add_with_events_then_list_and_remove(receiver):
    output = webhooks("add", receiver.url, "--secret", "S3cr3t", "--event", "case.published", "--event", "case.deleted")

    subscription = Subscription.objects.get()
    assert output == f"Abonnement {subscription.pk} toegevoegd: {receiver.url} (case.published, case.deleted).\n"
    assert (subscription.secret, subscription.events, subscription.active) == (
        "S3cr3t",
        ["case.published", "case.deleted"],
        True,
    )
    assert webhooks("list") == f"{subscription.pk}\tactief\t{receiver.url}\tcase.published, case.deleted\n"

    assert webhooks("remove", str(subscription.pk)) == f"Abonnement {subscription.pk} verwijderd: {receiver.url}.\n"
    assert not Subscription.objects.exists()
    assert webhooks("list") == "Geen abonnementen.\n"


def test_add_without_events_subscribes_to_all(receiver):
    webhooks("add", receiver.url, "--secret", "S")

    assert Subscription.objects.get().events == [
        "case.published",
        "case.updated",
        "case.unpublished",
        "case.deleted",
        "theme.updated",
    ]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://vlaio.be/hooks", "http:// of https://"),
        ("file:///etc/passwd", "http:// of https://"),
        ("vlaio.be/hooks", "Voer een geldige URL in"),
    ],
)
def test_a_bad_url_is_refused_in_dutch(url, message):
    with pytest.raises(CommandError, match="Abonnement niet toegevoegd") as refused:
        webhooks("add", url, "--secret", "S")

    assert message in str(refused.value)
    assert not Subscription.objects.exists()


def test_an_internal_address_is_refused_when_not_allowed(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False

    with pytest.raises(CommandError, match=r"intern adres \(127\.0\.0\.1\)"):
        webhooks("add", "http://127.0.0.1:9000/hooks", "--secret", "S")


def test_an_unknown_event_is_refused():
    with pytest.raises(CommandError, match=r"case\.created"):
        webhooks("add", "https://www.vlaio.be/hooks", "--secret", "S", "--event", "case.created")


def test_remove_of_an_unknown_subscription_says_so():
    with pytest.raises(CommandError, match="Geen abonnement met nummer of adres 99"):
        webhooks("remove", "99")


def test_test_sends_one_signed_ping(subscription, receiver):
    assert webhooks("test", receiver.url).startswith("Afgeleverd: HTTP 204 in ")

    [request] = receiver.requests
    assert request.headers["X-Vitrine-Event"] == "ping"
    assert request.headers["X-Vitrine-Signature"].startswith("sha256=")


def test_test_reports_a_failure_and_does_not_retry(subscription, receiver):
    receiver.status = 500

    with pytest.raises(CommandError, match=r"Niet afgeleverd .*HTTP 500"):
        webhooks("test", str(subscription.pk))

    assert Delivery.objects.get().status == "failed"


def test_retry_sends_overdue_deliveries_only(subscription, receiver):
    now = timezone.now()
    overdue = Delivery.objects.create(
        subscription=subscription,
        event="case.updated",
        payload={"event": "case.updated"},
        next_attempt_at=now - timedelta(minutes=10),
    )
    Delivery.objects.create(
        subscription=subscription,
        event="case.updated",
        payload={"event": "case.updated"},
        next_attempt_at=now + timedelta(minutes=10),
    )

    assert webhooks("retry") == "1 aflevering(en) verstuurd, 1 afgeleverd.\n"
    overdue.refresh_from_db()
    assert overdue.status == "delivered"
    assert len(receiver.requests) == 1

    assert webhooks("retry", "--all") == "1 aflevering(en) verstuurd, 1 afgeleverd.\n"
    assert not Delivery.objects.filter(status="pending").exists()


def test_prune_deletes_old_finished_deliveries_only(subscription):
    old = timezone.now() - timedelta(days=40)
    for status in ("delivered", "failed", "pending"):
        delivery = Delivery.objects.create(subscription=subscription, event="case.updated", payload={}, status=status)
        Delivery.objects.filter(pk=delivery.pk).update(created_at=old)
    Delivery.objects.create(subscription=subscription, event="case.updated", payload={}, status="delivered")

    assert webhooks("prune") == "2 afgehandelde aflevering(en) van meer dan 30 dagen oud verwijderd.\n"
    assert sorted(Delivery.objects.values_list("status", flat=True)) == ["delivered", "pending"]
