"""The public proposal form: what a municipal official can fill in within ten minutes, checked field by field.

Nothing here writes pages or images: `ProposalForm` only checks, and holds the checked photos in memory
(intake/uploads.py keeps them across a failed post, intake/services.py writes the draft).
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from django_countries import countries

from cases.models import Municipality
from cases.models.municipalities import fold_name
from cases.models.pages import FIRST_YEAR
from cases.places import CaseStatus
from home.locales import locale_for
from home.video import VideoUrlError, parse_video_url
from intake.apps import PHOTO_COUNT
from intake.photos import checked_photo
from intake.uploads import KeptPhoto, discard, keep, token_for
from themes.vocabulary import audience_labels, theme_labels

PHOTO_SLOTS = range(1, PHOTO_COUNT + 1)
MAX_ITEMS = 5
ITEM_LENGTH = 600  # as the body's list blocks allow
TOO_LONG = _("Hoogstens %(limit_value)d tekens (nu %(show_value)d). Maak de tekst korter.")


@dataclass(frozen=True)
class Photo:
    content: bytes  # without metadata
    name: str
    extension: str
    alt: str
    credit: str


class ItemsField(forms.CharField):
    """A few short points typed one per line; cleaned into a list."""

    widget = forms.Textarea(attrs={"rows": 5})

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=MAX_ITEMS * (ITEM_LENGTH + 2), **kwargs)

    def clean(self, value):
        text = super().clean(value)
        items = [line.strip(" \t-•*") for line in text.splitlines()]
        items = [item for item in items if item]
        if len(items) > MAX_ITEMS:
            raise forms.ValidationError(
                _("Geef hoogstens %(max)s punten, één per regel (nu %(count)s).")
                % {"max": MAX_ITEMS, "count": len(items)}
            )
        if any(len(item) > ITEM_LENGTH for item in items):
            raise forms.ValidationError(_("Elk punt mag hoogstens %(max)s tekens tellen.") % {"max": ITEM_LENGTH})
        return items


def required(message):
    return {"required": message}


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Titel van het voorbeeld"),
        max_length=120,
        help_text=_("Kort en concreet, bv. ‘Pop-upwinkels in leegstaande panden’."),
        error_messages=required(_("Geef je voorbeeld een titel.")),
    )
    municipality = forms.CharField(
        label=_("Vlaamse gemeente"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"list": "municipality-names", "autocomplete": "off"}),
        help_text=_("Typ de naam en kies uit de lijst. Voor een voorbeeld buiten Vlaanderen: vul plaats en land in."),
    )
    place = forms.CharField(label=_("Plaats (buiten Vlaanderen)"), max_length=100, required=False)
    country = forms.ChoiceField(label=_("Land (buiten Vlaanderen)"), required=False)
    summary = forms.CharField(
        label=_("Samenvatting"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Twee of drie zinnen, hoogstens 300 tekens: wat is het en wat leverde het op?"),
        error_messages=required(_("Vat je voorbeeld samen in twee of drie zinnen.")),
    )
    concept = forms.CharField(
        label=_("Het concept"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Wat is het initiatief, waarom is het gestart en voor wie? Hoogstens 5000 tekens."),
        error_messages=required(_("Beschrijf het concept van je voorbeeld.")),
    )
    learnings = ItemsField(
        label=_("Learnings"), help_text=_("Wat leerden jullie onderweg? Hoogstens vijf, één per regel.")
    )
    tips = ItemsField(
        label=_("Tips & tricks"),
        help_text=_("Praktische tips voor wie het wil overnemen. Hoogstens vijf, één per regel."),
    )
    dos = ItemsField(label=_("Do's"), help_text=_("Wat zeker werkt. Hoogstens vijf, één per regel."))
    donts = ItemsField(label=_("Don'ts"), help_text=_("Wat je beter vermijdt. Hoogstens vijf, één per regel."))
    themes = forms.MultipleChoiceField(
        label=_("Thema's"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={**required(_("Kies minstens één thema.")), "invalid_choice": _("Kies thema's uit de lijst.")},
    )
    audiences = forms.MultipleChoiceField(
        label=_("Voor wie is dit voorbeeld nuttig?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            **required(_("Kies minstens één doelgroep.")),
            "invalid_choice": _("Kies doelgroepen uit de lijst."),
        },
    )
    year_started = forms.IntegerField(
        label=_("Startjaar"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=date.today().year + 5,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Geef een jaartal, bv. 2023."),
            "min_value": _("Geef een jaartal vanaf %(limit_value)s."),
            "max_value": _("Dit startjaar ligt te ver in de toekomst."),
        },
    )
    status = forms.ChoiceField(label=_("Stand van zaken"), choices=CaseStatus.choices, initial=CaseStatus.RUNNING)
    video_url = forms.URLField(
        label=_("Video op YouTube of Vimeo"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("Het webadres van één video, bv. https://www.youtube.com/watch?v=…"),
        error_messages={"invalid": _("Geef het volledige webadres van een video op YouTube of Vimeo.")},
    )
    name = forms.CharField(
        label=_("Je naam"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages=required(_("Vul je naam in.")),
    )
    organisation = forms.CharField(
        label=_("Je organisatie"),
        max_length=160,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text=_("Bv. de gemeente of de vereniging waarvoor je werkt."),
    )
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Alleen de redactie ziet het, om je voorstel met je uit te werken."),
        error_messages={
            **required(_("Vul je e-mailadres in.")),
            "invalid": _("Geef een geldig e-mailadres, bv. naam@gemeente.be."),
        },
    )
    privacy_consent = forms.BooleanField(
        label=_("Ik ga akkoord met de privacyverklaring."),
        error_messages=required(_("Zonder je akkoord met de privacyverklaring kunnen we je voorstel niet ontvangen.")),
    )
    photo_consent = forms.BooleanField(
        label=_("De foto's mogen op De Vitrine gepubliceerd worden; ik heb daarvoor de toestemming van de fotograaf."),
        required=False,
    )

    def __init__(self, *args, language: str, kept: dict[int, KeptPhoto] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.kept = dict(kept or {})
        self.new_photos: dict[int, tuple[bytes, str, str]] = {}  # slot → (content, name, extension)
        self.photo_contents: dict[int, bytes] = {}
        self.municipality_match: Municipality | None = None
        locale = locale_for(language)
        self.fields["themes"].choices = list(theme_labels(locale=locale).items())
        self.fields["audiences"].choices = list(audience_labels(locale=locale).items())
        self.fields["country"].choices = [("", _("— kies een land —")), *countries]
        self.municipalities = list(Municipality.objects.only("name_nl", "name_fr", "name_en", "nis_code"))
        for slot in PHOTO_SLOTS:
            self.fields[f"photo_{slot}"] = forms.FileField(
                label=_("Foto %(number)s") % {"number": slot},
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            )
            self.fields[f"photo_{slot}_alt"] = forms.CharField(
                label=_("Wat staat er op foto %(number)s?") % {"number": slot},
                max_length=250,
                required=False,
                # Said once, at the first photo: repeated five times it buries the fields.
                help_text=_("Voor wie de foto niet kan zien, bv. ‘Een verbouwd winkelpand met een terras’.")
                if slot == 1
                else "",
            )
            self.fields[f"photo_{slot}_credit"] = forms.CharField(
                label=_("Fotograaf of bron van foto %(number)s") % {"number": slot}, max_length=120, required=False
            )
            if slot in self.kept:
                self.fields[f"photo_{slot}_remove"] = forms.BooleanField(
                    label=_("Verwijder %(name)s") % {"name": self.kept[slot].name}, required=False
                )
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.error_messages["max_length"] = TOO_LONG
        self._describe_fields()

    @property
    def max_photo_size(self) -> str:
        return filesizeformat(settings.INTAKE_MAX_PHOTO_BYTES)

    # --- Accessibility ---------------------------------------------------------------------
    def _describe_fields(self) -> None:
        """Point each input at its help text and, once validated, at its error (aria-describedby)."""
        for name, field in self.fields.items():
            ids = [f"{self[name].auto_id}-help"] if field.help_text else []
            if self.is_bound and name in self.errors:
                ids.append(f"{self[name].auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self):
        super().full_clean()
        self._describe_fields()

    # --- Field rules -----------------------------------------------------------------------
    def municipality_names(self) -> list[str]:
        key = {"fr": "name_fr", "en": "name_en"}.get(self.language, "name_nl")
        return sorted((getattr(m, key) or m.name_nl for m in self.municipalities), key=str.casefold)

    def clean_municipality(self):
        text = self.cleaned_data["municipality"].strip()
        if not text:
            return ""
        wanted = fold_name(text)
        for municipality in self.municipalities:
            names = (municipality.name_nl, municipality.name_fr, municipality.name_en)
            if any(fold_name(name) == wanted for name in names if name):
                self.municipality_match = municipality
                return text
        raise forms.ValidationError(
            _("We vinden geen Vlaamse gemeente met deze naam. Kies ze uit de lijst, of vul plaats en land in.")
        )

    def clean_video_url(self):
        url = self.cleaned_data["video_url"]
        if url:
            try:
                parse_video_url(url)
            except VideoUrlError as error:
                raise forms.ValidationError(
                    _("Geef het adres van één video op YouTube of Vimeo, bv. https://www.youtube.com/watch?v=…")
                ) from error
        return url

    def clean(self):
        data = super().clean()
        self._clean_place(data)
        listed = data.get("learnings") or data.get("tips")
        if not listed and not self.errors.get("learnings") and not self.errors.get("tips"):
            self.add_error("learnings", _("Geef minstens één learning of één tip."))
        self._clean_photos(data)
        return data

    def _clean_place(self, data) -> None:
        if self.errors.get("municipality"):
            return
        country = data.get("country") or ""
        if self.municipality_match is not None:
            if country and country != "BE":
                self.add_error("country", _("Een Vlaamse gemeente ligt in België: laat het land leeg of kies België."))
            data["country"] = "BE"
            return
        if not data.get("place"):
            self.add_error("municipality", _("Kies de Vlaamse gemeente, of vul plaats en land in."))
        elif not country:
            self.add_error("country", _("Kies het land van deze plaats."))

    def _clean_photos(self, data) -> None:
        for slot in PHOTO_SLOTS:
            upload = data.get(f"photo_{slot}")
            if upload:
                try:
                    content, extension = checked_photo(upload)
                except forms.ValidationError as error:
                    self.add_error(f"photo_{slot}", error)
                else:
                    self.new_photos[slot] = (content, upload.name, extension)
                    self.photo_contents[slot] = content
            elif slot in self.kept and not data.get(f"photo_{slot}_remove"):
                content = self.kept[slot].read()
                if content is None:
                    del self.kept[slot]
                    self.add_error(f"photo_{slot}", _("Deze foto is niet meer bewaard. Kies ze opnieuw."))
                else:
                    self.photo_contents[slot] = content
            if slot in self.photo_contents or f"photo_{slot}" in self.errors:
                if not data.get(f"photo_{slot}_alt"):
                    self.add_error(f"photo_{slot}_alt", _("Beschrijf wat er op de foto staat."))
                if not data.get(f"photo_{slot}_credit"):
                    self.add_error(f"photo_{slot}_credit", _("Geef de fotograaf of de bron van de foto."))
        if self.photo_contents and not data.get("photo_consent"):
            self.add_error("photo_consent", _("Geef je toestemming om de foto's te publiceren, of verwijder ze."))

    # --- Results ---------------------------------------------------------------------------
    def keep_checked_photos(self) -> str:
        """After a failed post: store the photos that passed their checks, forget the removed ones, and return
        the signed token the next post carries (intake/uploads.py)."""
        removed = [slot for slot in self.kept if self.data.get(f"photo_{slot}_remove") and slot not in self.new_photos]
        replaced = [slot for slot in self.new_photos if slot in self.kept]
        discard(self.kept.pop(slot) for slot in [*removed, *replaced])
        for slot, (content, name, extension) in self.new_photos.items():
            self.kept[slot] = keep(content, name=name, extension=extension)
            self.fields[f"photo_{slot}_remove"] = forms.BooleanField(
                label=_("Verwijder %(name)s") % {"name": self.kept[slot].name}, required=False
            )
        self.new_photos = {}
        return token_for(self.kept)

    def photos(self) -> list[Photo]:
        """The photos in slot order, for the draft (only on a valid form)."""
        photos = []
        for slot in sorted(self.photo_contents):
            if slot in self.new_photos:
                _content, name, extension = self.new_photos[slot]
            else:
                name = self.kept[slot].name
                extension = self.kept[slot].path.rsplit(".", 1)[-1]
            photos.append(
                Photo(
                    content=self.photo_contents[slot],
                    name=name,
                    extension=extension,
                    alt=self.cleaned_data[f"photo_{slot}_alt"],
                    credit=self.cleaned_data[f"photo_{slot}_credit"],
                )
            )
        return photos

    def photo_slots(self) -> list[dict]:
        """For the template: each slot's fields and the photo kept from an earlier post."""
        return [
            {
                "number": slot,
                "file": self[f"photo_{slot}"],
                "alt": self[f"photo_{slot}_alt"],
                "credit": self[f"photo_{slot}_credit"],
                "remove": self[f"photo_{slot}_remove"] if f"photo_{slot}_remove" in self.fields else None,
                "kept": self.kept.get(slot),
            }
            for slot in PHOTO_SLOTS
        ]
