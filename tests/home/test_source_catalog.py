"""The Dutch catalogue lists our own (Dutch) texts as themselves (devtools/source_catalog.py), so a Dutch page finds
each at the first look; what Dutch readers and editors see must not change by it."""

from django.utils import translation
from django.utils.translation import trans_real

import polib

from devtools.source_catalog import dutch_catalogue, missing_entries, translated_elsewhere


def test_every_text_of_ours_is_listed_in_dutch_as_itself():
    missing = [entry.msgid for entry in missing_entries(dutch_catalogue())]
    assert missing == [], f"run `make messages`: {missing[:5]}"


def test_a_dutch_text_is_found_without_asking_the_other_apps_catalogues():
    dutch = trans_real.translation("nl")
    first = dutch._catalog._catalogs  # one dict per plural formula, asked in this order
    holding = [index for index, catalogue in enumerate(first) if "Alle voorbeelden" in catalogue]
    assert holding, "our text is not in the compiled Dutch catalogue (locale/nl/LC_MESSAGES/django.mo)"
    assert holding[0] == 0  # the first one asked
    with translation.override("nl"):
        assert translation.gettext("Alle voorbeelden") == "Alle voorbeelden"
        assert translation.ngettext("%(count)s voorbeeld", "%(count)s voorbeelden", 2) == "%(count)s voorbeelden"


def test_a_word_another_app_translates_into_dutch_keeps_that_translation():
    with translation.override("nl"):
        assert translated_elsewhere(polib.POEntry(msgid="Save"))  # Django and Wagtail say "Opslaan"
        assert translation.gettext("Save") != "Save"
        assert not translated_elsewhere(polib.POEntry(msgid="Alle voorbeelden"))
