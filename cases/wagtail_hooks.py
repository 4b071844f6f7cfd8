"""Admin: a flat listing of all cases with the filters editors need."""

from django.contrib import messages
from django.forms import RadioSelect
from django.urls import path, re_path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet

import django_filters

from cases import dashboard, import_views
from cases.admin_views import CaseIndexView
from cases.filters import SPEC
from cases.models import CasePage
from cases.municipality_chooser import MunicipalityViewSet
from cases.places import CaseStatus, SizeClass
from home.models import latest_publication_problems
from themes.models import Audience, ThemePage


def theme_choices():
    return list(ThemePage.objects.filter(locale__language_code="nl").order_by("path").values_list("code", "title"))


def audience_choices():
    return list(Audience.objects.filter(locale__language_code="nl").values_list("code", "name"))


def spec_choices(name: str, labels):
    """The values the API and the reader site accept for this filter (cases.filters), with their Dutch labels."""
    labels = dict(labels)
    return [(value, labels.get(value, value)) for value in SPEC[name].accepted()]


class CasePageFilterSet(PageFilterSet):
    theme = django_filters.ChoiceFilter(
        label=_("Thema"), choices=theme_choices, method="filter_theme", empty_label=_("Alle thema's")
    )
    audience = django_filters.ChoiceFilter(
        label=_("Doelgroep"), choices=audience_choices, method="filter_audience", empty_label=_("Alle doelgroepen")
    )
    status = django_filters.ChoiceFilter(label=_("Stand van zaken"), choices=spec_choices("status", CaseStatus.choices))
    size_class = django_filters.ChoiceFilter(label=_("Grootteklasse"), choices=spec_choices("size", SizeClass.choices))
    live = django_filters.BooleanFilter(
        label=_("Publicatie"),
        widget=RadioSelect(choices=[("", _("Alle")), ("true", _("Gepubliceerd")), ("false", _("Niet gepubliceerd"))]),
    )

    class Meta:
        model = CasePage
        fields = []

    def filter_theme(self, queryset, name, value):
        return queryset.filter(case_themes__theme__code=value).distinct() if value else queryset

    def filter_audience(self, queryset, name, value):
        return queryset.filter(case_audiences__audience__code=value).distinct() if value else queryset


class CasePageListingViewSet(PageListingViewSet):
    model = CasePage
    icon = "doc-full-inverse"
    menu_label = _("Voorbeelden")
    menu_order = 150
    add_to_admin_menu = True
    name = "cases"
    index_view_class = CaseIndexView
    filterset_class = CasePageFilterSet
    columns = [
        *PageListingViewSet.columns,
        Column("place", label=_("Plaats")),
        Column("size_class", label=_("Grootte"), accessor="get_size_class_display"),
        Column("status_label", label=_("Stand van zaken"), accessor="get_status_display"),
    ]


@hooks.register("register_admin_viewset")
def register_case_listing():
    return CasePageListingViewSet("cases")


hooks.register("construct_homepage_panels", dashboard.construct_homepage_panels)


@hooks.register("before_edit_page")
def warn_reviewers_about_publishing_rules(request, page):
    """A case under review whose newest revision breaks the rules cannot be approved: say why."""
    if request.method != "GET" or not isinstance(page.specific_deferred, CasePage) or not page.workflow_in_progress:
        return
    for field_messages in latest_publication_problems(page.specific).values():
        for message in field_messages:
            messages.warning(request, message)


# Municipalities: a chooser searched by typing part of the name, and their names in the translation editor.
register_snippet(MunicipalityViewSet)


# Spreadsheet import for Eindredacteurs and Beheerders (permission cases.import_cases, migration 0010).
@hooks.register("register_admin_urls")
def case_import_urls():
    return [
        path("voorbeelden/importeren/", import_views.case_import, name="case_import"),
        re_path(
            r"^voorbeelden/importeren/sjabloon\.(?P<extension>xlsx|csv)$",
            import_views.case_import_template,
            name="case_import_template",
        ),
    ]


class CaseImportMenuItem(MenuItem):
    def is_shown(self, request):
        return import_views.may_import(request.user)


@hooks.register("register_admin_menu_item")
def case_import_menu_item():
    return CaseImportMenuItem(_("Importeren"), reverse("case_import"), icon_name="upload", order=160)
