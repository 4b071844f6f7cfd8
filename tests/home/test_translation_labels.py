"""The translation flow reads as Dutch in the Dutch admin (issue 8): language names, the translation
editor's heading and publish button, and the README's name for the menu item."""

import json
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale
from wagtail.test.utils import WagtailTestUtils

import polib
import pytest

from cases.models import CasePage
from home.localize_bundle import PACKAGE_BUNDLE, PROJECT_BUNDLE, patched_bundle
from home.translations import translation_create_or_update
from tests.factories.cases import CasePageFactory

pytestmark = pytest.mark.django_db

CATALOG = re.compile(r"const newcatalog = (\{.*?\});", re.DOTALL)
SECTION_TITLE = "%(source)s to %(target)s translation"


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def english_case(locales):
    dutch = CasePageFactory(title="Pop-ups in Lokeren", slug="pop-ups-lokeren")
    shadow = CasePage.objects.get(pk=dutch.pk)
    shadow.title, shadow.slug = "Pop-up shops in Lokeren", "pop-up-shops-lokeren"
    return translation_create_or_update(source=dutch, translated=shadow, locale=locales["en"])


def soup(response):
    return WagtailTestUtils.get_soup(response.content)


def editor_props(editor, page) -> dict:
    response = editor.get(reverse("wagtailadmin_pages:edit", args=[page.id]))
    assert response.status_code == 200
    return json.loads(soup(response).select_one(".js-translation-editor")["data-props"])


def js_catalog(editor) -> dict[str, str]:
    """What gettext() returns in the translation editor's scripts."""
    response = editor.get(reverse("wagtail_localize:javascript_catalog"))
    return json.loads(CATALOG.search(response.content.decode()).group(1))


def test_translation_editor_names_the_languages_in_dutch(editor, english_case):
    response = editor.get(reverse("wagtailadmin_pages:edit", args=[english_case.id]))
    page = soup(response)
    assert page.title.get_text().startswith("Vertaling van Pop-ups in Lokeren naar het Engels")
    assert " ".join(page.select_one(".header-meta--locales").get_text().split()) == "Nederlands Engels"
    props = editor_props(editor, english_case)
    assert (props["sourceLocale"]["displayName"], props["locale"]["displayName"]) == ("Nederlands", "Engels")


def test_publish_button_reads_publiceer_in_het_engels(editor, english_case):
    """The editor's script shows gettext("Publish in ") followed by the language name."""
    label = js_catalog(editor)["Publish in "] + editor_props(editor, english_case)["locale"]["displayName"]
    assert label == "Publiceer in het Engels"


def test_section_heading_is_translated_instead_of_nederlands_to_english(editor, english_case):
    bundle = Path(finders.find("wagtail_localize/js/wagtail-localize.js")).read_text(encoding="utf-8")
    assert "translation`" not in bundle, "the heading is still built in English outside gettext"
    assert f'gettext("{SECTION_TITLE}")' in bundle
    props = editor_props(editor, english_case)
    heading = js_catalog(editor)[SECTION_TITLE] % {
        "source": props["sourceLocale"]["displayName"],
        "target": props["locale"]["displayName"],
    }
    assert heading == "Vertaling van het Nederlands naar het Engels"


def test_other_editor_labels_have_their_spaces(editor):
    catalog = js_catalog(editor)
    for msgid in ("Publish in ", "Translate with ", "Translate all missing strings with "):
        assert catalog[msgid].endswith(" "), msgid
    assert "%s" in catalog["Revert to %s version"].split()
    assert catalog["Server error"] == "Serverfout"
    assert catalog["There are unsaved segments. Please save or cancel them before leaving."]


def test_served_bundle_is_the_installed_one_with_our_patches():
    """Fails after a wagtail-localize upgrade until `make localize-js` has been run again."""
    served = Path(finders.find("wagtail_localize/js/wagtail-localize.js"))
    assert served == PROJECT_BUNDLE
    assert served.read_text(encoding="utf-8") == patched_bundle(PACKAGE_BUNDLE.read_text(encoding="utf-8"))


def test_submit_view_offers_the_languages_by_their_dutch_names(editor, locales):
    dutch = CasePageFactory()
    response = editor.get(reverse("wagtail_localize:submit_page_translation", args=[dutch.id]))
    labels = {" ".join(label.get_text().split()) for label in soup(response).select("label")}
    assert {"Engels", "Frans"} <= labels
    assert not {"English", "Français"} & labels


def test_readme_names_the_menu_item_editors_see(editor, locales):
    dutch = CasePageFactory()
    menu = soup(editor.get(reverse("wagtailadmin_pages:edit", args=[dutch.id])))
    item = menu.find("a", href=reverse("wagtail_localize:submit_page_translation", args=[dutch.id]))
    label = " ".join(item.get_text().split())
    assert label == "Vertaal deze pagina"
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert f"*{label}*" in readme


def test_locale_names_follow_the_admin_language(locales):
    with translation.override("en"):
        assert Locale.objects.get(language_code="fr").get_display_name() == "French"
    with translation.override("nl"):
        assert Locale.objects.get(language_code="fr").get_display_name() == "Frans"


def _messages(entries) -> dict:
    return {(e.msgctxt, e.msgid): e.msgstr or tuple(sorted(e.msgstr_plural.items())) for e in entries if e.msgid}


def test_compiled_messages_match_their_po_files():
    """A .po edited without `make messages` changes nothing in the admin."""
    po_files = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/*.po"))
    assert len(po_files) >= 4
    for po_file in po_files:
        compiled = polib.mofile(str(po_file.with_suffix(".mo")))
        assert _messages(compiled) == _messages(polib.pofile(str(po_file)).translated_entries()), po_file
