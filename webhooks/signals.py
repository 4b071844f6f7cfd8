"""Turn Wagtail's publish, unpublish and delete of cases and themes into webhook deliveries.

Deliveries are written and queued after the commit: a publish that rolls back sends nothing, and the publish
itself never waits for a receiver (the worker sends). Only pages a reader could see (public, not behind a view
restriction) are announced, so an event never reveals a private page.
"""

import logging

from django.db import transaction
from django.db.models.signals import pre_delete, pre_save
from django.utils import timezone

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from cases.models import CasePage
from home.visibility import is_current
from themes.models import ThemePage
from webhooks import payloads
from webhooks.models import Delivery, Event, Subscription
from webhooks.tasks import deliver_webhook_task

logger = logging.getLogger(__name__)


def connect() -> None:
    pre_save.connect(remember_live_state, sender=CasePage, dispatch_uid="webhooks_case_live_state")
    page_published.connect(case_published, sender=CasePage, dispatch_uid="webhooks_case_published")
    page_unpublished.connect(case_unpublished, sender=CasePage, dispatch_uid="webhooks_case_unpublished")
    pre_delete.connect(case_deleted, sender=CasePage, dispatch_uid="webhooks_case_deleted")
    page_published.connect(theme_published, sender=ThemePage, dispatch_uid="webhooks_theme_published")


def remember_live_state(sender, instance, update_fields=None, **kwargs) -> None:
    """Before a publish saves the page: was it live already? Then the publish is an update, not a new case."""
    if instance.pk and instance.live and update_fields is None:
        instance._webhooks_was_live = Page.objects.filter(pk=instance.pk, live=True).exists()


def _public(page: Page) -> bool:
    return Page.objects.filter(pk=page.pk).public().exists()


def _subscribed() -> bool:
    return Subscription.objects.filter(active=True).exists()


def case_published(sender, instance, **kwargs) -> None:
    # A publish scheduled for later also sends page_published, with the page not yet live.
    if not is_current(instance) or not _subscribed() or not _public(instance):
        return
    event = Event.CASE_UPDATED if getattr(instance, "_webhooks_was_live", False) else Event.CASE_PUBLISHED
    announce(event, payloads.case_payload(event, instance))


def case_unpublished(sender, instance, **kwargs) -> None:
    if _subscribed() and _public(instance):
        announce(Event.CASE_UNPUBLISHED, payloads.case_payload(Event.CASE_UNPUBLISHED, instance))


def case_deleted(sender, instance, **kwargs) -> None:
    """A case that readers could see (live, or unpublished but once published) is announced as deleted."""
    if instance.first_published_at is None or not _subscribed() or not _public(instance):
        return
    announce(Event.CASE_DELETED, payloads.case_payload(Event.CASE_DELETED, instance))


def theme_published(sender, instance, **kwargs) -> None:
    if is_current(instance) and _subscribed() and _public(instance):
        announce(Event.THEME_UPDATED, payloads.theme_payload(Event.THEME_UPDATED, instance))


def announce(event: str, payload: dict) -> None:
    """After the commit: one delivery per active subscription to `event`, each queued for the worker. A failure
    here is logged and never undoes or fails the publish (robust)."""

    def deliver() -> None:
        now = timezone.now()
        deliveries = Delivery.objects.bulk_create(
            Delivery(subscription=subscription, event=event, payload=payload, next_attempt_at=now)
            for subscription in Subscription.objects.for_event(event)
        )
        for delivery in deliveries:
            deliver_webhook_task.enqueue(delivery.pk)

    transaction.on_commit(deliver, robust=True)
