from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from django_countries.fields import CountryField

from cases.blocks import CaseBodyStreamBlock
from cases.forms import CasePageForm
from cases.models.catalogue import refresh_catalogue
from cases.models.follow_ups import FollowUpMixin
from cases.panels import ChildChoicePanel
from cases.places import CaseStatus, Province, SizeClass
from cases.publishing import non_empty_block_types, publication_problems, video_problem
from home.serving import ReaderPageMixin
from home.visibility import VisiblePageManager
from preview.pages import HeadlessPreviewMixin

FIRST_YEAR = 1950
REQUIRED_TO_PUBLISH = _("Verplicht om te publiceren.")
# Publishing-rule problems the model reports on a field; the others (themes, audiences) go on the page.
PUBLICATION_FIELDS = {"summary", "place", "hero_image", "hero_image_alt", "video_url", "body"}


class CaseIndexPage(ReaderPageMixin, Page):
    objects = VisiblePageManager()

    intro = models.TextField(_("inleiding"), blank=True, max_length=600)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["cases.CasePage"]
    max_count_per_parent = 1
    template = "cases/case_index_page.html"

    class Meta:
        verbose_name = _("voorbeeldenoverzicht")


# Saves that only touch these columns (a draft saved for a live page, a lock) leave the catalogue as it is.
CATALOGUE_IGNORES = frozenset(
    {
        "draft_title",
        "latest_revision_created_at",
        "latest_revision",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


class CasePage(FollowUpMixin, HeadlessPreviewMixin, ReaderPageMixin, Page):
    """One inspiring example: the concept, its context, and what others can learn from it."""

    objects = VisiblePageManager()
    serve_select_related = ("hero_image",)  # read with the page when a reader opens it (home.serving.page_at)

    summary = models.TextField(
        _("samenvatting"),
        max_length=300,
        blank=True,
        help_text=_(
            "Gewone tekst, maximaal 300 tekens. Verschijnt in lijsten en bij het delen. Verplicht om te publiceren."
        ),
    )
    body = StreamField(
        CaseBodyStreamBlock(),
        blank=True,
        verbose_name=_("inhoud"),
        help_text=_(
            "Verplicht om te publiceren: een blok ‘Concept’ en minstens één blok ‘Learnings’ of ‘Tips & tricks’."
        ),
    )

    # Context: where and when
    municipality = models.ForeignKey(
        "cases.Municipality",
        verbose_name=_("Vlaamse gemeente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text=_("Voor een Vlaamse gemeente: provincie, inwonersaantal en ligging worden dan automatisch ingevuld."),
    )
    place = models.CharField(
        _("plaats"),
        max_length=100,
        blank=True,
        help_text=_("Stad of dorp. Leeg laten om de naam van de gemeente te gebruiken."),
    )
    country = CountryField(_("land"), default="BE")
    province = models.CharField(
        _("provincie"),
        max_length=20,
        choices=Province.choices,
        blank=True,
        help_text=_("Alleen voor België. Leeg laten om de provincie van de gemeente te gebruiken."),
    )
    population = models.PositiveIntegerField(
        _("inwoners"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(50_000_000)],
        help_text=_("Inwoners van de gemeente. Leeg laten om het cijfer van de Vlaamse gemeente te gebruiken."),
    )
    size_class = models.CharField(
        _("grootteklasse"), max_length=10, choices=SizeClass.choices, blank=True, editable=False, db_index=True
    )
    lat = models.FloatField(
        _("breedtegraad"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    lon = models.FloatField(
        _("lengtegraad"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    year_started = models.PositiveSmallIntegerField(
        _("startjaar"), null=True, blank=True, validators=[MinValueValidator(FIRST_YEAR)]
    )
    status = models.CharField(
        _("stand van zaken"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.RUNNING
    )
    initiator = models.CharField(_("initiatiefnemer"), max_length=200, blank=True)
    partners = models.TextField(_("partners"), max_length=600, blank=True)
    budget = models.CharField(
        _("budget"), max_length=200, blank=True, help_text=_("Een indicatie, bv. ‘ca. € 40 000 per jaar’.")
    )
    duration = models.CharField(
        _("looptijd"), max_length=200, blank=True, help_text=_("Bv. ‘18 maanden’ of ‘sinds 2021’.")
    )

    # Media
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hoofdafbeelding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Een hoofdafbeelding of een video is verplicht om te publiceren."),
    )
    hero_image_alt = models.CharField(
        _("alternatieve tekst"),
        max_length=250,
        blank=True,
        help_text=_("Wat staat er op de afbeelding? Verplicht bij een hoofdafbeelding."),
    )
    hero_image_credit = models.CharField(_("fotograaf of bron"), max_length=120, blank=True)
    video_url = models.URLField(
        _("video"),
        blank=True,
        help_text=_("Adres van een video op YouTube of Vimeo; getoond als er geen hoofdafbeelding is."),
    )

    # Promotion
    is_featured = models.BooleanField(
        _("uitgelicht"),
        default=False,
        help_text=_("Toon dit voorbeeld bij de uitgelichte voorbeelden op de startpagina."),
    )

    base_form_class = CasePageForm
    parent_page_types = ["cases.CaseIndexPage"]
    subpage_types = []
    template = "cases/case_page.html"

    content_panels = [
        # The title panel Wagtail gives every page: it fills the slug while the case is not live.
        TitleFieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    context_panels = [
        MultiFieldPanel(
            [
                FieldPanel("municipality"),
                FieldRowPanel([FieldPanel("place"), FieldPanel("country")]),
                FieldRowPanel([FieldPanel("province"), FieldPanel("population")]),
                FieldRowPanel([FieldPanel("lat"), FieldPanel("lon")]),
            ],
            heading=_("Plaats"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("year_started"), FieldPanel("status")]),
                FieldPanel("initiator"),
                FieldPanel("partners"),
                FieldRowPanel([FieldPanel("budget"), FieldPanel("duration")]),
            ],
            heading=_("Initiatief"),
        ),
    ]
    classification_panels = [
        ChildChoicePanel("themes", relation_name="case_themes", target="theme", heading=_("Thema's")),
        ChildChoicePanel("audiences", relation_name="case_audiences", target="audience", heading=_("Doelgroepen")),
    ]
    media_panels = [
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt"), FieldPanel("hero_image_credit")],
            heading=_("Hoofdafbeelding"),
        ),
        FieldPanel("video_url"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("is_featured")]
    follow_up_panels = [FieldPanel("follow_ups")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Inhoud")),
            ObjectList(context_panels, heading=_("Context")),
            ObjectList(classification_panels, heading=_("Classificatie")),
            ObjectList(media_panels, heading=_("Media")),
            ObjectList(follow_up_panels, heading=_("Opvolging")),
            # Go-live, expiry and privacy are in Wagtail 8's side panel, not in a tab.
            ObjectList(promote_panels, heading=_("Promotie")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("place"),
        index.AutocompleteField("place"),
        index.FilterField("size_class"),
        index.FilterField("country"),
        index.FilterField("province"),
        index.FilterField("year_started"),
        index.FilterField("status"),
    ]

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("summary"),
        TranslatableField("body"),
        TranslatableField("follow_ups"),  # texts and labels; dates and figures stay synchronised (follow_up_blocks)
        TranslatableField("hero_image_alt"),
        TranslatableField("hero_image_credit"),
        TranslatableField("initiator"),
        TranslatableField("partners"),
        TranslatableField("budget"),
        TranslatableField("duration"),
        TranslatableField("case_themes"),
        TranslatableField("case_audiences"),
        SynchronizedField("hero_image"),
        SynchronizedField("video_url"),
        SynchronizedField("municipality"),
        SynchronizedField("place"),
        SynchronizedField("country"),
        SynchronizedField("province"),
        SynchronizedField("population"),
        SynchronizedField("lat"),
        SynchronizedField("lon"),
        SynchronizedField("year_started"),
        SynchronizedField("status"),
        SynchronizedField("is_featured"),
    ]

    class Meta:
        verbose_name = _("voorbeeld")
        verbose_name_plural = _("voorbeelden")

    # --- Derived facts ---------------------------------------------------------------------
    @property
    def resolved_population(self) -> int | None:
        if self.population is not None:
            return self.population
        return self.municipality.population if self.municipality_id else None

    @property
    def is_abroad(self) -> bool:
        return self.country.code != "BE"

    def body_images(self) -> list:
        """Images used in the body (image and gallery blocks), in order."""
        images = []
        for block in self.body:
            if block.block_type == "image":
                images.append(block.value.get("image"))
            elif block.block_type == "gallery":
                images.extend(item.get("image") for item in block.value.get("images", []))
        return [image for image in images if image is not None]

    def apply_municipality_defaults(self) -> None:
        """Fill what the editor left empty from the linked Flemish municipality."""
        municipality = self.municipality if self.municipality_id else None
        if municipality is not None:
            self.place = self.place or municipality.name_nl
            self.province = self.province or municipality.province
            if self.lat is None and self.lon is None:
                self.lat, self.lon = municipality.lat, municipality.lon
        self.size_class = SizeClass.for_population(self.resolved_population) or ""

    def full_clean(self, *args, **kwargs):
        self.apply_municipality_defaults()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.apply_municipality_defaults()
        self.follow_up_due_on = self.compute_follow_up_due_on()
        result = super().save(*args, **kwargs)
        # After super().save(): modelcluster commits the theme and audience links only then.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or not CATALOGUE_IGNORES.issuperset(update_fields):
            refresh_catalogue([self.pk])
        return result

    def body_text(self) -> list[str]:
        """The body's words, as the search index sees them."""
        return [str(text) for text in self.body.stream_block.get_searchable_content(self.body) if text]

    # --- Validation ------------------------------------------------------------------------
    def clean(self):
        super().clean()
        errors = self.place_problems() | self.follow_up_problems()
        # A video address that can never be shown is refused on every save, drafts included.
        if video_error := video_problem(self.video_url):
            errors["video_url"] = [video_error]
        # The admin form checks the publishing rules itself (it knows draft from publish);
        # here they guard every other way of going live: imports, scripts, workflow approval.
        if self.live and not getattr(self, "_publication_rules_checked", False):
            for field, messages in self.publication_problems().items():
                known = errors.setdefault(field if field in PUBLICATION_FIELDS else "__all__", [])
                known.extend(message for message in messages if message not in known)
        if errors:
            raise ValidationError(errors)

    def place_problems(self) -> dict[str, list[str]]:
        problems: dict[str, list[str]] = {}
        belgian = self.country.code == "BE"
        if not belgian and self.municipality_id:
            problems["municipality"] = [_("Een Vlaamse gemeente kan alleen bij een Belgisch voorbeeld.")]
        if not belgian and self.province:
            problems["province"] = [_("Een provincie vul je alleen in voor België.")]
        if (self.lat is None) != (self.lon is None):
            problems["lon" if self.lon is None else "lat"] = [
                _("Vul breedte- en lengtegraad allebei in, of geen van beide.")
            ]
        if self.year_started and self.year_started > date.today().year + 5:
            problems["year_started"] = [_("Dit startjaar ligt te ver in de toekomst.")]
        return problems

    def publication_problems(self) -> dict[str, list[str]]:
        return publication_problems(
            summary=self.summary,
            has_place=bool(self.place or self.municipality_id),
            theme_count=sum(1 for link in self.case_themes.all() if link.theme_id),
            audience_count=sum(1 for link in self.case_audiences.all() if link.audience_id),
            has_hero_image=self.hero_image_id is not None,
            hero_image_alt=self.hero_image_alt,
            video_url=self.video_url,
            body_block_types=non_empty_block_types(self.body),
        )


class CaseTheme(TranslatableMixin, Orderable):
    """A case's theme. Translatable so a translated case points at the translated theme page."""

    page = ParentalKey(CasePage, on_delete=models.CASCADE, related_name="case_themes")
    theme = models.ForeignKey("themes.ThemePage", verbose_name=_("thema"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("theme")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("thema")


class CaseAudience(TranslatableMixin, Orderable):
    page = ParentalKey(CasePage, on_delete=models.CASCADE, related_name="case_audiences")
    audience = models.ForeignKey(
        "themes.Audience", verbose_name=_("doelgroep"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("audience")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("doelgroep")
