"""The admin's "Voorbeelden importeren": who may use it, the template downloads, check then import, zip safety."""

import io
import os
import time
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from cases import import_views
from cases.importer import sheets, uploads
from cases.importer.columns import COLUMNS
from cases.models import CasePage
from tests.cases.import_helpers import SOURCE_SLUG, abroad_case, jpeg_bytes, snapshot, source_case, translation_case
from tests.cases.sheet_helpers import csv_bytes, photo_names, sheet_row, workbook_bytes
from tests.home.image_helpers import jpeg_with_metadata, leaks

pytestmark = pytest.mark.django_db

URL = "/admin/voorbeelden/importeren/"


@pytest.fixture(autouse=True)
def staging(settings, tmp_path):
    settings.CASE_IMPORT_STAGING_DIR = tmp_path / "staging"
    return tmp_path / "staging"


@pytest.fixture
def editor_client(client, eindredacteur):
    client.force_login(eindredacteur)
    return client


def good_rows() -> list[dict]:
    return [sheet_row(case) for case in (source_case(), abroad_case(), translation_case())]


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def photos_zip(rows: list[dict], *, leave_out: str = "") -> bytes:
    return zip_bytes({f"fotos/{name}": jpeg_bytes(name) for name in photo_names(rows) if name != leave_out})


def upload(client, sheet: bytes, photos: bytes | None = None, *, name: str = "voorbeelden.xlsx"):
    data = {"sheet": SimpleUploadedFile(name, sheet)}
    if photos is not None:
        data["photos"] = SimpleUploadedFile("fotos.zip", photos, content_type="application/zip")
    return client.post(URL, data)


# --- Who may import ----------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["eindredacteur", "beheerder"])
def test_eindredacteur_and_beheerder_see_the_page_and_the_menu_item(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == 200
    assert reverse("case_import_template", args=["xlsx"]) in response.content.decode()
    assert URL in client.get("/admin/").content.decode()


def test_redacteur_may_not_import(client, redacteur, taxonomy, staging):
    """Wagtail answers a refused admin view with a redirect to the dashboard and a message."""
    client.force_login(redacteur)
    refused = [
        client.get(URL),
        upload(client, csv_bytes([sheet_row(source_case())])),
        client.get(reverse("case_import_template", args=["xlsx"])),
    ]
    assert [(response.status_code, response.url) for response in refused] == [(302, "/admin/")] * 3
    assert not staging.exists() or list(staging.iterdir()) == []
    assert URL not in client.get("/admin/").content.decode()


# --- The template ---------------------------------------------------------------------------------
def test_xlsx_template_has_the_columns_an_example_and_the_codes(editor_client, taxonomy):
    response = editor_client.get(reverse("case_import_template", args=["xlsx"]))
    assert response.status_code == 200
    assert "vitrine-sjabloon.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Voorbeelden", "Uitleg"]
    rows = list(workbook["Voorbeelden"].values)
    assert list(rows[0]) == [column.name for column in COLUMNS]
    assert dict(zip(rows[0], rows[1], strict=True))["title"] == "Pop-upwinkels maken de Durmelaan weer levendig"
    guide = [cell for row in workbook["Uitleg"].values for cell in row if cell]
    for code in (*taxonomy["themes"], *taxonomy["audiences"], "completed", "oost-vlaanderen", "learning_5"):
        assert code in guide


