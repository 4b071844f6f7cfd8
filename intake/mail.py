"""The two messages a submission causes: a confirmation to the submitter in their language, and a notice to the
Eindredacteurs with a link to the draft in the admin. Built from templates, so editors can read them as a whole."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from intake.models import Submission
from intake.permissions import NOTIFIED_GROUP

CONFIRMATION = "confirmation"
EDITORS = "editors"
KINDS = (CONFIRMATION, EDITORS)


def admin_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def editor_addresses() -> list[str]:
    """The active Eindredacteurs with an e-mail address, as they are now (not when the submission came in)."""
    users = get_user_model().objects.filter(is_active=True, groups__name=NOTIFIED_GROUP).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _render(template: str, context: dict) -> tuple[str, str]:
    """(subject, body): a mail template's first line is its subject."""
    subject, _blank, body = render_to_string(template, context).strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def confirmation_message(submission: Submission) -> EmailMessage:
    language = submission.language if submission.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    context = {
        "submission": submission,
        "title": submission.page.title if submission.page_id else "",
        "retention_days": settings.INTAKE_RETENTION_DAYS,
    }
    with translation.override(language):
        subject, body = _render(f"intake/mail/confirmation_{language}.txt", context)
    return EmailMessage(subject, body, to=[submission.email])


def editors_message(submission: Submission) -> EmailMessage | None:
    """None when there is nobody to tell, or nothing left to look at (the draft was deleted meanwhile)."""
    recipients = editor_addresses()
    if not recipients or submission.page_id is None:
        return None
    context = {
        "submission": submission,
        "title": submission.page.title,
        "edit_url": admin_url(reverse("wagtailadmin_pages:edit", args=[submission.page_id])),
        "submitter_url": admin_url(reverse("intake_submissions:inspect", args=[submission.pk])),
        "retention_days": settings.INTAKE_RETENTION_DAYS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _render("intake/mail/editors.txt", context)
    # One message for the team; each sees who else was told.
    return EmailMessage(subject, body, to=recipients)


def build(kind: str, submission: Submission) -> EmailMessage | None:
    return confirmation_message(submission) if kind == CONFIRMATION else editors_message(submission)
