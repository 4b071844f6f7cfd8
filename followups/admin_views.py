"""The editors' side: ask a case's initiator for a follow-up, read what came back, turn it into a draft."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import CasePage
from followups import selectors, services
from followups.forms import FollowUpRequestForm
from followups.models import FollowUpReport


def editable_case(request, page_id: int) -> CasePage:
    case = get_object_or_404(CasePage.objects.select_related("locale"), pk=page_id)
    if not case.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return case


def request_view(request, page_id: int):
    case = editable_case(request, page_id)
    if request.method == "POST":
        form = FollowUpRequestForm(request.POST)
        if form.is_valid():
            services.request_create(
                case=case, email=form.cleaned_data["email"], language=form.cleaned_data["language"], user=request.user
            )
            messages.success(
                request,
                _("De vraag om opvolging wordt verstuurd naar %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("wagtailadmin_pages:edit", case.pk)
    else:
        email, language = selectors.initiator_contact(case=case)
        form = FollowUpRequestForm(initial={"email": email, "language": language or case.locale.language_code})
    context = {"case": case, "form": form, "requests": selectors.request_list_for_case(case_id=case.pk)}
    return TemplateResponse(request, "followups/admin/request.html", context)


def report_list_view(request):
    return TemplateResponse(request, "followups/admin/reports.html", {"reports": selectors.report_list()[:50]})


@require_POST
def report_to_draft_view(request, report_id: int):
    report = get_object_or_404(FollowUpReport.objects.select_related("case"), pk=report_id)
    case = editable_case(request, report.case_id)
    try:
        services.report_to_draft(report=report, user=request.user)
    except services.FollowUpError as error:
        messages.error(request, str(error))
        return redirect("followups_reports")
    messages.success(
        request,
        _("De opvolging staat nu in een conceptversie van ‘%(title)s’: kijk ze na en dien ze in voor publicatie.")
        % {"title": case.title},
    )
    return redirect(reverse("wagtailadmin_pages:edit", args=[case.pk]))
