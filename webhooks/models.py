"""Who is told about changes (subscriptions), what they are told (deliveries) and how each try went (attempts).

A delivery is one event for one subscription: its payload is fixed when the event happens, and every retry sends
the same body with the same `X-Vitrine-Delivery` id, so a receiver can drop duplicates.
"""

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from webhooks.targets import RefusedTarget, check_target


class Event(models.TextChoices):
    CASE_PUBLISHED = "case.published", _("Voorbeeld gepubliceerd")
    CASE_UPDATED = "case.updated", _("Voorbeeld bijgewerkt")
    CASE_UNPUBLISHED = "case.unpublished", _("Voorbeeld gedepubliceerd")
    CASE_DELETED = "case.deleted", _("Voorbeeld verwijderd")
    THEME_UPDATED = "theme.updated", _("Thema bijgewerkt")


# `manage.py webhooks test` sends this; nobody subscribes to it.
TEST_EVENT = "ping"
DELIVERY_EVENTS = [*Event.choices, (TEST_EVENT, _("Test"))]


def all_events() -> list[str]:
    return list(Event.values)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


# Only web addresses: a file:// or ftp:// target would make the worker read or write something else. A code of its
# own, or a model form would show its generic "invalid" message instead of this one.
http_url = URLValidator(
    schemes=["http", "https"], message=_("Geef een webadres dat met http:// of https:// begint."), code="scheme"
)


class SubscriptionQuerySet(models.QuerySet):
    def for_event(self, event: str) -> list["Subscription"]:
        """Active subscriptions that asked for `event` (a JSON list, so filtered in Python on every database)."""
        return [subscription for subscription in self.filter(active=True) if event in subscription.events]


class Subscription(models.Model):
    url = models.URLField(
        _("adres"),
        max_length=500,
        validators=[http_url],
        help_text=_("Het adres (http of https) dat bij elke gebeurtenis een POST met JSON krijgt."),
    )
    secret = models.CharField(
        _("geheim"),
        max_length=200,
        default=new_secret,
        help_text=_(
            "Gedeeld geheim: elke aanvraag draagt X-Vitrine-Signature, een HMAC-SHA256 van de body met dit geheim. "
            "Geef het aan de ontvanger door langs een veilige weg."
        ),
    )
    events = models.JSONField(_("gebeurtenissen"), default=all_events)
    active = models.BooleanField(_("actief"), default=True, help_text=_("Een inactief abonnement krijgt niets."))
    description = models.CharField(
        _("omschrijving"), max_length=200, blank=True, help_text=_("Voor wie of waarvoor, bv. 'VLAIO-website'.")
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhookabonnement")
        verbose_name_plural = _("webhookabonnementen")
        ordering = ["url", "pk"]

    def __str__(self) -> str:
        return self.description or self.url

    def clean(self) -> None:
        unknown = [event for event in self.events if event not in Event.values]
        if not self.events or unknown:
            raise ValidationError({"events": _("Kies een of meer van: %s.") % ", ".join(Event.values)})
        if self.url:
            try:
                check_target(self.url)
            except RefusedTarget as refused:
                raise ValidationError({"url": str(refused)}) from refused

    def event_labels(self) -> str:
        return ", ".join(str(Event(event).label) for event in self.events if event in Event.values)

    event_labels.short_description = _("gebeurtenissen")


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op verzending")
        DELIVERED = "delivered", _("Afgeleverd")
        FAILED = "failed", _("Opgegeven")

    subscription = models.ForeignKey(
        Subscription, verbose_name=_("abonnement"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("gebeurtenis"), max_length=40, choices=DELIVERY_EVENTS)
    payload = models.JSONField(_("inhoud"))
    delivery_id = models.UUIDField(_("afleverings-id"), default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True, db_index=True)
    last_response_code = models.PositiveIntegerField(_("laatste HTTP-status"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    last_duration_ms = models.PositiveIntegerField(_("laatste duur (ms)"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("laatste poging"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("afgeleverd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhookaflevering")
        verbose_name_plural = _("webhookafleveringen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhooks_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription.url}"

    def attempt_history(self) -> None:
        """Shown on the delivery's inspect page (webhooks/admin_views.py renders it)."""

    attempt_history.short_description = _("alle pogingen")


class Attempt(models.Model):
    """One POST of a delivery, kept so a Beheerder sees every try: when, how long, what came back."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("aflevering"), on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveIntegerField(_("poging"))
    started_at = models.DateTimeField(_("gestart"))
    duration_ms = models.PositiveIntegerField(_("duur (ms)"))
    response_code = models.PositiveIntegerField(_("HTTP-status"), null=True, blank=True)
    error = models.TextField(_("fout"), blank=True)
    succeeded = models.BooleanField(_("geslaagd"), default=False)

    class Meta:
        verbose_name = _("webhookpoging")
        verbose_name_plural = _("webhookpogingen")
        ordering = ["-started_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["delivery", "number"], name="webhooks_attempt_number")]

    def __str__(self) -> str:
        return f"{self.delivery} #{self.number}"
