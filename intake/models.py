from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Decision(models.TextChoices):
    PENDING = "", _("nog niet beslist")
    PUBLISHED = "published", _("gepubliceerd")
    REJECTED = "rejected", _("afgewezen")


class Submission(models.Model):
    """Who proposed a case through the public form, and what the editors decided.

    Kept apart from the page on purpose: the submitter's name and e-mail address must never reach a revision, a
    translation or the API, and they are deleted a while after the decision (INTAKE_RETENTION_DAYS).
    """

    page = models.OneToOneField(
        "cases.CasePage",
        verbose_name=_("voorbeeld"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submission",
    )
    language = models.CharField(
        _("taal"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("De taal van het formulier; berichten aan de indiener volgen die taal."),
    )
    name = models.CharField(_("naam"), max_length=120)
    organisation = models.CharField(_("organisatie"), max_length=160, blank=True)
    email = models.EmailField(_("e-mailadres"), max_length=254)
    privacy_consent_at = models.DateTimeField(_("akkoord met de privacyverklaring op"))
    photo_consent = models.BooleanField(_("akkoord met het publiceren van de foto's"), default=False)
    submitted_at = models.DateTimeField(_("ingediend op"), default=timezone.now, db_index=True)
    decision = models.CharField(_("beslissing"), max_length=16, choices=Decision.choices, blank=True)
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("inzending")
        verbose_name_plural = _("inzendingen")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        title = self.page.title if self.page_id else _("(voorbeeld verwijderd)")
        return f"{title} — {self.organisation or self.name}"
