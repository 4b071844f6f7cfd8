"""Partners' spreadsheets (.xlsx, .csv in the template of cases/importer/columns.py) as cases of the import format.

A sheet is only turned into the dicts a JSON file holds: every check of a case is RecordReader's (records.py),
so a sheet and a JSON file are validated, reported and written by the same code. What is checked here is what
only a sheet can get wrong: the file itself, the sheet and its header row, cells Excel turned into dates or
formulas, empty rows between cases, and pairs of columns (a link's title without its address).
"""

import csv
import difflib
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from cases.importer.columns import BY_NAME, COLUMNS, ITEMS, OBJECTS, SIMPLE, column_for
from cases.importer.records import Origin, Problem

SHEET_SUFFIXES = {".xlsx", ".csv"}
OTHER_SPREADSHEETS = {".xls", ".xlsm", ".xlsb", ".ods", ".numbers"}
SHEET_NAME = "Voorbeelden"
PHOTO_DIR = "fotos"  # beside the sheet: its photos, named in the image_N_file columns
MAX_ROWS = 1000  # cases per file: a larger import is split over several files
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_XLSX_UNPACKED = 60 * 1024 * 1024  # an .xlsx is a zip: its parts together, unpacked
MAX_XLSX_PARTS = 300
MAX_SCANNED_ROWS = MAX_ROWS * 20  # empty, formatted rows included
EXTRA_COLUMNS = 50  # cells right of the header row that are still looked at
SAVE_AS = "Bewaar het in Excel als 'Excel-werkmap (.xlsx)' of als 'CSV UTF-8 (door lijstscheidingsteken gescheiden)'."
TRUE = {"ja", "j", "yes", "y", "true", "waar", "oui", "1", "x"}
BULLET = re.compile(r"^[-•*]\s+")
FALSE = {"nee", "n", "no", "false", "onwaar", "non", "0"}


class SheetError(Exception):
    """The file as a whole cannot be read as a sheet of the template; the message is for the partner."""


@dataclass(frozen=True)
class SheetOrigin(Origin):
    label: str
    row: int
    refused: set[str] = field(default_factory=set, compare=False)  # columns whose cell was refused here

    def where(self, position: int, slug: str) -> str:
        return f"{self.label}, rij {self.row}" + (f" ({slug})" if slug else "")

    def column(self, field_name: str) -> str:
        return column_for(field_name)

    def repeats(self, problem: Problem) -> bool:
        return problem.field in self.refused  # e.g. a formula in 'title', then 'title' missing


@dataclass(frozen=True)
class Cell:
    value: object  # str, int, float, bool, datetime or None
    number_format: str = ""
    formula: bool = False
    error: bool = False


def read_sheet(path: Path, problems: list[Problem], *, max_rows: int | None = None) -> list[tuple[dict, SheetOrigin]]:
    """The cases of one sheet, each with its row; problems of the file, its header and its cells are added to
    `problems` (and no case is returned when the file or its header cannot be used). At most `max_rows` cases
    (MAX_ROWS by default; the admin, which imports within a request, allows fewer)."""
    label = path.name
    max_rows = max_rows or MAX_ROWS
    try:
        table = _read_table(path, max_rows)
        header = _header(table[0] if table else [])
    except SheetError as error:
        problems.append(Problem(label, "-", str(error)))
        return []
    cases = []
    blank_rows: list[int] = []
    data_rows = 0
    for number, row in enumerate(table[1:], start=2):
        if all(_empty(cell) for cell in row):
            blank_rows.append(number)
            continue
        data_rows += 1
        if data_rows > max_rows:
            problems.append(Problem(label, "-", too_many_rows(max_rows)))
            return []
        for blank in blank_rows:
            problems.append(Problem(f"{label}, rij {blank}", "-", "lege rij tussen de voorbeelden; verwijder ze"))
        blank_rows = []
        origin = SheetOrigin(label, number)
        cases.append((RowReader(header, row, origin, problems).read(), origin))
    if not cases:
        problems.append(Problem(label, "-", "het werkblad bevat geen voorbeelden (alleen de kolomnamen)"))
    return cases


# --- The file ------------------------------------------------------------------------------------
def too_many_rows(max_rows: int) -> str:
    return f"te veel rijen: hoogstens {max_rows} voorbeelden per bestand; verdeel ze over meerdere bestanden"


def _read_table(path: Path, max_rows: int) -> list[list[Cell]]:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SheetError("bestand niet gevonden")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise SheetError(f"het bestand is groter dan {MAX_FILE_BYTES // (1024 * 1024)} MB; verdeel de voorbeelden")
    if suffix == ".csv":
        return _csv_table(path.read_bytes(), max_rows)
    return _xlsx_table(path, max_rows)


