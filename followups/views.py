"""The initiator's follow-up form, opened from the e-mailed link. Works without JavaScript; posts are rate limited
by home.public_forms like every public form, and checked for CSRF."""

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from followups import services
from followups.forms import FollowUpReportForm
from followups.models import FollowUpRequest


def private(response: HttpResponse) -> HttpResponse:
    # The token is in the URL: it must not leak to another site through the Referer. "same-origin", not
    # "no-referrer": with that, browsers post the form with `Origin: null`, which Django's CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def unusable(request, follow_up: FollowUpRequest | None) -> HttpResponse:
    """A clear page for a link that is unknown, used or expired; 404 or 410, never a form."""
    if follow_up is None:
        reason, status = "unknown", 404
    elif follow_up.used_at is not None:
        reason, status = "used", 410
    else:
        reason, status = "expired", 410
    context = {"reason": reason, "seo_title": _("Deze link werkt niet meer")}
    return private(render(request, "followups/unusable.html", context, status=status))


@never_cache
def report(request, token: str):
    follow_up = FollowUpRequest.objects.by_token(token)
    if follow_up is None or not follow_up.is_usable:
        return unusable(request, follow_up)
    status = 200
    if request.method == "POST":
        form = FollowUpReportForm(request.POST)
        if form.is_valid():
            try:
                services.report_create(request=follow_up, text=form.cleaned_data["text"], figures=form.figures())
            except services.FollowUpError:
                follow_up.refresh_from_db()
                return unusable(request, follow_up)
            return private(HttpResponseRedirect(reverse("followups:thanks")))
        status = 400
    else:
        form = FollowUpReportForm()
    context = {"form": form, "case": follow_up.case_in_language(), "seo_title": _("Hoe staat het nu?")}
    return private(render(request, "followups/report.html", context, status=status))


def thanks(request):
    return private(render(request, "followups/thanks.html", {"seo_title": _("Bedankt")}))