def test_csv_template_is_utf8_with_semicolons(editor_client, taxonomy):
    response = editor_client.get(reverse("case_import_template", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffslug;locale;translation_of;title;")
    assert "Durmelaan" in text


# --- Check, then import -------------------------------------------------------------------------
def test_good_upload_is_checked_then_imported(editor_client, taxonomy, staging):
    rows = good_rows()
    before = snapshot()
    response = upload(editor_client, workbook_bytes(rows), photos_zip(rows))
    page = response.content.decode()
    assert "Nieuw: 3" in page
    assert SOURCE_SLUG in page
    assert snapshot() == before  # the check writes nothing
    token = response.context["token"]
    assert (staging / token).is_dir()

    response = editor_client.post(URL, {"token": token}, follow=True)
    assert "Import geslaagd: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd." in response.content.decode()
    assert CasePage.objects.filter(slug=SOURCE_SLUG, live=True).exists()
    assert not (staging / token).exists()  # the uploaded files are gone


def test_bad_upload_shows_row_and_column_and_writes_nothing(editor_client, taxonomy, staging):
    rows = good_rows()
    before = snapshot()
    response = upload(editor_client, workbook_bytes(rows), photos_zip(rows, leave_out=rows[0]["image_1_file"]))
    page = response.content.decode()
    assert "voorbeelden.xlsx, rij 2 (pop-ups-lokeren)" in page
    assert "image_1_file" in page
    assert "Er is niets geïmporteerd" in page
    assert 'name="token"' not in page
    assert snapshot() == before
    assert list(staging.iterdir()) == []


def test_csv_upload(editor_client, taxonomy):
    rows = good_rows()
    response = upload(editor_client, csv_bytes(rows), photos_zip(rows), name="partners.csv")
    assert "Nieuw: 3" in response.content.decode()


def test_import_needs_the_token_of_this_session(client, editor_client, taxonomy, beheerder):
    rows = good_rows()
    token = upload(editor_client, workbook_bytes(rows), photos_zip(rows)).context["token"]
    client.force_login(beheerder)  # another session
    before = snapshot()
    response = client.post(URL, {"token": token}, follow=True)
    assert "niet meer beschikbaar" in response.content.decode()
    assert snapshot() == before


def test_photo_from_the_zip_is_stored_without_its_gps_position(editor_client, taxonomy):
    rows = [sheet_row(source_case())]
    token = upload(editor_client, workbook_bytes(rows), zip_bytes({rows[0]["image_1_file"]: jpeg_with_metadata()}))
    editor_client.post(URL, {"token": token.context["token"]})
    image = CasePage.objects.get(slug=SOURCE_SLUG).hero_image
    with image.file.open("rb") as stored:
        assert leaks(stored.read()) == []


# --- Unsafe uploads -------------------------------------------------------------------------------
def bomb() -> bytes:
    """20 MB of zeros that pack into a few kilobytes, named like a photo."""
    return zip_bytes({"fotos/groot.jpg": b"\0" * (20 * 1024 * 1024)})


def traversal() -> bytes:
    return zip_bytes({"../../etc/markt.jpg": jpeg_bytes("x")})


UNSAFE = {
    "not-a-zip": (lambda: b"geen zip", "geen geldig zip-bestand"),
    "path-traversal": (traversal, "onveilig pad"),
    "zip-bomb": (bomb, "een foto mag hoogstens 15 MB zijn"),
    "same-name-twice": (
        lambda: zip_bytes({"a/markt.jpg": jpeg_bytes("a"), "b/markt.jpg": jpeg_bytes("b")}),
        "heten markt.jpg",
    ),
}


@pytest.mark.parametrize(("build", "message"), list(UNSAFE.values()), ids=list(UNSAFE))
def test_unsafe_zip_is_refused_and_nothing_kept(editor_client, taxonomy, staging, build, message):
    before = snapshot()
    response = upload(editor_client, workbook_bytes(good_rows()), build())
    assert message in response.content.decode()
    assert snapshot() == before
    assert list(staging.iterdir()) == []


def test_too_many_files_or_bytes_in_the_zip(editor_client, taxonomy, monkeypatch):
    rows = good_rows()
    monkeypatch.setattr(uploads, "MAX_ZIP_ENTRIES", 1)
    assert "meer dan 1 bestanden" in upload(editor_client, workbook_bytes(rows), photos_zip(rows)).content.decode()
    monkeypatch.setattr(uploads, "MAX_ZIP_ENTRIES", 500)
    monkeypatch.setattr(uploads, "MAX_UNPACKED_BYTES", 100)
    assert "uitgepakt samen groter" in upload(editor_client, workbook_bytes(rows), photos_zip(rows)).content.decode()


def test_only_image_files_of_the_zip_are_used(editor_client, taxonomy, staging):
    rows = [sheet_row(source_case())]
    extra = {"lees-mij.txt": b"tekst", "script.sh": b"rm -rf /", "__MACOSX/._markt.jpg": b"x"}
    response = upload(
        editor_client,
        workbook_bytes(rows),
        zip_bytes({**extra, rows[0]["image_1_file"]: jpeg_bytes("x")}),
    )
    token = response.context["token"]
    assert sorted(path.name for path in (staging / token / "fotos").iterdir()) == [rows[0]["image_1_file"]]


def test_check_names_the_photos_no_row_uses(editor_client, taxonomy):
    rows = [sheet_row(source_case())]
    photos = zip_bytes({rows[0]["image_1_file"]: jpeg_bytes("x"), "reserve.jpg": jpeg_bytes("y")})
    response = upload(editor_client, workbook_bytes(rows), photos)
    assert response.context["unused_photos"] == ["reserve.jpg"]
    assert "reserve.jpg" in response.content.decode()


def test_not_a_spreadsheet_upload(editor_client, taxonomy):
    response = upload(editor_client, b"%PDF-1.4", name="voorbeelden.pdf")
    assert "Kies een spreadsheet in het formaat .xlsx of .csv" in response.content.decode()
    response = upload(editor_client, b"geen werkmap", name="voorbeelden.xlsx")
    assert "dit is geen Excel-bestand" in response.content.decode()


def test_the_admin_takes_fewer_rows_than_the_command_line(editor_client, taxonomy, monkeypatch):
    monkeypatch.setattr(import_views, "MAX_ROWS", 2)
    rows = good_rows()
    before = snapshot()
    response = upload(editor_client, workbook_bytes(rows), photos_zip(rows))
    assert "te veel rijen: hoogstens 2 voorbeelden per bestand" in response.content.decode()
    assert snapshot() == before


def test_an_upload_left_behind_is_removed_by_a_later_one(editor_client, taxonomy, staging, beheerder):
    rows = good_rows()
    forgotten = upload(editor_client, workbook_bytes(rows), photos_zip(rows)).context["token"]
    recent = upload(Client(), b"", name="x.csv")  # not logged in: refused before anything is kept
    assert recent.status_code == 302
    hours_ago = time.time() - (uploads.STAGING_HOURS + 1) * 3600
    os.utime(staging / forgotten, (hours_ago, hours_ago))
    other = Client()
    other.force_login(beheerder)
    kept = upload(other, workbook_bytes(rows), photos_zip(rows)).context["token"]
    assert [path.name for path in staging.iterdir()] == [kept]


def test_an_xlsx_that_unpacks_too_large_is_refused_before_reading(editor_client, taxonomy, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_XLSX_UNPACKED", 10_000)
    response = upload(editor_client, workbook_bytes(good_rows()))
    assert "uitgepakt te groot" in response.content.decode()
