"""`import_cases` with valid files: what gets created, derived, updated and left alone.

Bad files are in test_import_errors.py.
"""

from wagtail.images import get_image_model
from wagtail.models import Revision
from wagtail_localize.models import Translation

import pytest

from cases.models import CasePage, Municipality
from tests.cases.import_helpers import (
    SOURCE_SLUG,
    TRANSLATION_SLUG,
    abroad_case,
    jpeg_bytes,
    run_import,
    snapshot,
    source_case,
    translation_case,
    write_cases,
)

pytestmark = pytest.mark.django_db

ABROAD_SLUG = "winkelhart-zutphen"
READING_ORDER = ["concept", "learnings", "tips", "dos", "donts", "transferability"]


def nl_case(slug: str = SOURCE_SLUG) -> CasePage:
    return CasePage.objects.get(locale__language_code="nl", slug=slug)


def revisions_of(page: CasePage) -> int:
    return Revision.objects.for_instance(page).count()


@pytest.fixture
def import_dir(tmp_path):
    return tmp_path / "import"


@pytest.fixture
def cases_file(taxonomy, import_dir):
    """One Flemish case, one case abroad and the English translation of the first."""
    return write_cases(import_dir, [source_case(), abroad_case(), translation_case()])


@pytest.fixture
def imported(cases_file):
    stdout, _stderr = run_import(cases_file)
    return stdout


# --- A first import ----------------------------------------------------------------------------
def test_valid_file_creates_live_pages_in_their_locales(imported):
    pages = CasePage.objects.order_by("locale__language_code", "slug")
    assert [(page.locale.language_code, page.slug, page.live) for page in pages] == [
        ("en", TRANSLATION_SLUG, True),
        ("nl", SOURCE_SLUG, True),
        ("nl", ABROAD_SLUG, True),
    ]
    assert not any(page.has_unpublished_changes for page in pages)
    for slug in (SOURCE_SLUG, ABROAD_SLUG, TRANSLATION_SLUG):
        assert f"created   {slug}" in imported


def test_flemish_place_takes_province_population_and_coordinates_from_municipality_list(imported):
    lokeren = Municipality.objects.by_name("Lokeren")
    case = nl_case()
    assert case.municipality == lokeren
    assert case.province == "oost-vlaanderen"
    assert case.resolved_population == lokeren.population > 50_000
    assert case.size_class == "50k-100k"
    assert (case.lat, case.lon) == pytest.approx((lokeren.lat, lokeren.lon))
    assert case.lat is not None


def test_case_abroad_gets_size_class_from_its_own_population(imported):
    case = nl_case(ABROAD_SLUG)
    assert case.country.code == "NL"
    assert case.municipality is None
    assert case.province == ""
    assert case.population == 48_000
    assert case.size_class == "25k-50k"
    assert (case.lat, case.lon) == pytest.approx((52.14, 6.2))


def test_case_fields_come_from_the_file(imported):
    case = nl_case()
    assert case.title == "Pop-upwinkels tegen leegstand"
    assert case.summary == source_case()["summary"]
    assert case.year_started == 2021
    assert case.status == "completed"
    assert case.initiator == "Stad Lokeren, dienst Lokale Economie"
    assert case.partners == "Handelaarsvereniging Lokeren"
    assert case.budget == "ca. € 45 000 per jaar"
    assert case.duration == "18 maanden"


def test_themes_audiences_and_hero_image_are_linked(imported):
    case = nl_case()
    assert [link.theme.code for link in case.case_themes.all()] == ["beleving-en-aantrekking", "samenwerking"]
    assert [link.audience.code for link in case.case_audiences.all()] == ["lokale-besturen", "ondernemers"]
    assert case.hero_image is not None
    assert case.hero_image.file.read() == jpeg_bytes(f"images/{SOURCE_SLUG}-winkelstraat.jpg")
    assert case.hero_image_alt == "Een winkelstraat met pop-ups"
    assert case.hero_image_credit == "Illustratie: De Vitrine (demo)"


def test_body_has_the_case_sections_in_reading_order(imported):
    body = nl_case().body
    block_types = [block.block_type for block in body]
    assert [name for name in block_types if name in READING_ORDER] == READING_ORDER
    blocks = {block.block_type: block.value for block in body}
    assert "Leegstaande panden worden tijdelijk verhuurd" in blocks["concept"].source
    assert list(blocks["learnings"]["items"]) == source_case()["learnings"]
    assert list(blocks["donts"]["items"]) == source_case()["donts"]
    assert blocks["quote"]["text"] == "De straat leeft weer."


def test_translation_is_registered_in_wagtail_localize_with_its_own_slug_and_texts(imported):
    source = nl_case()
    translation = CasePage.objects.get(locale__language_code="en")
    assert translation.translation_key == source.translation_key
    assert translation.slug == TRANSLATION_SLUG
    assert translation.live
    assert translation.title == "Pop-up shops against vacancy"
    assert translation.hero_image_alt == "A shopping street with pop-ups"
    assert Translation.objects.filter(
        source__object_id=source.translation_key, source__locale=source.locale, target_locale=translation.locale
    ).exists()
    blocks = {block.block_type: block.value for block in translation.body}
    assert "Empty shops are let to starting entrepreneurs" in blocks["concept"].source
    assert list(blocks["learnings"]["items"]) == translation_case()["learnings"]


def test_translation_follows_the_source_place_and_classification(imported):
    source, translation = nl_case(), CasePage.objects.get(locale__language_code="en")
    assert translation.size_class == source.size_class == "50k-100k"
    assert translation.province == "oost-vlaanderen"
    assert translation.hero_image_id == source.hero_image_id
    assert [link.theme.code for link in translation.case_themes.all()] == ["beleving-en-aantrekking", "samenwerking"]
    assert [link.audience.code for link in translation.case_audiences.all()] == ["lokale-besturen", "ondernemers"]


