from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cases.follow_up_blocks import FollowUpBlock, FollowUpFigureBlock

FIGURE_ROWS = 3  # enough for the figures that matter; the editor can add more in the admin
TEXT_MAX = FollowUpBlock.base_blocks["text"].field.max_length
LABEL_MAX = FollowUpFigureBlock.base_blocks["label"].field.max_length
VALUE_MAX = FollowUpFigureBlock.base_blocks["value"].field.max_length


def described(field: forms.Field, name: str) -> forms.Field:
    """Screen readers read the help text and the error with the field."""
    field.widget.attrs["aria-describedby"] = f"id_{name}-help"
    return field


class FollowUpReportForm(forms.Form):
    """The initiator's short follow-up form: a text and up to three figures, each a label with its value."""

    text = forms.CharField(
        label=_("Hoe staat het initiatief er nu voor?"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Wat liep goed, wat veranderde, wat volgt? Maximaal 1500 tekens."),
        error_messages={"required": _("Vertel kort hoe het initiatief er nu voor staat.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        described(self.fields["text"], "text")
        for row in range(1, FIGURE_ROWS + 1):
            self.fields[f"figure_{row}_value"] = described(
                forms.CharField(
                    label=_("Cijfer %(row)s") % {"row": row},
                    max_length=VALUE_MAX,
                    required=False,
                    help_text=_("Bv. ‘12’ of ‘-30%’."),
                ),
                f"figure_{row}_value",
            )
            self.fields[f"figure_{row}_label"] = described(
                forms.CharField(
                    label=_("Wat betekent cijfer %(row)s?") % {"row": row},
                    max_length=LABEL_MAX,
                    required=False,
                    help_text=_("Bv. ‘winkelpanden opnieuw verhuurd’."),
                ),
                f"figure_{row}_label",
            )

    def figure_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"figure_{row}_value"], self[f"figure_{row}_label"]) for row in range(1, FIGURE_ROWS + 1)]

    def clean(self):
        data = super().clean()
        for row in range(1, FIGURE_ROWS + 1):
            value, label = (data.get(f"figure_{row}_{part}", "").strip() for part in ("value", "label"))
            if value and not label:
                self.add_error(f"figure_{row}_label", _("Zeg wat dit cijfer betekent."))
            elif label and not value:
                self.add_error(f"figure_{row}_value", _("Vul het cijfer in, of laat beide velden leeg."))
        return data

    def figures(self) -> list[dict]:
        rows = [
            (self.cleaned_data[f"figure_{row}_label"].strip(), self.cleaned_data[f"figure_{row}_value"].strip())
            for row in range(1, FIGURE_ROWS + 1)
        ]
        return [{"label": label, "value": value} for label, value in rows if label and value]


class FollowUpRequestForm(forms.Form):
    """The editor's side: to whom the follow-up question goes, and in which language."""

    email = forms.EmailField(
        label=_("E-mailadres van de initiatiefnemer"),
        help_text=_("Krijgt een link naar een kort formulier; de link werkt één keer."),
    )
    language = forms.ChoiceField(label=_("Taal van de e-mail en het formulier"), choices=settings.LANGUAGES)
