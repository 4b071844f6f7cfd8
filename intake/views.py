"""The public proposal form and its thank-you page. Thin: guard, validate, call the service, redirect."""

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from intake import guards, uploads
from intake.forms import ProposalForm
from intake.selectors import privacy_url
from intake.services import proposal_submit


@never_cache
@require_http_methods(["GET", "POST"])
def propose(request):
    language = get_language()
    if request.method == "GET":
        form = ProposalForm(language=language)
        return _render(request, form, token="", status=200)
    if guards.is_refused(request.POST):
        return HttpResponse(render_to_string("intake/refused.html", request=request), status=400)
    kept = uploads.from_token(request.POST.get("kept_photos", ""))
    form = ProposalForm(request.POST, request.FILES, language=language, kept=kept)
    if guards.too_fast(request.POST):
        # Nothing kept or written: a script gets no further; a person reads the note and sends again.
        form.full_clean()
        return _render(request, form, token=uploads.token_for(kept), status=400, too_fast=True)
    if not form.is_valid():
        return _render(request, form, token=form.keep_checked_photos(), status=400)
    proposal_submit(
        data=form.cleaned_data,
        photos=form.photos(),
        municipality=form.municipality_match,
        form_language=language,
    )
    uploads.discard(form.kept.values())
    uploads.discard_stale_uploads()
    return HttpResponseRedirect(reverse("intake:thanks"))


def _render(request, form: ProposalForm, *, token: str, status: int, too_fast: bool = False):
    context = {
        "form": form,
        "kept_token": token,
        "started": guards.started_token(),
        "honeypot": guards.HONEYPOT,
        "too_fast": too_fast,
        "privacy_url": privacy_url(language=form.language),
        "municipality_names": form.municipality_names(),
        "photo_slots": form.photo_slots(),
        "seo_title": _title(form),
    }
    return render(request, "intake/proposal_form.html", context, status=status)


def _title(form: ProposalForm) -> str:
    title = _("Voorbeeld voorstellen")
    return _("Fout: %(title)s") % {"title": title} if form.is_bound and form.errors else title


@never_cache
def thanks(request):
    return render(request, "intake/thanks.html", {"seo_title": _("Bedankt voor je voorstel")})
