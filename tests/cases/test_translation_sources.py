"""wagtail-localize sources of imported cases hold the Dutch page, so the translation editor edits
the real translation (issue 8, defect 2), and migration 0006 repairs databases where they did not."""

import importlib
import json
from urllib.parse import urlencode

from django.apps import apps
from django.urls import reverse

from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

import pytest

from cases.models import CasePage
from home.translations import translation_create_or_update
from tests.cases.import_helpers import (
    SOURCE_SLUG,
    TRANSLATION_SLUG,
    run_import,
    source_case,
    translation_case,
    write_cases,
)
from tests.factories.cases import CasePageFactory

pytestmark = pytest.mark.django_db

FRENCH_SLUG = "boutiques-ephemeres-lokeren"
repair_migration = importlib.import_module("cases.migrations.0006_repair_translation_sources")


def french_case() -> dict:
    """The French translation of `source_case()`: every text differs from the Dutch and the English."""
    return translation_case(
        FRENCH_SLUG,
        locale="fr",
        title="Des boutiques éphémères contre les cellules vides",
        summary="Lokeren loue temporairement des commerces vides à des starters.",
        concept="<p>Les commerces vides sont loués temporairement à des starters.</p>",
        steps=["Cartographier les bâtiments.", "Convaincre les propriétaires.", "Choisir les starters."],
        results=[{"value": "-30%", "label": "cellules vides"}, {"value": "12", "label": "nouveaux commerces"}],
        learnings=["Impliquer les propriétaires dès le début.", "Les starters ont besoin d'un suivi."],
        tips=["Travailler avec des contrats de six mois.", "Aménager les vitrines ensemble."],
        dos=["Annoncer chaque ouverture.", "Compter les visiteurs."],
        donts=["Ne pas promettre un loyer bas pour toujours.", "Ne pas oublier l'assurance."],
        transferability="<p>Une petite commune commence avec deux bâtiments.</p>",
        quote={"text": "La rue revit.", "author": "An Peeters", "role": "échevine de l'économie locale"},
        images=[
            {
                "file": f"images/{SOURCE_SLUG}-winkelstraat.jpg",
                "alt": "Une rue commerçante avec des boutiques éphémères",
                "credit": "Illustration : De Vitrine (démo)",
            }
        ],
    )


@pytest.fixture
def imported(taxonomy, tmp_path):
    """One Dutch case with its English and then its French translation, as `import_cases` writes them."""
    run_import(write_cases(tmp_path / "import", [source_case(), translation_case(), french_case()]))
    return {page.locale.language_code: page for page in CasePage.objects.all()}


def source_of(page: CasePage) -> TranslationSource:
    return TranslationSource.objects.get(object_id=page.translation_key)


def source_strings(source: TranslationSource) -> dict[str, list[str]]:
    strings: dict[str, list[str]] = {}
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        strings.setdefault(segment.context.path, []).append(segment.string.data)
    return strings


def assert_source_is_the_dutch_page(source: TranslationSource, dutch: CasePage) -> None:
    assert source.locale.language_code == "nl"
    assert source.get_source_instance().pk == dutch.pk
    content = json.loads(source.content_json)
    assert (content["title"], content["slug"], content["summary"]) == (dutch.title, dutch.slug, dutch.summary)
    strings = source_strings(source)
    assert strings["title"] == [dutch.title]
    assert strings["summary"] == [dutch.summary]


def edit_string(client, translation: Translation, path: str, value: str) -> None:
    """What the translation editor sends when a translator saves one string."""
    segment = StringSegment.objects.get(source=translation.source, context__path=path)
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.id, segment.id])
    response = client.put(url, urlencode({"value": value}), content_type="application/x-www-form-urlencoded")
    assert response.status_code in {200, 201}, response.content


def publish_in_translation_editor(client, page: CasePage, capture) -> None:
    with capture(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[page.id]), {"action": "publish"})
    assert response.status_code == 302


def english_translation(dutch: CasePage) -> Translation:
    return Translation.objects.get(source__object_id=dutch.translation_key, target_locale__language_code="en")


def assert_editing_one_string_changes_only_that_string(client, admin_user, dutch, capture) -> None:
    english = CasePage.objects.get(translation_key=dutch.translation_key, locale__language_code="en")
    body_before = [block.block_type for block in english.body]
    client.force_login(admin_user)
    edit_string(
        client, english_translation(dutch), "summary", "Lokeren lets empty shops to starters, now also downtown."
    )
    publish_in_translation_editor(client, english, capture)

    english.refresh_from_db()
    assert english.live
    assert english.summary == "Lokeren lets empty shops to starters, now also downtown."
    assert english.title == "Pop-up shops against vacancy"
    assert english.slug == TRANSLATION_SLUG
    assert english.hero_image_alt == "A shopping street with pop-ups"
    blocks = {block.block_type: block.value for block in english.body}
    assert [block.block_type for block in english.body] == body_before
    assert "Empty shops are let to starting entrepreneurs" in blocks["concept"].source
    assert list(blocks["learnings"]["items"]) == translation_case()["learnings"]
    assert blocks["quote"]["text"] == "The street is alive again."


