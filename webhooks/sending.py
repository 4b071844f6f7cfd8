"""One POST of a delivery: signed, with a short timeout, never following redirects; then the next try is planned.

Retries back off (RETRY_DELAYS) for about a day after the first try; after the last one the delivery is given up.
"""

import hashlib
import hmac
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from home.retries import MAX_ATTEMPTS, RETRY_DELAYS
from webhooks import payloads
from webhooks.models import Attempt, Delivery
from webhooks.targets import RefusedTarget, check_target

# While one process sends, the delivery is not due for anyone else; after this a crashed send is retried.
LEASE = timedelta(minutes=2)
USER_AGENT = "Vitrine-Webhooks/1.0 (+De Vitrine)"
ERROR_LENGTH = 500


def signature(secret: str, raw_body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect counts as a failure: following it could lead to an address check_target refused."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(url: str, raw_body: bytes, headers: dict) -> tuple[int | None, str]:
    """(HTTP status or None, error text) of one POST; an answer other than 2xx is an error."""
    check_target(url)
    request = urllib.request.Request(url, data=raw_body, headers=headers, method="POST")  # noqa: S310 - http(s) only
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            response.read(1024)
            return response.status, ""
    except urllib.error.HTTPError as error:
        excerpt = error.read(300).decode("utf-8", "replace")
        return error.code, f"HTTP {error.code} {error.reason}: {excerpt}".strip()[:ERROR_LENGTH]
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, f"{type(reason).__name__}: {reason}"[:ERROR_LENGTH]


def claim(delivery_id: int, *, force: bool = False) -> Delivery | None:
    """Take a due delivery for this process (one atomic UPDATE), or None when it is not due or someone else has it.
    Duplicate tasks for one delivery are therefore harmless."""
    now = timezone.now()
    due = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING)
    if not force:
        due = due.filter(next_attempt_at__lte=now)
    if not due.update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1):
        return None
    return Delivery.objects.select_related("subscription").get(pk=delivery_id)


def attempt(delivery: Delivery) -> Attempt:
    """Send a claimed delivery once and record the outcome; returns the attempt (with `next_attempt_at` set on the
    delivery when another try will come)."""
    subscription = delivery.subscription
    raw_body = payloads.body(delivery.payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Vitrine-Event": delivery.event,
        "X-Vitrine-Delivery": str(delivery.delivery_id),
        "X-Vitrine-Signature": signature(subscription.secret, raw_body),
    }
    started, clock = timezone.now(), time.monotonic()
    if subscription.active:
        try:
            code, error = post(subscription.url, raw_body, headers)
        except RefusedTarget as refused:
            code, error = None, str(refused)
    else:
        code, error = None, "Abonnement staat op inactief."
    duration_ms = int((time.monotonic() - clock) * 1000)
    succeeded = code is not None and 200 <= code < 300
    record = Attempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        started_at=started,
        duration_ms=duration_ms,
        response_code=code,
        error=error,
        succeeded=succeeded,
    )
    delivery.last_attempt_at, delivery.last_response_code = started, code
    delivery.last_error, delivery.last_duration_ms = error, duration_ms
    if succeeded:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            Delivery.Status.DELIVERED,
            timezone.now(),
            None,
        )
    elif delivery.attempts >= MAX_ATTEMPTS or not subscription.active:
        delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
    else:
        delivery.next_attempt_at = started + timedelta(minutes=RETRY_DELAYS[delivery.attempts - 1])
    delivery.save(
        update_fields=[
            "status",
            "next_attempt_at",
            "last_attempt_at",
            "last_response_code",
            "last_error",
            "last_duration_ms",
            "delivered_at",
        ]
    )
    return record
