"""`import_cases` with partners' spreadsheets (.xlsx, .csv): the same cases as a JSON file, problems by row and
column, and nothing written when anything is wrong."""

import datetime
import io
from typing import NamedTuple

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest
from openpyxl import load_workbook

from cases.importer import sheets
from cases.importer.template import template_csv, template_xlsx
from cases.models import CasePage
from tests.cases.import_helpers import (
    SOURCE_SLUG,
    TRANSLATION_SLUG,
    _call,
    abroad_case,
    jpeg_bytes,
    run_failing_import,
    run_import,
    snapshot,
    source_case,
    translation_case,
    without,
)
from tests.cases.sheet_helpers import HEADER, sheet_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

ABROAD_SLUG = "winkelhart-zutphen"
FILE = "voorbeelden.xlsx"


def good_rows(**replace) -> list[dict]:
    cases = {"source": source_case(), "abroad": abroad_case(), "translation": translation_case()}
    return [sheet_row(case) for case in {**cases, **replace}.values()]


@pytest.fixture
def import_dir(tmp_path):
    return tmp_path / "import"


@pytest.fixture
def earlier_import(taxonomy, tmp_path):
    """A case imported before, so a failed import has something it could wrongly change."""
    run_import(write_xlsx(tmp_path / "earlier", [sheet_row(abroad_case())]))
    return CasePage.objects.get(slug=ABROAD_SLUG)


# --- Good files -------------------------------------------------------------------------------
def assert_imported_as_the_json_would_be() -> None:
    case = CasePage.objects.get(slug=SOURCE_SLUG, locale__language_code="nl")
    assert case.live
    assert case.title == source_case()["title"]
    assert case.municipality is not None  # province and population from the list, as for JSON
    assert case.province == "oost-vlaanderen"
    assert [link.theme.code for link in case.case_themes.all()] == source_case()["themes"]
    blocks = {block.block_type: block for block in case.body}
    assert "Leegstaande panden" in str(blocks["concept"].value)
    assert [str(item) for item in blocks["learnings"].value["items"]] == source_case()["learnings"]
    assert case.hero_image.title == source_case()["images"][0]["alt"]
    translation = CasePage.objects.get(slug=TRANSLATION_SLUG, locale__language_code="en")
    assert translation.title == translation_case()["title"]
    assert translation.translation_key == case.translation_key
    abroad = CasePage.objects.get(slug=ABROAD_SLUG)
    assert (abroad.population, abroad.lat) == (48_000, 52.14)


def test_xlsx_imports_the_same_cases_as_json(taxonomy, import_dir):
    stdout, _ = run_import(write_xlsx(import_dir, good_rows()))
    assert "created: 3" in stdout
    assert_imported_as_the_json_would_be()


@pytest.mark.parametrize(("delimiter", "bom"), [(";", True), (",", False)], ids=["semicolon-bom", "comma"])
def test_csv_in_utf8_with_either_separator_imports(taxonomy, import_dir, delimiter, bom):
    stdout, _ = run_import(write_csv(import_dir, good_rows(), delimiter=delimiter, bom=bom))
    assert "created: 3" in stdout
    assert_imported_as_the_json_would_be()


def test_csv_numbers_written_the_belgian_way(taxonomy, import_dir):
    row = sheet_row(abroad_case(population=None, lat=None, lon=None))
    row.update(population="48.000", lat="52,14", lon="6,2")
    run_import(write_csv(import_dir, [row]))
    abroad = CasePage.objects.get(slug=ABROAD_SLUG)
    assert (abroad.population, abroad.lat, abroad.lon) == (48_000, 52.14, 6.2)


def test_reimporting_the_same_sheet_changes_nothing(taxonomy, import_dir):
    path = write_xlsx(import_dir, good_rows())
    run_import(path)
    before = snapshot()
    stdout, _ = run_import(path)
    assert "unchanged: 3" in stdout
    assert snapshot() == before


def test_plain_text_becomes_paragraphs_and_a_list(taxonomy, import_dir):
    row = sheet_row(source_case())
    row["concept"] = "Eerste alinea.\n\nTweede alinea met <b>tekens</b>.\n\n- een punt\n- nog een punt"
    run_import(write_xlsx(import_dir, [row]))
    concept = str(next(b.value for b in CasePage.objects.get(slug=SOURCE_SLUG).body if b.block_type == "concept"))
    assert "<p>Eerste alinea.</p>" in concept
    assert "&lt;b&gt;tekens&lt;/b&gt;" in concept  # typed text, never markup
    assert "<ul><li>een punt</li><li>nog een punt</li></ul>" in concept


