"""The background task that sends a delivery, run by django-tasks' worker (`manage.py db_worker`)."""

import logging

from django_tasks import task

from webhooks import sending
from webhooks.models import Delivery

logger = logging.getLogger(__name__)


@task(backend="background")
def deliver_webhook_task(delivery_id: int) -> str:
    """Send one delivery if it is due, and queue its next try (at `next_attempt_at`) when this one failed.

    Returns the delivery's status afterwards, or "skipped" when it was not due (sent already, or taken by another
    process): a task may safely run twice."""
    delivery = sending.claim(delivery_id)
    if delivery is None:
        return "skipped"
    sending.attempt(delivery)
    if delivery.status == Delivery.Status.PENDING:
        schedule_retry(delivery)
    return delivery.status


def schedule_retry(delivery: Delivery) -> bool:
    """Queue the next try for its time. A backend that cannot wait (the immediate one, in development) leaves it to
    `manage.py webhooks retry`; returns whether a task was queued."""
    if not deliver_webhook_task.get_backend().supports_defer:
        return False
    deliver_webhook_task.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    return True