# --- Values in the file ------------------------------------------------------------------------
def test_value_in_file_wins_over_municipality_list(taxonomy, import_dir):
    case = source_case(population=10_000, province="Antwerpen", lat=51.0, lon=4.0)
    run_import(write_cases(import_dir, [case]))
    page = nl_case()
    assert Municipality.objects.by_name("Lokeren").population > 25_000
    assert page.population == 10_000
    assert page.size_class == "10k-25k"
    assert page.province == "antwerpen"
    assert (page.lat, page.lon) == pytest.approx((51.0, 4.0))


def test_publish_false_creates_a_draft(taxonomy, import_dir):
    run_import(write_cases(import_dir, [source_case(publish=False)]))
    page = nl_case()
    assert not page.live
    assert page.get_latest_revision_as_object().title == "Pop-upwinkels tegen leegstand"
    assert not CasePage.objects.live().exists()


def test_identical_image_bytes_are_stored_once(taxonomy, import_dir):
    first = source_case(images=[{"file": "images/a.jpg", "alt": "Een winkelstraat", "credit": ""}])
    second = abroad_case(images=[{"file": "images/b.jpg", "alt": "Dezelfde straat", "credit": ""}])
    (import_dir / "images").mkdir(parents=True)
    for name in ("a.jpg", "b.jpg"):
        (import_dir / "images" / name).write_bytes(jpeg_bytes("same picture"))
    run_import(write_cases(import_dir, [first, second]))
    assert get_image_model().objects.count() == 1
    assert nl_case().hero_image_id == nl_case(ABROAD_SLUG).hero_image_id
    originals = [name for name in snapshot()["files"] if name.startswith("original_images/")]
    assert len(originals) == 1  # renditions made after the commit are derived files, not copies


# --- Importing again ---------------------------------------------------------------------------
def test_reimporting_the_same_file_changes_nothing(imported, cases_file):
    before = snapshot()
    stdout, _stderr = run_import(cases_file)
    assert snapshot() == before
    for slug in (SOURCE_SLUG, ABROAD_SLUG, TRANSLATION_SLUG):
        assert f"unchanged {slug}" in stdout
    assert "created: 0, updated: 0, unchanged: 3" in stdout


def test_reimport_with_a_changed_field_adds_a_revision_and_updates_the_live_page(imported, import_dir):
    page = nl_case()
    revisions, pages = revisions_of(page), CasePage.objects.count()
    changed = source_case(summary="Lokeren verhuurt lege winkels aan starters, nu ook op het marktplein.")
    stdout, _stderr = run_import(write_cases(import_dir, [changed, abroad_case(), translation_case()]))
    page.refresh_from_db()
    assert f"updated   {SOURCE_SLUG}" in stdout
    assert f"unchanged {ABROAD_SLUG}" in stdout
    assert CasePage.objects.count() == pages
    assert revisions_of(page) == revisions + 1
    assert page.live and not page.has_unpublished_changes
    assert page.summary == changed["summary"]


def test_reimport_keeps_the_translation_registered_once(imported, cases_file, import_dir):
    changed = translation_case(title="Pop-up shops against empty shop windows")
    run_import(write_cases(import_dir, [source_case(), abroad_case(), changed]))
    translation = CasePage.objects.get(locale__language_code="en")
    assert translation.title == "Pop-up shops against empty shop windows"
    assert translation.slug == TRANSLATION_SLUG
    assert CasePage.objects.filter(locale__language_code="en").count() == 1
    assert Translation.objects.filter(source__object_id=nl_case().translation_key).count() == 1


# --- Dry run -----------------------------------------------------------------------------------
def test_dry_run_writes_nothing_and_reports_what_would_be_created(cases_file):
    before = snapshot()
    stdout, _stderr = run_import(cases_file, dry_run=True)
    assert snapshot() == before
    assert not CasePage.objects.exists()
    assert "niets opgeslagen" in stdout
    assert "created: 3" in stdout
    for slug in (SOURCE_SLUG, ABROAD_SLUG, TRANSLATION_SLUG):
        assert f"created   {slug}" in stdout


def test_dry_run_after_an_import_keeps_the_live_page(imported, import_dir):
    before = snapshot()
    changed = source_case(title="Een nieuwe titel")
    stdout, _stderr = run_import(write_cases(import_dir, [changed, abroad_case(), translation_case()]), dry_run=True)
    assert snapshot() == before
    assert f"updated   {SOURCE_SLUG}" in stdout
    assert nl_case().title == "Pop-upwinkels tegen leegstand"


def test_imported_cases_are_listed_and_found_at_once(imported, client):
    """The import writes each case's catalogue row once, at the end of its transaction; the rows equal a rebuild."""
    from cases.models import CatalogueEntry
    from cases.models.catalogue import rebuild_catalogue

    listed = client.get("/api/v1/cases/", {"locale": "nl"}).json()
    assert listed["count"] == 2
    assert client.get("/api/v1/cases/", {"locale": "nl", "q": "zutphen"}).json()["count"] == 1
    assert client.get("/api/v1/cases/", {"locale": "en"}).json()["count"] == 1
    kept = sorted(CatalogueEntry.objects.values_list("page_id", "title", "themes", "audiences", "size_class"))
    rebuild_catalogue()
    assert sorted(CatalogueEntry.objects.values_list("page_id", "title", "themes", "audiences", "size_class")) == kept
