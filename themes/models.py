"""Themes and audiences: the two ways a case is classified.

Themes are pages (each has an introduction and its own URL on the reader site); audiences are
translatable snippets because they have no page of their own. Both carry a stable `code` that
the API, filters and reader URLs use in every language (audiences called it `slug` before API 1.1).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.blocks import RICH_TEXT_FEATURES
from home.serving import ReaderPageMixin
from home.visibility import VisiblePageManager

STABLE_CODE_HELP = _(
    "Vaste sleutel voor filters en de API, in elke taal dezelfde (kleine letters en koppeltekens). "
    "Niet meer wijzigen na publicatie."
)


class ThemeIndexPage(ReaderPageMixin, Page):
    objects = VisiblePageManager()

    intro = models.TextField(_("inleiding"), blank=True, max_length=600)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["themes.ThemePage"]
    max_count_per_parent = 1
    template = "themes/theme_index_page.html"

    class Meta:
        verbose_name = _("themaoverzicht")


class ThemePage(ReaderPageMixin, Page):
    objects = VisiblePageManager()
    serve_select_related = ("image",)  # read with the page when a reader opens it (home.serving.page_at)

    code = models.SlugField(_("sleutel"), max_length=60, help_text=STABLE_CODE_HELP)
    intro = models.TextField(_("korte inleiding"), max_length=300, blank=True, help_text=_("Eén of twee zinnen."))
    description = RichTextField(_("beschrijving"), features=RICH_TEXT_FEATURES, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("afbeelding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(_("alternatieve tekst"), max_length=250, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Afbeelding")),
    ]
    promote_panels = [FieldPanel("code")] + Page.promote_panels
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("description")]
    parent_page_types = ["themes.ThemeIndexPage"]
    subpage_types = []
    template = "themes/theme_page.html"
    # The code is the same in every language: wagtail-localize copies it instead of asking translators.
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("intro"),
        TranslatableField("description"),
        TranslatableField("image_alt"),
        SynchronizedField("image"),
        SynchronizedField("code"),
    ]

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def clean(self):
        super().clean()
        taken = ThemePage.objects.filter(code=self.code, locale_id=self.locale_id).exclude(pk=self.pk)
        if self.code and taken.exists():
            raise ValidationError({"code": _("Een ander thema in deze taal gebruikt deze sleutel al.")})


class Audience(TranslatableMixin, index.Indexed, models.Model):
    code = models.SlugField(_("sleutel"), max_length=60, help_text=STABLE_CODE_HELP)
    name = models.CharField(_("naam"), max_length=80)
    description = models.CharField(_("beschrijving"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.FilterField("locale_id")]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("code"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")
        constraints = [models.UniqueConstraint(fields=["code", "locale"], name="unique_audience_code_per_locale")]

    def __str__(self) -> str:
        return self.name
