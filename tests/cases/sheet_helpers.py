"""Build spreadsheets for the import tests, with openpyxl and csv, from the cases of import_helpers.

`sheet_row(case)` writes a case of the import format as a row of the template, the way a partner would fill
it in (plain text instead of HTML, photos by file name); `write_xlsx` and `write_csv` save rows with the
template's header and put every named photo in the folder `fotos` beside the file.
"""

import csv
import io
import re
from pathlib import Path

from openpyxl import Workbook

from cases.importer.columns import COLUMNS, ITEMS, OBJECTS
from tests.cases.import_helpers import jpeg_bytes

HEADER = [column.name for column in COLUMNS]


def plain(html: str) -> str:
    paragraphs = re.findall(r"<p>(.*?)</p>", html, flags=re.S)
    return "\n\n".join(paragraphs) if paragraphs else html


def sheet_row(case: dict) -> dict:
    """A case dict of the import format as `{column: value}`."""
    row = {}
    for name, value in case.items():
        if name in ITEMS:
            stem, parts = ITEMS[name]
            for number, item in enumerate(value, start=1):
                if not parts:
                    row[f"{stem}_{number}"] = item
                    continue
                for part in parts:
                    if part in item:
                        part_value = Path(item[part]).name if part == "file" else item[part]
                        row[f"{stem}_{number}_{part}"] = part_value
        elif name in OBJECTS:
            for part, part_value in value.items():
                row[f"{name}_{part}"] = part_value
        elif name in {"concept", "transferability"}:
            row[name] = plain(value)
        elif name == "publish":
            row[name] = "ja" if value else "nee"
        else:
            row[name] = value
    return row


def photo_names(rows: list[dict]) -> list[str]:
    return [value for row in rows for name, value in row.items() if re.fullmatch(r"image_\d+_file", name)]


def _save_photos(directory: Path, rows: list[dict], create_photos: bool) -> None:
    if not create_photos:
        return
    (directory / "fotos").mkdir(parents=True, exist_ok=True)
    for name in photo_names(rows):
        (directory / "fotos" / name).write_bytes(jpeg_bytes(name))


def workbook_bytes(rows: list, *, header: list | None = None, sheet_name: str = "Voorbeelden") -> bytes:
    """`rows` are dicts by column, or lists of cell values (to write an empty row: `[]`)."""
    header = HEADER if header is None else header
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name) for name in header] if isinstance(row, dict) else row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsx(directory: Path, rows: list, *, name: str = "voorbeelden.xlsx", create_photos: bool = True, **kw):
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(workbook_bytes(rows, **kw))
    _save_photos(directory, [row for row in rows if isinstance(row, dict)], create_photos)
    return path


def csv_bytes(rows: list[dict], *, delimiter: str = ";", bom: bool = True, header: list | None = None) -> bytes:
    header = HEADER if header is None else header
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(name) is None else row.get(name) for name in header])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def write_csv(directory: Path, rows: list[dict], *, name: str = "voorbeelden.csv", create_photos: bool = True, **kw):
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(csv_bytes(rows, **kw))
    _save_photos(directory, rows, create_photos)
    return path