def _csv_table(content: bytes, max_rows: int) -> list[list[Cell]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SheetError(f"dit CSV-bestand is niet in UTF-8 opgeslagen. {SAVE_AS}") from error
    if "\x00" in text:
        raise SheetError(f"dit is geen CSV-bestand (tekst). {SAVE_AS}")
    first_line = text.split("\n", 1)[0]
    # Excel in Belgium separates with ';' (the comma is the decimal sign there); the header names hold neither.
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise SheetError(f"dit CSV-bestand kan niet gelezen worden: {error}") from error
    if len(rows) > MAX_SCANNED_ROWS:
        raise SheetError(too_many_rows(max_rows))
    # Excel exports what a formula computed; a cell that still starts with '=' was typed as a formula.
    return [[Cell(value or None, formula=value.startswith("=")) for value in row] for row in rows]


def _xlsx_table(path: Path, max_rows: int) -> list[list[Cell]]:
    not_excel = f"dit is geen Excel-bestand (.xlsx), of het is beschadigd. {SAVE_AS}"
    if not zipfile.is_zipfile(path):
        raise SheetError(not_excel)
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
        # openpyxl unpacks the sheet's XML in memory: refuse a small file that unpacks to a huge one.
        if len(parts) > MAX_XLSX_PARTS or sum(part.file_size for part in parts) > MAX_XLSX_UNPACKED:
            raise SheetError("het Excel-bestand is uitgepakt te groot; verdeel de voorbeelden over meerdere bestanden")
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds of errors for files that are not a workbook
        raise SheetError(not_excel) from error
    try:
        if SHEET_NAME not in workbook.sheetnames:
            found = ", ".join(f"'{name}'" for name in workbook.sheetnames)
            raise SheetError(f"het werkblad '{SHEET_NAME}' ontbreekt (gevonden: {found}); gebruik het sjabloon")
        table: list[list[Cell]] = []
        filled = 0
        for row in workbook[SHEET_NAME].iter_rows(max_col=len(COLUMNS) + EXTRA_COLUMNS):
            if len(table) >= MAX_SCANNED_ROWS:
                raise SheetError(too_many_rows(max_rows))
            cells = [_xlsx_cell(cell) for cell in row]
            if all(_empty(cell) for cell in cells):
                table.append([])  # an empty row keeps its number, not its cells
                continue
            table.append(cells)
            filled += 1
            if filled > max_rows + 1:  # the header, the cases and one too many: enough to say so
                break
        return table
    finally:
        workbook.close()


def _xlsx_cell(cell) -> Cell:
    value = cell.value
    if isinstance(value, str):
        value = value.strip() or None
    return Cell(
        value,
        number_format=getattr(cell, "number_format", "") or "",
        formula=cell.data_type == "f",
        error=cell.data_type == "e",
    )


def _empty(cell: Cell) -> bool:
    return cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())


# --- The header row ----------------------------------------------------------------------------
def _header(cells: list[Cell]) -> list[str | None]:
    names: list[str | None] = []
    problems = []
    for index, cell in enumerate(cells):
        name = str(cell.value).strip().lower() if not _empty(cell) else None
        names.append(name)
        if name is None:
            continue
        if name not in BY_NAME:
            problems.append(f"onbekende kolom '{cell.value}' in kolom {_letter(index)}{_suggestion(name)}")
        elif name in names[:-1]:
            problems.append(f"kolom '{name}' komt twee keer voor")
    if "slug" not in names:
        raise SheetError(
            "de eerste rij moet de kolomnamen van het sjabloon bevatten (slug, title, summary, …); "
            "de kolom 'slug' ontbreekt"
        )
    if problems:
        raise SheetError("; ".join(problems))
    return names


