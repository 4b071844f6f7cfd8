import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256. A leaked database or backup then opens no form."""
    return hashlib.sha256(token.encode()).hexdigest()


class FollowUpRequestQuerySet(models.QuerySet):
    def by_token(self, token: str) -> "FollowUpRequest | None":
        if not token or len(token) > 100:
            return None
        return self.select_related("case").filter(token_hash=token_hash(token)).first()


class FollowUpRequest(models.Model):
    """An e-mail asking the initiator how the case stands now, with a single-use link to the follow-up form.

    The token is made when the background task sends the mail and only its hash is kept, so the raw token exists in
    the e-mail alone: not in this table, not in the task queue.
    """

    case = models.ForeignKey(
        "cases.CasePage", verbose_name=_("voorbeeld"), on_delete=models.CASCADE, related_name="follow_up_requests"
    )
    email = models.EmailField(_("e-mailadres"), max_length=254)
    language = models.CharField(
        _("taal"), max_length=8, choices=settings.LANGUAGES, help_text=_("De taal van de e-mail en het formulier.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gevraagd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    expires_at = models.DateTimeField(_("geldig tot"), null=True, blank=True)
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    failed_at = models.DateTimeField(
        _("niet verstuurd op"),
        null=True,
        blank=True,
        help_text=_("Het versturen werd dan opgegeven: de mailserver nam de e-mail na herhaalde pogingen niet aan."),
    )

    objects = FollowUpRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("vraag om opvolging")
        verbose_name_plural = _("vragen om opvolging")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.case.title} — {self.email}"

    def issue_token(self) -> str:
        """A new random token (returned once, for the e-mail) and its validity from now."""
        token = secrets.token_urlsafe(32)
        self.token_hash = token_hash(token)
        self.sent_at = timezone.now()
        self.expires_at = self.sent_at + timedelta(days=settings.FOLLOW_UP_TOKEN_DAYS)
        return token

    def case_in_language(self):
        """The case as the initiator reads it: its translation in the request's language, if there is one."""
        locale = Locale.objects.filter(language_code=self.language).first()
        translated = self.case.get_translation_or_none(locale) if locale is not None else None
        return translated.specific if translated is not None else self.case

    @property
    def is_expired(self) -> bool:
        return self.expires_at is None or self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and not self.is_expired


class FollowUpReport(models.Model):
    """What the initiator wrote on the follow-up form; an editor turns it into a follow-up on a draft of the case."""

    request = models.OneToOneField(
        FollowUpRequest, verbose_name=_("vraag"), on_delete=models.CASCADE, related_name="report"
    )
    case = models.ForeignKey(
        "cases.CasePage", verbose_name=_("voorbeeld"), on_delete=models.CASCADE, related_name="follow_up_reports"
    )
    text = models.TextField(_("hoe staat het nu?"), max_length=1500)
    figures = models.JSONField(_("resultaatcijfers"), default=list, blank=True)  # [{"label": …, "value": …}]
    submitted_at = models.DateTimeField(_("ingestuurd op"), default=timezone.now, db_index=True)
    draft_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("conceptversie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("verwerkt op"), null=True, blank=True, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verwerkt door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("opvolgingsverslag")
        verbose_name_plural = _("opvolgingsverslagen")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.case.title} — {self.submitted_at:%d-%m-%Y}"
