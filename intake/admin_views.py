"""The submissions in the admin, read-only, for the Eindredacteurs and Beheerders: who proposed which draft, what
they agreed to, what was decided and when their data goes."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from home.admin_views import ReadableInspectView
from intake.models import Submission


def page_title(submission: Submission) -> str:
    return submission.page.title if submission.page_id else str(_("(voorbeeld verwijderd)"))


def deleted_on(submission: Submission) -> str:
    if not submission.decided_at:
        return str(_("Pas na de beslissing: tot dan blijven ze bewaard."))
    deadline = submission.decided_at + timedelta(days=settings.INTAKE_RETENTION_DAYS)
    return formats.date_format(timezone.localtime(deadline), "DATE_FORMAT")


class SubmissionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page")  # one query for the list, not one a row


class SubmissionInspectView(ReadableInspectView):
    def get_page_display_value(self):
        page = self.object.page
        if page is None:
            return _("(voorbeeld verwijderd)")
        return format_html('<a href="{}">{}</a>', reverse("wagtailadmin_pages:edit", args=[page.pk]), page.title)

    def get_email_display_value(self):
        return format_html('<a href="mailto:{0}">{0}</a>', self.object.email)

    def get_deleted_on_display_value(self):
        return deleted_on(self.object)

    def get_field_label(self, field_name, field):
        if field_name == "deleted_on":
            return _("Gegevens van de indiener gewist op")
        return super().get_field_label(field_name, field)


class SubmissionViewSet(ModelViewSet):
    name = "intake_submissions"
    url_prefix = "inzendingen"
    model = Submission
    icon = "mail"
    menu_label = _("Inzendingen")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = SubmissionIndexView
    inspect_view_class = SubmissionInspectView
    list_display = [
        TitleColumn(
            "page",
            label=_("Voorbeeld"),
            accessor=page_title,
            get_url=lambda submission: reverse("intake_submissions:inspect", args=[submission.pk]),
        ),
        "organisation",
        "name",
        "submitted_at",
        "decision",
        "decided_at",
    ]
    list_filter = ["decision", "language"]
    search_fields = ["name", "organisation", "email"]
    inspect_view_fields = [
        "page",
        "language",
        "name",
        "organisation",
        "email",
        "privacy_consent_at",
        "photo_consent",
        "submitted_at",
        "decision",
        "decided_at",
        "deleted_on",
    ]
    form_fields = ["name"]  # never shown: nobody may add or edit (intake/permissions.py), but the viewset wants a form
