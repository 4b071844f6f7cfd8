"""One delivery sent to a real HTTP receiver: body, headers, signature, and what a failure leads to."""

import hashlib
import hmac
import json
import re
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from vitrine_cms.settings.base import task_settings
from webhooks.models import Delivery, Subscription
from webhooks.sending import MAX_ATTEMPTS, RETRY_DELAYS
from webhooks.tasks import deliver_webhook_task

pytestmark = pytest.mark.django_db
TASK_PATH = "webhooks.tasks.deliver_webhook_task"
PAYLOAD = {
    "event": "case.published",
    "id": 42,
    "slug": "pop-ups-lokeren",
    "locale": "nl",
    "url": f"{settings.PUBLIC_BASE_URL}/nl/voorbeelden/pop-ups-lokeren/",
    "api_url": f"{settings.PUBLIC_BASE_URL}/api/v1/cases/42/",
    "occurred_at": "2026-12-07T09:00:00+00:00",
}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = task_settings("database")


def pending(subscription, **fields) -> Delivery:
    return Delivery.objects.create(
        subscription=subscription, event="case.published", payload=PAYLOAD, next_attempt_at=timezone.now(), **fields
    )


def test_the_receiver_gets_the_signed_json_with_the_headers(subscription, receiver):
    delivery = pending(subscription)

    assert deliver_webhook_task.call(delivery.pk) == "delivered"

    [request] = receiver.requests
    assert request.path == "/hooks/vitrine"
    assert json.loads(request.body) == PAYLOAD
    assert list(json.loads(request.body)) == list(PAYLOAD)  # the documented key order
    headers = {name.lower(): value for name, value in request.headers.items()}
    assert headers["content-type"] == "application/json"
    assert headers["x-vitrine-event"] == "case.published"
    assert headers["x-vitrine-delivery"] == str(delivery.delivery_id)
    assert headers["user-agent"].startswith("Vitrine-Webhooks/")
    expected = hmac.new(b"geheim-van-vlaio", request.body, hashlib.sha256).hexdigest()
    assert headers["x-vitrine-signature"] == f"sha256={expected}"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == ("delivered", 1, 204)
    assert delivery.delivered_at is not None
    assert delivery.next_attempt_at is None
    [attempt] = delivery.attempt_log.all()
    assert (attempt.number, attempt.succeeded, attempt.response_code, attempt.error) == (1, True, 204, "")


def test_a_500_schedules_a_retry_in_a_minute_with_the_same_delivery_id(subscription, receiver, database_queue):
    receiver.status = 500
    delivery = pending(subscription)

    assert deliver_webhook_task.call(delivery.pk) == "pending"

    delivery.refresh_from_db()
    assert delivery.last_response_code == 500
    assert "HTTP 500" in delivery.last_error
    assert delivery.next_attempt_at == delivery.last_attempt_at + timedelta(minutes=RETRY_DELAYS[0])
    [queued] = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")
    assert queued.args_kwargs["args"] == [delivery.pk]
    assert queued.run_after == delivery.next_attempt_at
    # Not due yet: a second run of the task sends nothing.
    assert deliver_webhook_task.call(delivery.pk) == "skipped"
    assert len(receiver.requests) == 1

    # Its time comes; the receiver has recovered.
    receiver.status = 200
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert deliver_webhook_task.call(delivery.pk) == "delivered"
    first, second = receiver.requests
    assert first.headers["X-Vitrine-Delivery"] == second.headers["X-Vitrine-Delivery"] == str(delivery.delivery_id)
    assert first.body == second.body
    assert list(delivery.attempt_log.order_by("number").values_list("response_code", "succeeded")) == [
        (500, False),
        (200, True),
    ]


def test_a_dead_port_is_an_attempt_with_an_error_and_a_retry(subscription, dead_url, database_queue):
    Subscription.objects.filter(pk=subscription.pk).update(url=dead_url)
    delivery = pending(subscription)

    assert deliver_webhook_task.call(delivery.pk) == "pending"

    delivery.refresh_from_db()
    assert delivery.last_response_code is None
    assert "Connection refused" in delivery.last_error or "ConnectionRefusedError" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    assert DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").count() == 1


def test_a_slow_receiver_is_given_up_on_after_the_timeout(subscription, receiver, settings, database_queue):
    settings.WEBHOOK_TIMEOUT = 1
    receiver.delay = 10
    delivery = pending(subscription)

    started = time.monotonic()
    assert deliver_webhook_task.call(delivery.pk) == "pending"

    assert time.monotonic() - started < 4
    delivery.refresh_from_db()
    assert "timed out" in delivery.last_error
    assert 900 <= delivery.last_duration_ms < 4000


def test_a_redirect_is_not_followed_and_counts_as_a_failure(subscription, receiver, database_queue):
    receiver.status = 302
    delivery = pending(subscription)

    assert deliver_webhook_task.call(delivery.pk) == "pending"
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert delivery.last_response_code == 302


def test_retries_back_off_for_about_a_day_then_stop(subscription, receiver, database_queue):
    receiver.status = 503
    delivery = pending(subscription)
    waits = []
    for _ in range(MAX_ATTEMPTS):
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        deliver_webhook_task.call(delivery.pk)
        delivery.refresh_from_db()
        if delivery.next_attempt_at:
            waits.append(int((delivery.next_attempt_at - delivery.last_attempt_at).total_seconds() // 60))

    assert delivery.status == "failed"
    assert delivery.attempts == MAX_ATTEMPTS == 8
    assert delivery.next_attempt_at is None
    assert len(receiver.requests) == MAX_ATTEMPTS
    assert waits == [1, 5, 15, 60, 180, 360, 720]  # minutes: the last try comes 22 h 21 min after the first
    assert deliver_webhook_task.call(delivery.pk) == "skipped"


def test_an_inactive_subscription_gets_nothing(subscription, receiver):
    delivery = pending(subscription)
    Subscription.objects.filter(pk=subscription.pk).update(active=False)

    assert deliver_webhook_task.call(delivery.pk) == "failed"
    assert receiver.requests == []


def test_private_addresses_are_refused_when_not_allowed(subscription, receiver, settings, database_queue):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    delivery = pending(subscription)

    deliver_webhook_task.call(delivery.pk)

    assert receiver.requests == []
    delivery.refresh_from_db()
    assert "intern adres (127.0.0.1)" in delivery.last_error


def test_the_readme_snippet_verifies_a_real_delivery(subscription, receiver):
    """The README's verification code, run as a receiver would run it, on what this site really sent."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme[readme.index("## Webhooks") :]
    snippet = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    namespace = {}
    exec(snippet, namespace)  # noqa: S102 - our own README
    deliver_webhook_task.call(pending(subscription).pk)
    [request] = receiver.requests

    verify = namespace["is_from_de_vitrine"]
    assert verify(request.body, request.headers["X-Vitrine-Signature"], "geheim-van-vlaio")
    assert not verify(request.body + b" ", request.headers["X-Vitrine-Signature"], "geheim-van-vlaio")
    assert not verify(request.body, request.headers["X-Vitrine-Signature"], "een ander geheim")
    assert not verify(request.body, None, "geheim-van-vlaio")
