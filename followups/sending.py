"""The follow-up e-mail: the token is made here, at sending time, so it is never stored in clear anywhere."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from followups.models import FollowUpRequest


def request_send(*, request_id: int) -> bool:
    """Makes the token and sends the mail, once: a request sent or given up already (a task run twice) is left alone.

    The mail is sent inside the transaction, so a refused mail leaves the request unsent and without a token; the
    retry makes a new one.
    """
    with transaction.atomic():
        request = (
            FollowUpRequest.objects.select_for_update(of=("self",))
            .select_related("case")
            .filter(pk=request_id, sent_at__isnull=True, failed_at__isnull=True)
            .first()
        )
        if request is None:
            return False
        token = request.issue_token()
        request.save(update_fields=["token_hash", "sent_at", "expires_at"])
        with translation.override(request.language):
            link = settings.PUBLIC_BASE_URL + reverse("followups:report", kwargs={"token": token})
            case = request.case_in_language()
            context = {"case": case, "link": link, "expires_at": request.expires_at}
            subject = _("Hoe staat het nu met ‘%(title)s’?") % {"title": case.title}
            body = render_to_string("followups/email/request.txt", context)
        send_mail(subject, body, None, [request.email])
    return True


def request_give_up(*, request_id: int) -> None:
    """After the last failed try: the request stays unsent, marked so the editor sees it and can ask again."""
    FollowUpRequest.objects.filter(pk=request_id, sent_at__isnull=True).update(failed_at=timezone.now())
