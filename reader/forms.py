from django import forms
from django.utils.translation import gettext_lazy as _

from home.locales import locale_for
from reader.profile import ReaderProfile, municipalities_by_province, municipality_choice
from themes.vocabulary import audience_labels


class ProfileForm(forms.Form):
    audience = forms.ChoiceField(label=_("Ik ben"), required=False)
    municipality = forms.ChoiceField(
        label=_("Mijn gemeente"),
        required=False,
        help_text=_("Zo tonen we eerst voorbeelden uit gemeenten van dezelfde grootte."),
    )

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.fields["audience"].choices = [
            ("", _("— kies je rol —")),
            *audience_labels(locale=locale_for(language)).items(),
        ]
        self.fields["municipality"].choices = [
            ("", _("— kies je gemeente —")),
            *(
                (str(province), [(choice.nis_code, choice.name) for choice in choices])
                for province, choices in municipalities_by_province(language)
            ),
        ]
        self.fields["audience"].error_messages["invalid_choice"] = _("Kies een doelgroep uit de lijst.")
        self.fields["municipality"].error_messages["invalid_choice"] = _("Kies een Vlaamse gemeente uit de lijst.")

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("audience") and not data.get("municipality"):
            raise forms.ValidationError(_("Kies een doelgroep, een gemeente of allebei."))
        return data

    def profile(self) -> ReaderProfile:
        choice = municipality_choice(self.cleaned_data["municipality"], self.language)
        return ReaderProfile(audience=self.cleaned_data["audience"], municipality=choice)
