"""The root of each language tree and the plain content pages (about, privacy, accessibility)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import StandardBodyStreamBlock


class HomePage(Page):
    intro = models.TextField(
        _("inleiding"), max_length=600, blank=True, help_text=_("Wat De Vitrine is, in twee zinnen.")
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cases.CaseIndexPage", "themes.ThemeIndexPage", "home.StandardPage"]
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("startpagina")

    def get_context(self, request, *args, **kwargs):
        from cases.selectors import case_list

        context = super().get_context(request, *args, **kwargs)
        cases = case_list(locale=self.locale)
        context["featured_cases"] = [case for case in cases if case.is_featured][:3]
        context["latest_cases"] = cases[:6]
        return context


class StandardPage(Page):
    intro = models.TextField(_("inleiding"), max_length=600, blank=True)
    body = StreamField(StandardBodyStreamBlock(), blank=True, verbose_name=_("inhoud"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    template = "home/standard_page.html"

    class Meta:
        verbose_name = _("standaardpagina")
