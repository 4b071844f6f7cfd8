"""A partner's spreadsheet imported in the admin, in Chromium: an Eindredacteur uploads the sheet and a zip of
photos, is told which row and column are wrong (a photo missing from the zip), adds the photo, sees what the
import will create, and imports."""

import io
import zipfile

import pytest
from playwright.sync_api import Browser, expect

from devtools.demo import DemoServer
from tests.browser.admin import create_accounts, log_in
from tests.browser.axe import assert_no_serious_violations
from tests.cases.import_helpers import jpeg_bytes, source_case
from tests.cases.sheet_helpers import sheet_row, workbook_bytes

pytestmark = pytest.mark.changes_demo_content

SLUG = "deelwinkel-aan-de-markt-van-zwalm"
STORED = """
from cases.models import CasePage
case = CasePage.objects.get(slug=%r, locale__language_code="nl")
print(case.live, case.title, case.hero_image.title, sep="|")
"""


@pytest.fixture
def chief(browser: Browser, demo_url: str, demo_server: DemoServer):
    create_accounts(demo_server, {"kris": "Eindredacteur"})
    context = browser.new_context(locale="nl-BE", viewport={"width": 1400, "height": 1000})
    yield log_in(context, demo_url, "kris")
    context.close()


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_eindredacteur_fixes_a_missing_photo_and_imports(chief, tmp_path, demo_url, demo_server: DemoServer) -> None:
    row = sheet_row(source_case(SLUG, title="Een deelwinkel aan de markt van Zwalm", place="Zwalm"))
    photo = row["image_1_file"]
    sheet = tmp_path / "partners.xlsx"
    sheet.write_bytes(workbook_bytes([row]))
    (tmp_path / "leeg.zip").write_bytes(zip_of({"lees-mij.txt": b"De foto volgt."}))
    (tmp_path / "fotos.zip").write_bytes(zip_of({f"fotos/{photo}": jpeg_bytes(photo)}))

    chief.goto(f"{demo_url}/admin/voorbeelden/importeren/")
    expect(chief.get_by_role("heading", name="Voorbeelden importeren")).to_be_visible()
    chief.get_by_label("Spreadsheet (.xlsx of .csv)").set_input_files(sheet)
    chief.get_by_label("Foto's (zip-bestand)").set_input_files(tmp_path / "leeg.zip")
    chief.get_by_role("button", name="Controleren").click()

    problems = chief.locator("[data-import-problems]")
    expect(chief.get_by_role("alert")).to_contain_text("Er is niets geïmporteerd")
    expect(problems).to_contain_text(f"partners.xlsx, rij 2 ({SLUG})")
    expect(problems).to_contain_text("image_1_file")
    expect(problems).to_contain_text(f"bestand niet gevonden: {photo}")
    expect(chief.get_by_role("button", name="Importeren")).to_have_count(0)
    assert_no_serious_violations(chief)

    chief.get_by_label("Spreadsheet (.xlsx of .csv)").set_input_files(sheet)
    chief.get_by_label("Foto's (zip-bestand)").set_input_files(tmp_path / "fotos.zip")
    chief.get_by_role("button", name="Controleren").click()
    expect(chief.locator("[data-import-summary]")).to_contain_text(f"Nieuw: 1 — {SLUG}")
    assert_no_serious_violations(chief)

    chief.get_by_role("button", name="Importeren").click()
    expect(chief.locator(".messages")).to_contain_text("Import geslaagd: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd.")
    stored = demo_server.manage("shell", "-c", STORED % SLUG).strip().splitlines()[-1]
    assert stored == f"True|Een deelwinkel aan de markt van Zwalm|{row['image_1_alt']}"