@pytest.mark.parametrize("build", [template_xlsx, template_csv], ids=["xlsx", "csv"])
def test_template_example_row_imports_as_a_draft(taxonomy, import_dir, build):
    name = "sjabloon.xlsx" if build is template_xlsx else "sjabloon.csv"
    (import_dir / "fotos").mkdir(parents=True)
    (import_dir / name).write_bytes(build())
    (import_dir / "fotos" / "durmelaan.jpg").write_bytes(jpeg_bytes("durmelaan"))
    run_import(import_dir / name)
    case = CasePage.objects.get(slug="pop-ups-durmelaan-lokeren")
    assert not case.live
    assert case.has_unpublished_changes


def test_photos_folder_given_on_the_command_line(taxonomy, import_dir, tmp_path):
    path = write_xlsx(import_dir, good_rows())
    (import_dir / "fotos").rename(tmp_path / "elders")
    _call([path], io.StringIO(), io.StringIO(), photos=tmp_path / "elders")
    assert CasePage.objects.filter(slug=SOURCE_SLUG).exists()


# --- Bad files --------------------------------------------------------------------------------
class Expected(NamedTuple):
    text: tuple[str, ...]  # what the problem report must contain


def rows_file(rows, **kw):
    return lambda directory: write_xlsx(directory, rows, **kw)


def raw_bytes(name: str, content: bytes):
    def write(directory):
        directory.mkdir(parents=True)
        (directory / name).write_bytes(content)
        return directory / name

    return write


def with_cell(column: str, value, row: dict | None = None):
    changed = dict(row or sheet_row(source_case()))
    changed[column] = value
    return rows_file([changed])


def as_list(row: dict) -> list:
    return [row.get(name) for name in HEADER]


ROW2 = f"{FILE}, rij 2 ({SOURCE_SLUG})"
BAD_FILES = {
    "not-a-spreadsheet": (raw_bytes(FILE, b"Dit is een tekst, geen werkmap."), f"{FILE}: -: dit is geen Excel-bestand"),
    "old-excel-format": (raw_bytes("voorbeelden.xls", b"\xd0\xcf\x11\xe0"), ".xls wordt niet gelezen"),
    "wrong-sheet": (rows_file(good_rows(), sheet_name="Blad1"), "het werkblad 'Voorbeelden' ontbreekt", "'Blad1'"),
    "wrong-headers": (rows_file([["a", "b"]], header=["Naam", "Gemeente"]), "de kolom 'slug' ontbreekt"),
    "unknown-column": (
        rows_file([sheet_row(source_case())], header=[*HEADER, "lerning_6"]),
        "onbekende kolom 'lerning_6'",
        "learning_1 … learning_5",
    ),
    "misspelt-column": (
        rows_file([sheet_row(source_case())], header=[name.replace("summary", "sumary") for name in HEADER]),
        "onbekende kolom 'sumary'",
        "bedoelt u 'summary'",
    ),
    "formula": (with_cell("year", "=2020+1"), f"{ROW2}: year: bevat een formule"),
    "excel-date": (with_cell("year", datetime.date(2021, 1, 1)), f"{ROW2}: year: Excel heeft deze cel als datum"),
    "empty-row-between": (
        rows_file([as_list(sheet_row(source_case())), [], as_list(sheet_row(abroad_case()))]),
        f"{FILE}, rij 3: -: lege rij tussen de voorbeelden",
    ),
    "photo-missing": (
        rows_file(good_rows(), create_photos=False),
        f"{ROW2}: image_1_file: bestand niet gevonden",
    ),
    "photo-with-folder": (
        with_cell("image_1_file", "../geheim.jpg"),
        f"{ROW2}: image_1_file: geef alleen de bestandsnaam",
    ),
    "summary-too-long": (with_cell("summary", "x" * 301), f"{ROW2}: summary: te lang: 301 tekens"),
    "unknown-theme": (with_cell("theme_2", "cultuur"), f"{ROW2}: theme_1 … theme_8: onbekende code 'cultuur'"),
    "alt-missing": (with_cell("image_1_alt", None), f"{ROW2}: image_1_alt: elke afbeelding heeft een alternatieve"),
    "link-without-url": (
        with_cell("link_1_url", None),
        f"{ROW2}: link_1_url: vul ook link_1_url in, of maak link_1_title leeg",
    ),
    "bad-email": (with_cell("contact_email", "an@"), f"{ROW2}: contact_email: geen geldig e-mailadres"),
    "publish-maybe": (with_cell("publish", "misschien"), f"{ROW2}: publish: schrijf ja of nee"),
    "translation-with-place": (
        rows_file(good_rows(translation={**translation_case(), "place": "Lokeren"})),
        f"{FILE}, rij 4 ({TRANSLATION_SLUG}): place: een vertaling neemt dit over",
    ),
    "missing-title": (
        rows_file(good_rows(source=without(source_case(), "title"))),
        f"{ROW2}: title: verplicht veld ontbreekt",
    ),
    "csv-not-utf8": (
        raw_bytes("voorbeelden.csv", "slug;title\npop-ups;Café\n".encode("latin-1")),
        "niet in UTF-8 opgeslagen",
    ),
}


