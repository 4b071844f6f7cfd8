"""The "Nieuwe inzendingen" panel on the admin home page, for the people who decide on them."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component

from intake.permissions import can_see_submitters
from intake.selectors import submission_undecided_list

ROWS_PER_PANEL = 10  # as the editorial panels (cases/dashboard.py); the heading gives the total


class NewSubmissionsPanel(Component):
    name = "intake_new_submissions"
    order = 90  # above "Wacht op jouw beoordeling": a submission is the start of that work
    template_name = "intake/dashboard/panel.html"
    heading = _("Nieuwe inzendingen")
    description = _(
        "Voorbeelden voorgesteld via het formulier, waarover nog niet beslist is. Publiceren of verwijderen "
        "van het concept is de beslissing."
    )
    empty_text = _("Geen nieuwe inzendingen.")

    def get_context_data(self, parent_context):
        rows, total = submission_undecided_list(limit=ROWS_PER_PANEL)
        return {"panel": self, "rows": rows, "total": total, "hidden_count": total - len(rows)}


def construct_homepage_panels(request, panels):
    if can_see_submitters(request.user):
        panels.append(NewSubmissionsPanel())
