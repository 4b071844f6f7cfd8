"""The admin's "Voorbeelden importeren": an editor uploads a spreadsheet and a zip of photos, sees what the
import would do (or what is wrong), and imports. The same import as `manage.py import_cases`; the uploaded files
wait on disk between the two steps (cases/importer/uploads.py) under a token only this session knows."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from wagtail.admin import messages

from cases.importer import ImportReport, import_cases
from cases.importer.template import CSV_TYPE, FILE_NAME, XLSX_TYPE, template_csv, template_xlsx
from cases.importer.uploads import UploadRejected, stage_upload, staged_import

IMPORT_PERMISSION = "cases.import_cases"
SESSION_KEY = "case_import_token"
# The check and the import each run within a request (gunicorn's worker timeout is 30 s): a few hundred new cases
# with a photo each take a few seconds (README "Importing examples"); larger files go through manage.py import_cases.
MAX_ROWS = 200


class CaseImportForm(forms.Form):
    sheet = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx of .csv)"),
        help_text=gettext_lazy("Ingevuld volgens het sjabloon: één rij per voorbeeld."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    photos = forms.FileField(
        label=gettext_lazy("Foto's (zip-bestand)"),
        help_text=gettext_lazy("De foto's die de spreadsheet bij naam noemt (JPEG, PNG of WebP), samen in één zip."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
    )


def may_import(user) -> bool:
    return user.is_active and user.has_perm(IMPORT_PERMISSION)


@require_http_methods(["GET", "POST"])
def case_import(request: HttpRequest) -> HttpResponse:
    if not may_import(request.user):
        raise PermissionDenied
    if request.method == "POST" and "token" in request.POST:
        return _import(request)
    form = CaseImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _discard_previous(request)
        try:
            staged = stage_upload(sheet=form.cleaned_data["sheet"], photos_zip=form.cleaned_data["photos"])
        except UploadRejected as error:
            form.add_error(None, str(error))
        else:
            report = import_cases(paths=[staged.sheet], photos=staged.photos, dry_run=True, max_rows=MAX_ROWS)
            if not report.ok:
                staged.discard()
                return _page(request, form=CaseImportForm(), report=report)
            request.session[SESSION_KEY] = staged.token
            unused = sorted(set(staged.photo_names()) - {path.name for path in report.image_files})
            return _page(request, form=CaseImportForm(), report=report, token=staged.token, unused_photos=unused)
    return _page(request, form=form)


def _import(request: HttpRequest) -> HttpResponse:
    token = request.POST["token"]
    staged = staged_import(token) if token == request.session.get(SESSION_KEY) else None
    if staged is None:
        messages.error(request, _("Deze upload is niet meer beschikbaar. Laad de bestanden opnieuw op."))
        return redirect("case_import")
    try:
        report = import_cases(paths=[staged.sheet], photos=staged.photos, max_rows=MAX_ROWS)
    finally:
        staged.discard()
        request.session.pop(SESSION_KEY, None)
    if not report.ok:  # the site changed since the check: nothing was written
        return _page(request, form=CaseImportForm(), report=report)
    messages.success(
        request,
        _("Import geslaagd: %(created)d nieuw, %(updated)d bijgewerkt, %(unchanged)d ongewijzigd.")
        % {name: len(slugs) for name, slugs in report.outcomes.items()},
    )
    return redirect("case_import")


def _discard_previous(request: HttpRequest) -> None:
    previous = staged_import(request.session.pop(SESSION_KEY, ""))
    if previous is not None:
        previous.discard()


def _page(
    request: HttpRequest,
    *,
    form: CaseImportForm,
    report: ImportReport | None = None,
    token: str = "",
    unused_photos: list[str] = (),
):
    outcomes = []
    if report is not None and report.ok:
        labels = {"created": _("Nieuw"), "updated": _("Bijgewerkt"), "unchanged": _("Ongewijzigd")}
        outcomes = [(labels[name], slugs) for name, slugs in report.outcomes.items()]
    context = {"title": _("Voorbeelden importeren"), "form": form, "report": report, "outcomes": outcomes}
    return render(request, "cases/case_import.html", {**context, "token": token, "unused_photos": unused_photos})


@require_GET
def case_import_template(request: HttpRequest, extension: str) -> HttpResponse:
    if not may_import(request.user):
        raise PermissionDenied
    content, content_type = (template_xlsx(), XLSX_TYPE) if extension == "xlsx" else (template_csv(), CSV_TYPE)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{FILE_NAME}.{extension}"'
    return response