# --- The importer -------------------------------------------------------------------------------
def test_imported_translations_share_one_source_that_is_the_dutch_page(imported):
    dutch = imported["nl"]
    sources = TranslationSource.objects.filter(object_id=dutch.translation_key)
    assert sources.count() == 1
    assert_source_is_the_dutch_page(sources.get(), dutch)
    assert {t.target_locale.language_code for t in sources.get().translations.all()} == {"en", "fr"}


def test_imported_source_leaves_the_dutch_page_and_both_translations_in_their_language(imported):
    assert imported["nl"].title == "Pop-upwinkels tegen leegstand"
    assert imported["en"].title == "Pop-up shops against vacancy"
    assert imported["fr"].title == "Des boutiques éphémères contre les cellules vides"
    assert (imported["en"].slug, imported["fr"].slug) == (TRANSLATION_SLUG, FRENCH_SLUG)


def test_editing_one_english_string_in_the_translation_editor_changes_only_that_string(
    client, admin_user, imported, django_capture_on_commit_callbacks
):
    assert_editing_one_string_changes_only_that_string(
        client, admin_user, imported["nl"], django_capture_on_commit_callbacks
    )
    french = CasePage.objects.get(pk=imported["fr"].pk)
    assert french.title == "Des boutiques éphémères contre les cellules vides"


def test_a_translation_built_on_the_live_page_object_itself_leaves_the_source_dutch(locales):
    """setup_site and the importer fill "a copy" from get_latest_revision_as_object(), which is
    the page object itself when the page has no draft."""
    dutch = CasePage.objects.get(pk=CasePageFactory(title="Pop-ups in Lokeren", slug="pop-ups-lokeren").pk)
    shadow = dutch.get_latest_revision_as_object()
    shadow.title, shadow.slug = "Pop-up shops in Lokeren", "pop-up-shops-lokeren"
    english = translation_create_or_update(source=dutch, translated=shadow, locale=locales["en"])
    assert english.title == "Pop-up shops in Lokeren"
    assert_source_is_the_dutch_page(source_of(dutch), CasePage.objects.get(pk=dutch.pk))


# --- Migration 0006 -----------------------------------------------------------------------------
def corrupt_like_the_old_importer(dutch: CasePage, french: CasePage) -> TranslationSource:
    """The state the old importer left: the source holds the French texts, and the translation
    memory has no translation of the Dutch strings."""
    source = source_of(dutch)
    source.content_json = french.to_json()
    source.save()
    source.refresh_segments()
    StringTranslation.objects.filter(context__object_id=dutch.translation_key).delete()
    return source


def repair() -> None:
    repair_migration.repair_translation_sources(apps, schema_editor=None)


def test_repair_gives_a_corrupted_source_its_dutch_page_again(imported):
    source = corrupt_like_the_old_importer(imported["nl"], imported["fr"])
    assert source_strings(source)["title"] == [imported["fr"].title]
    repair()
    source.refresh_from_db()
    assert_source_is_the_dutch_page(source, imported["nl"])


def test_after_repair_the_translation_editor_changes_only_the_edited_string(
    client, admin_user, imported, django_capture_on_commit_callbacks
):
    corrupt_like_the_old_importer(imported["nl"], imported["fr"])
    repair()
    assert_editing_one_string_changes_only_that_string(
        client, admin_user, imported["nl"], django_capture_on_commit_callbacks
    )


def test_repair_keeps_a_string_an_editor_saved_but_did_not_publish(client, admin_user, imported):
    client.force_login(admin_user)
    edit_string(client, english_translation(imported["nl"]), "title", "Pop-up shops against empty windows")
    repair()
    saved = StringTranslation.objects.get(
        context__object_id=imported["nl"].translation_key, context__path="title", locale__language_code="en"
    )
    assert saved.data == "Pop-up shops against empty windows"


def test_repair_twice_changes_nothing(imported):
    corrupt_like_the_old_importer(imported["nl"], imported["fr"])
    repair()
    source = source_of(imported["nl"])
    memory = sorted(StringTranslation.objects.values_list("id", "data", "updated_at"))
    repair()
    assert source_of(imported["nl"]).last_updated_at == source.last_updated_at
    assert sorted(StringTranslation.objects.values_list("id", "data", "updated_at")) == memory


def test_repair_on_an_empty_database_does_nothing(db):
    repair()
    assert not TranslationSource.objects.exists()
