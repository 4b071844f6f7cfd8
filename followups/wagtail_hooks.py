"""Admin: the "Opvolging vragen" button on a case, the reports screen, and new reports on the dashboard."""

from django.db.models import Count, Window
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem

from cases.models import CasePage
from followups import admin_views, selectors

ROWS_PER_PANEL = 10


@hooks.register("register_admin_urls")
def register_follow_up_urls():
    return [
        path("opvolging/vragen/<int:page_id>/", admin_views.request_view, name="followups_request"),
        path("opvolging/verslagen/", admin_views.report_list_view, name="followups_reports"),
        path(
            "opvolging/verslagen/<int:report_id>/concept/",
            admin_views.report_to_draft_view,
            name="followups_report_to_draft",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return MenuItem(_("Opvolgingsverslagen"), reverse("followups_reports"), icon_name="date", order=160)


class RequestFollowUpButton(PageMenuItem):
    label = _("Opvolging vragen")
    icon_name = "mail"
    url_name = "followups_request"

    def is_shown(self, user):
        return isinstance(self.page.specific_deferred, CasePage) and self.page.permissions_for_user(user).can_edit()


@hooks.register("register_page_header_buttons")
def follow_up_header_button(page, user, view_name, next_url=None):
    yield RequestFollowUpButton(page=page, priority=62)


class NewReportsPanel(Component):
    """Reports initiators sent that no editor turned into a draft yet, in one query (the total rides along)."""

    name = "follow_up_reports"
    order = 135
    template_name = "followups/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        rows = list(selectors.report_new_list().annotate(new_total=Window(Count("pk")))[:ROWS_PER_PANEL])
        return {"rows": rows, "total": rows[0].new_total if rows else 0}


@hooks.register("construct_homepage_panels")
def add_new_reports_panel(request, panels):
    panels.append(NewReportsPanel())
