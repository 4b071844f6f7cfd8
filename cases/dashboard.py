"""The editorial team's dashboard on the admin home page: what waits for review, what blocks
publication, what still needs a translation and what may be out of date. Every row opens the editor.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component

from cases import editorial

ROWS_PER_PANEL = 10  # enough to act on; the heading gives the total
# Wagtail's own "Awaiting your review" panel; ours replaces it (it also shows what blocks approval,
# and costs no query per row).
WAGTAIL_REVIEW_PANEL = "workflow_objects_to_moderate"


class EditorialPanel(Component):
    """A dashboard panel listing pages, each with notes (in a column `notes_label`, if set) and a date."""

    template_name = "cases/dashboard/panel.html"
    name = ""
    heading = ""
    description = ""
    empty_text = ""  # shown when there are no rows; without it, the panel is left out
    notes_label = ""
    ready_text = ""  # shown in the notes column of a case the publishing rules have nothing against
    date_label = ""
    exact_dates = False  # a date rather than "1 jaar geleden", where months matter

    def get_rows(self, request) -> tuple[list[editorial.EditorialRow], int]:
        raise NotImplementedError

    def get_context_data(self, parent_context):
        rows, total = self.get_rows(parent_context["request"])
        return {"panel": self, "rows": rows, "total": total, "hidden_count": total - len(rows)}


class ReviewPanel(EditorialPanel):
    name = "editorial_reviews"
    order = 100
    heading = _("Wacht op jouw beoordeling")
    description = _("Open een pagina om ze goed te keuren of om wijzigingen te vragen.")
    notes_label = _("Houdt goedkeuring tegen")
    ready_text = _("Voldoet aan de publicatieregels")
    date_label = _("Ingediend")

    def get_rows(self, request):
        rows = editorial.case_review_list(user=request.user)
        return rows, len(rows)


class DraftPanel(EditorialPanel):
    name = "editorial_drafts"
    order = 110
    heading = _("Concepten")
    description = _(
        "Nederlandse voorbeelden die niet online staan of niet-gepubliceerde wijzigingen hebben, "
        "met wat publicatie nog tegenhoudt."
    )
    empty_text = _("Geen concepten: alles is gepubliceerd.")
    notes_label = _("Houdt publicatie tegen")
    ready_text = _("Voldoet aan de publicatieregels")
    date_label = _("Laatst bewerkt")

    def get_rows(self, request):
        return editorial.case_draft_list(limit=ROWS_PER_PANEL)


class UntranslatedPanel(EditorialPanel):
    name = "editorial_untranslated"
    order = 120
    heading = _("Nog niet vertaald")
    description = _("Gepubliceerde Nederlandse voorbeelden zonder Engelse of Franse vertaling.")
    empty_text = _("Elk gepubliceerd voorbeeld heeft een Engelse en een Franse vertaling.")
    notes_label = _("Vertaling ontbreekt")
    date_label = _("Eerst gepubliceerd")

    def get_rows(self, request):
        return editorial.case_untranslated_list(limit=ROWS_PER_PANEL)


class StalePanel(EditorialPanel):
    name = "editorial_stale"
    order = 130
    heading = _("Al 18 maanden niet bijgewerkt")
    description = _(
        "Gepubliceerde Nederlandse voorbeelden die 18 maanden niet bewerkt of gepubliceerd zijn: klopt alles nog?"
    )
    empty_text = _("Geen voorbeelden van meer dan 18 maanden oud.")
    date_label = _("Laatst bijgewerkt")
    exact_dates = True

    def get_rows(self, request):
        return editorial.case_stale_list(limit=ROWS_PER_PANEL)


class FollowUpDuePanel(EditorialPanel):
    name = "editorial_follow_up_due"
    order = 140
    heading = _("Opvolging nodig")
    description = _(
        "Gepubliceerde Nederlandse voorbeelden waarvan de publicatie of de laatste opvolging een jaar geleden is: "
        "vraag de initiatiefnemer hoe het nu staat, en voeg een opvolging toe in het tabblad ‘Opvolging’."
    )
    empty_text = _("Geen voorbeelden die op een opvolging wachten.")
    date_label = _("Opvolging nodig sinds")
    exact_dates = True

    def get_rows(self, request):
        return editorial.case_follow_up_due_list(limit=ROWS_PER_PANEL)


def construct_homepage_panels(request, panels):
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") != WAGTAIL_REVIEW_PANEL]
    panels.extend([ReviewPanel(), DraftPanel(), UntranslatedPanel(), StalePanel(), FollowUpDuePanel()])