def _suggestion(name: str) -> str:
    """What the partner probably meant: a column with a similar name, or the numbered columns the template has."""
    numbered = re.fullmatch(r"([a-z]+)_(\d+)(_[a-z]+)?", name)
    stems = {stem: field_name for field_name, (stem, _parts) in ITEMS.items()}
    if numbered and (stem := difflib.get_close_matches(numbered[1], stems, n=1, cutoff=0.7)):
        candidate = f"{stem[0]}_{numbered[2]}{numbered[3] or ''}"
        if candidate in BY_NAME:
            return f" (bedoelt u '{candidate}'?)"
        return f" (het sjabloon heeft {column_for(stems[stem[0]])})"
    similar = difflib.get_close_matches(name, BY_NAME, n=1, cutoff=0.6)
    if similar:
        return f" (bedoelt u '{similar[0]}'?)"
    return "; zie het werkblad 'Uitleg' van het sjabloon"


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- One row -------------------------------------------------------------------------------------
class RowReader:
    """One row as a case of the import format: only the filled cells, repeated fields gathered in order."""

    def __init__(self, header: list[str | None], row: list[Cell], origin: SheetOrigin, problems: list[Problem]):
        self.cells = {name: cell for name, cell in zip(header, row, strict=False) if name and not _empty(cell)}
        self.unnamed = [index for index, cell in enumerate(row) if not _empty(cell) and index >= len(header)]
        self.unnamed += [
            index for index, name in enumerate(header) if name is None and index < len(row) and not _empty(row[index])
        ]
        self.origin = origin
        self.problems = problems
        self.values: dict[str, object] = {}
        slug = self.cells["slug"].value if "slug" in self.cells else ""
        self.slug = slug.strip() if isinstance(slug, str) else ""

    def problem(self, column: str, message: str) -> None:
        self.origin.refused.add(column)
        self.problems.append(Problem(self.origin.where(0, self.slug), column, message, case=self.slug))

    def read(self) -> dict:
        for name, cell in self.cells.items():
            value = self.value(name, cell)
            if value is not None:
                self.values[name] = value
        for index in self.unnamed:
            self.problem(_letter(index), "deze cel heeft geen kolomnaam in de eerste rij")
        raw = {name: self.values[name] for name in SIMPLE if name in self.values}
        for field_name, (stem, parts) in ITEMS.items():
            items = self.items(field_name, stem, parts)
            if items:
                raw[field_name] = items
        for field_name, parts in OBJECTS.items():
            names = {part: f"{field_name}_{part}" for part in parts}
            found = {part: self.values[name] for part, name in names.items() if name in self.values}
            if found:
                raw[field_name] = found
        return raw

    def value(self, name: str, cell: Cell):
        if cell.formula:
            self.problem(name, "bevat een formule; kopieer de cel en plak alleen de waarde")
            return None
        if cell.error:
            self.problem(name, f"bevat een foutwaarde van Excel ({cell.value})")
            return None
        if isinstance(cell.value, datetime | date | time):
            self.problem(
                name,
                f"Excel heeft deze cel als datum bewaard ({cell.value:%d-%m-%Y}); "
                "zet de cel op 'Tekst' en typ de waarde opnieuw",
            )
            return None
        kind = BY_NAME[name].kind
        return getattr(self, f"as_{kind}")(name, cell)

    def as_text(self, name: str, cell: Cell) -> str:
        value = cell.value
        if isinstance(value, bool):
            return "ja" if value else "nee"
        if isinstance(value, float) and "%" in cell.number_format:
            return f"{value * 100:g}%"  # Excel stores a typed '-30%' as -0.3
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def as_int(self, name: str, cell: Cell):
        value = cell.value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            digits = re.sub(r"[\s\u00a0\u202f]", "", value)
            if re.fullmatch(r"\d{1,3}([.,]\d{3})+", digits):  # 42.000 or 42,000: thousands
                digits = re.sub(r"[.,]", "", digits)
            return int(digits) if digits.isdigit() else value  # RecordReader says what is wrong with the text
        return value

    def as_float(self, name: str, cell: Cell):
        value = cell.value
        if isinstance(value, str):
            try:
                return float(value.replace(",", ".")) if value.count(",") <= 1 else value
            except ValueError:
                return value
        return value

    def as_bool(self, name: str, cell: Cell):
        value = cell.value
        if isinstance(value, bool):
            return value
        text = self.as_text(name, cell).lower()
        if text in TRUE | FALSE:
            return text in TRUE
        self.problem(name, "schrijf ja of nee")
        return None

    def as_rich(self, name: str, cell: Cell) -> str:
        text = self.as_text(name, cell)
        if re.match(r"^\s*<(p|ul|ol|h[2-4])\b", text):
            return text  # already HTML, as the JSON import takes it
        return plain_text_html(text)

    def items(self, field_name: str, stem: str, parts: tuple) -> list:
        """The filled numbered columns in order; an item of several parts needs its first part (and a link both)."""
        items = []
        numbers = sorted(
            {int(match[1]) for name in self.values if (match := re.fullmatch(rf"{stem}_(\d+)(?:_\w+)?", name))}
        )
        for number in numbers:
            if not parts:
                items.append(self.values[f"{stem}_{number}"])
                continue
            item = {part: self.values.get(f"{stem}_{number}_{part}") for part in parts}
            required = parts if field_name != "images" else parts[:1]
            missing = [f"{stem}_{number}_{part}" for part in required if item[part] is None]
            if missing:
                filled = [f"{stem}_{number}_{part}" for part in parts if item[part] is not None]
                self.problem(missing[0], f"vul ook {' en '.join(missing)} in, of maak {' en '.join(filled)} leeg")
                continue
            if field_name == "images":
                item = self.image(stem, number, item)
                if item is None:
                    continue
            items.append({part: value for part, value in item.items() if value is not None})
        return items

    def image(self, stem: str, number: int, item: dict) -> dict | None:
        name = str(item["file"])
        if "/" in name or "\\" in name or name.startswith(".") or ":" in name:
            self.problem(f"{stem}_{number}_file", "geef alleen de bestandsnaam van de foto, zonder map (bv. markt.jpg)")
            return None
        return item


def plain_text_html(text: str) -> str:
    """A cell's text as rich text: paragraphs split by empty lines, lines starting with '- ' as a list."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        bullets = [BULLET.sub("", line) for line in lines if BULLET.match(line)]
        if bullets and len(bullets) == len(lines):
            items = "".join(f"<li>{html.escape(line)}</li>" for line in bullets)
            blocks.append(f"<ul>{items}</ul>")
        elif lines:
            blocks.append(f"<p>{'<br/>'.join(html.escape(line) for line in lines)}</p>")
    return "".join(blocks)
