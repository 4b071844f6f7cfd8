"""Follow-ups of a case ("Hoe staat het nu?"): what happened since publication, dated, with a few figures.

Kept apart from the body (cases/blocks.py) because they are a separate, dated record: the page shows them in their
own section, the API in its own `follow_ups` key, and the dashboard reads the latest date to know when the next one
is due. Block type keys are public (API), as in the body.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

MAX_FOLLOW_UPS = 10  # one a year is the rhythm; ten covers a decade without the page becoming a diary
MAX_FIGURES = 6


class SynchronisedCharBlock(blocks.CharBlock):
    """A short text that is the same in every language (a figure such as "-30%" or "12").

    wagtail-localize offers a CharBlock to translators; this one it leaves out, so a translation keeps the source's
    value and a corrected figure reaches the translations when they are synchronised.
    """

    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value


class FollowUpFigureBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label=_("Betekenis"), max_length=160, help_text=_("Bv. ‘winkelpanden opnieuw in gebruik’.")
    )
    value = SynchronisedCharBlock(
        label=_("Cijfer"), max_length=24, help_text=_("Kort, bv. ‘-30%’ of ‘12’. Hetzelfde in elke taal.")
    )

    class Meta:
        icon = "order"
        label = _("Resultaatcijfer")


class FollowUpBlock(blocks.StructBlock):
    """One follow-up: on this date, this is how the initiative stands."""

    date = blocks.DateBlock(label=_("Datum"), help_text=_("Wanneer deze stand van zaken gold. Niet in de toekomst."))
    text = blocks.TextBlock(
        label=_("Hoe staat het nu?"),
        max_length=1500,
        help_text=_("Gewone tekst, maximaal 1500 tekens: wat liep goed, wat veranderde, wat volgt."),
    )
    figures = blocks.ListBlock(
        FollowUpFigureBlock(),
        default=[],  # a new follow-up starts without figures: an empty row would have to be filled or removed
        min_num=0,
        max_num=MAX_FIGURES,
        label=_("Resultaatcijfers"),
        help_text=_("Optioneel, hoogstens zes."),
    )

    class Meta:
        icon = "date"
        label = _("Opvolging")
        description = _("Een gedateerde stand van zaken, bv. een jaar na de publicatie.")
        preview_value = {
            "date": "2026-03-01",
            "text": "Twaalf panden zijn opnieuw verhuurd; de pop-ups draaien nu zonder subsidie.",
            "figures": [{"label": "panden opnieuw verhuurd", "value": "12"}],
        }

    def clean(self, value):
        value = super().clean(value)
        if value.get("date") and value["date"] > date.today():
            raise StructBlockValidationError(
                block_errors={"date": ValidationError(_("Een opvolging kan niet in de toekomst liggen."))}
            )
        return value

    def get_api_representation(self, value, context=None):
        return {
            "date": value["date"].isoformat() if value.get("date") else None,
            "text": value.get("text") or "",
            "figures": [
                {"label": figure.get("label") or "", "value": figure.get("value") or ""}
                for figure in value.get("figures") or []
            ],
        }


class FollowUpStreamBlock(blocks.StreamBlock):
    """A case's follow-ups; the page and the API show them newest first, whatever their order here."""

    follow_up = FollowUpBlock()

    class Meta:
        max_num = MAX_FOLLOW_UPS
