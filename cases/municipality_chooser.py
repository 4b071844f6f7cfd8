"""Admin for municipalities: editors choose one by typing part of its name."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import SnippetViewSet

from cases.models import Municipality


class MunicipalitySearchForm(BaseFilterForm):
    """Finds a municipality by part of its Dutch, French or English name ("Zwa" → Zwalm).

    A database lookup rather than the search index: the 285 rows come from a data migration,
    which never fills the index, so a fresh site would find nothing.
    """

    q = forms.CharField(
        label=_("Zoek een gemeente"),
        widget=forms.TextInput(attrs={"placeholder": _("Typ een deel van de naam")}),
        required=False,
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(
                Q(name_nl__icontains=query) | Q(name_fr__icontains=query) | Q(name_en__icontains=query)
            )
            self.is_searching = True
            self.search_query = query
        return objects


class MunicipalityColumnsMixin:
    filter_form_class = MunicipalitySearchForm

    @property
    def columns(self):
        return [*super().columns, Column("province", label=_("Provincie"), accessor="get_province_display")]


class MunicipalityChooseView(MunicipalityColumnsMixin, snippet_chooser.ChooseView):
    pass


class MunicipalityChooseResultsView(MunicipalityColumnsMixin, snippet_chooser.ChooseResultsView):
    pass


class MunicipalityChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = MunicipalityChooseView
    choose_results_view_class = MunicipalityChooseResultsView
    choose_one_text = _("Kies een gemeente")


class MunicipalityViewSet(SnippetViewSet):
    """Reference data (Statbel), kept up to date with `load_municipalities`; editors only choose.

    Registered as a snippet so the case form gets a searchable chooser and wagtail-localize's
    translation editor shows the municipality's name instead of its id.
    """

    model = Municipality
    icon = "site"
    menu_label = _("Gemeenten")
    chooser_viewset_class = MunicipalityChooserViewSet
    list_display = ["name_nl", "province", "population"]
    search_fields = ["name_nl", "name_fr", "name_en"]
    search_backend_name = None
