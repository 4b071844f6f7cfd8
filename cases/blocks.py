"""The body of a case: the concept, the approach, what it brought and what others can learn.

Block type keys (`concept`, `steps`, …) appear as `type` in the API, so they are public:
renaming one needs a data migration and a changelog entry.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from home.blocks import (
    RICH_TEXT_FEATURES,
    ApiRichTextBlock,
    CaptionedImageBlock,
    DocumentBlock,
    GalleryBlock,
    LinksBlock,
    QuoteBlock,
    VideoBlock,
)


class ConceptBlock(ApiRichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Concept")
        template = "blocks/concept_block.html"
        description = _("Wat is het initiatief, waarom en voor wie? Verplicht om te publiceren.")
        preview_value = "<p>Leegstaande winkelpanden krijgen een tweede leven als tijdelijke pop-up.</p>"

    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)


class TransferabilityBlock(ApiRichTextBlock):
    class Meta:
        icon = "resubmit"
        label = _("Overdraagbaarheid")
        template = "blocks/transferability_block.html"
        description = _("Wat moet een kleinere of een grotere gemeente aanpassen om dit over te nemen?")
        preview_value = "<p>Een kleinere gemeente kan starten met één pand en een vrijwilliger als coördinator.</p>"

    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)


class StepsBlock(blocks.StructBlock):
    steps = blocks.ListBlock(
        blocks.TextBlock(label=_("Stap"), max_length=600), min_num=1, label=_("Stappen"), form_classname="steps"
    )

    class Meta:
        icon = "list-ol"
        label = _("Aanpak in stappen")
        template = "blocks/steps_block.html"
        description = _("De aanpak, stap voor stap, in de volgorde waarin het gebeurde.")
        preview_value = {"steps": ["Leegstand in kaart brengen.", "Eigenaars aanspreken.", "Oproep lanceren."]}


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Cijfer"), max_length=24, help_text=_("Kort, bv. ‘-30%’ of ‘12’."))
    label = blocks.CharBlock(label=_("Betekenis"), max_length=160, help_text=_("Bv. ‘leegstand in de winkelstraat’."))

    class Meta:
        icon = "order"
        label = _("Kerncijfer")


class ResultsBlock(blocks.StructBlock):
    figures = blocks.ListBlock(KeyFigureBlock(), min_num=1, label=_("Kerncijfers"))
    text = ApiRichTextBlock(features=RICH_TEXT_FEATURES, required=False, label=_("Toelichting"))

    class Meta:
        icon = "order"
        label = _("Resultaten en kerncijfers")
        template = "blocks/results_block.html"
        description = _("Wat het initiatief opleverde, in enkele cijfers.")
        preview_value = {"figures": [{"value": "-30%", "label": "leegstand"}, {"value": "14", "label": "pop-ups"}]}


class ItemListBlock(blocks.StructBlock):
    """A short list of sentences; learnings, tips, do's and don'ts share this shape."""

    items = blocks.ListBlock(blocks.TextBlock(label=_("Punt"), max_length=600), min_num=1, label=_("Punten"))

    class Meta:
        template = "blocks/item_list_block.html"
        kind = "learnings"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["kind"] = self.meta.kind
        return context


class LearningsBlock(ItemListBlock):
    class Meta:
        icon = "info-circle"
        label = _("Learnings")
        kind = "learnings"
        description = _("Wat de initiatiefnemers onderweg leerden.")
        preview_value = {"items": ["Betrek de eigenaars van bij de start."]}


class TipsBlock(ItemListBlock):
    class Meta:
        icon = "help"
        label = _("Tips & tricks")
        kind = "tips"
        description = _("Praktische tips voor wie het zelf wil doen.")
        preview_value = {"items": ["Werk met korte huurcontracten van zes maanden."]}


class DosBlock(ItemListBlock):
    class Meta:
        icon = "check"  # the counterpart of Don'ts' "cross"
        label = _("Do's")
        kind = "dos"
        description = _("Wat zeker werkt.")
        preview_value = {"items": ["Vier elke nieuwe opening met de buurt."]}


class DontsBlock(ItemListBlock):
    class Meta:
        icon = "cross"
        label = _("Don'ts")
        kind = "donts"
        description = _("Wat je beter vermijdt.")
        preview_value = {"items": ["Laat een pand niet leeg tussen twee pop-ups."]}


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Naam"), max_length=120)
    organisation = blocks.CharBlock(label=_("Organisatie"), required=False, max_length=160)
    email = blocks.EmailBlock(label=_("E-mailadres"), required=False)
    phone = blocks.CharBlock(label=_("Telefoon"), required=False, max_length=40)
    website = blocks.URLBlock(label=_("Website"), required=False)

    class Meta:
        icon = "user"
        label = _("Contactpersoon")
        template = "blocks/contact_block.html"
        description = _("Wie lezers kunnen contacteren voor meer uitleg.")
        preview_value = {"name": "An Peeters", "organisation": "Stad Lokeren", "email": "an.peeters@example.org"}

    def clean(self, value):
        value = super().clean(value)
        if not any(value.get(field) for field in ("email", "phone", "website")):
            message = ValidationError(_("Geef minstens een e-mailadres, een telefoonnummer of een website."))
            raise StructBlockValidationError(block_errors={"email": message})
        return value


class CaseBodyStreamBlock(blocks.StreamBlock):
    """Every case body, in the order editors usually write it."""

    concept = ConceptBlock()
    steps = StepsBlock()
    results = ResultsBlock()
    learnings = LearningsBlock()
    tips = TipsBlock()
    dos = DosBlock()
    donts = DontsBlock()
    transferability = TransferabilityBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    video = VideoBlock()
    document = DocumentBlock()
    links = LinksBlock()
    contact = ContactBlock()

    class Meta:
        block_counts = {"concept": {"max_num": 1}, "transferability": {"max_num": 1}, "contact": {"max_num": 1}}