@pytest.mark.parametrize(("write", "expected"), [(v[0], v[1:]) for v in BAD_FILES.values()], ids=list(BAD_FILES))
def test_bad_sheet_imports_nothing_and_names_row_and_column(earlier_import, import_dir, write, expected):
    path = write(import_dir)
    before = snapshot()
    stderr = run_failing_import(path)
    assert snapshot() == before
    for text in expected:
        assert text in stderr
    assert not CasePage.objects.filter(slug__in=[SOURCE_SLUG, TRANSLATION_SLUG]).exists()


def test_too_many_rows(earlier_import, import_dir, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 2)
    path = write_xlsx(import_dir, good_rows())
    before = snapshot()
    stderr = run_failing_import(path)
    assert snapshot() == before
    assert "te veel rijen: hoogstens 2 voorbeelden" in stderr


def test_a_bad_row_among_good_ones_in_a_csv_imports_nothing(earlier_import, import_dir):
    rows = [*good_rows(), sheet_row(source_case("winkels-in-gent", place="Gent", summary="x" * 301))]
    changed = rows[1] | {"summary": "Deze samenvatting mag niet worden opgeslagen."}
    path = write_csv(import_dir, [rows[0], changed, rows[2], rows[3]])
    before = snapshot()
    stderr = run_failing_import(path)
    assert snapshot() == before
    assert "voorbeelden.csv, rij 5 (winkels-in-gent): summary: te lang" in stderr
    earlier_import.refresh_from_db()
    assert earlier_import.summary == abroad_case()["summary"]


def test_columns_in_any_order_and_problems_still_name_the_slug(earlier_import, import_dir):
    header = [name for name in HEADER if name != "slug"] + ["slug"]
    path = write_xlsx(import_dir, [sheet_row(source_case()) | {"year": "=2020+1"}], header=header)
    stderr = run_failing_import(path)
    assert f"{ROW2}: year: bevat een formule" in stderr


def test_csv_with_short_rows_and_a_cell_without_column_name(earlier_import, import_dir):
    header = [*HEADER[:5], "", *HEADER[5:]]
    path = import_dir / "kort.csv"
    import_dir.mkdir()
    row = sheet_row(source_case())
    cells = [*(row.get(name) or "" for name in HEADER[:5]), "verdwaald"]  # stops after the unnamed cell
    path.write_text(";".join(header) + "\n" + ";".join(str(cell) for cell in cells) + "\n", encoding="utf-8")
    stderr = run_failing_import(path)
    assert f"kort.csv, rij 2 ({SOURCE_SLUG}): F: deze cel heeft geen kolomnaam" in stderr


@pytest.mark.parametrize("name", ["sjabloon.xlsx", "sjabloon.csv"])
def test_import_template_command_writes_the_template(taxonomy, tmp_path, name):
    stdout = io.StringIO()
    call_command("import_template", str(tmp_path / name), stdout=stdout)
    assert "Sjabloon geschreven" in stdout.getvalue()
    if name.endswith("xlsx"):
        assert load_workbook(tmp_path / name).sheetnames == ["Voorbeelden", "Uitleg"]
    else:
        assert (tmp_path / name).read_bytes() == template_csv()


def test_import_template_command_refuses_other_formats(tmp_path):
    with pytest.raises(CommandError, match=r"\.xlsx of \.csv"):
        call_command("import_template", str(tmp_path / "sjabloon.ods"))


def test_a_refused_cell_is_reported_once(earlier_import, import_dir):
    """A formula in a required column is the problem; that the column is then empty is not a second one."""
    stderr = run_failing_import(with_cell("title", "=A1")(import_dir))
    assert stderr.count(": title: ") == 1
    assert f"{ROW2}: title: bevat een formule" in stderr


def test_photo_named_with_other_capitals_gets_a_hint(earlier_import, import_dir):
    row = sheet_row(source_case())
    path = write_xlsx(import_dir, [row | {"image_1_file": row["image_1_file"].upper()}], create_photos=False)
    (import_dir / "fotos").mkdir()
    (import_dir / "fotos" / row["image_1_file"]).write_bytes(jpeg_bytes("x"))
    stderr = run_failing_import(path)
    assert f"(wel gevonden: {row['image_1_file']}; let op hoofdletters" in stderr
