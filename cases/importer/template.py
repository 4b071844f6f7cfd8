"""The spreadsheet template partners fill in: the header row, one example case, and a sheet that explains it.

Built on request, so the codes it lists are the themes and audiences editors have at that moment.
"""

import csv
import io

from cases.importer.columns import COLUMNS
from cases.importer.sheets import SHEET_NAME
from cases.places import CaseStatus, Province
from themes.models import Audience, ThemePage

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FILE_NAME = "vitrine-sjabloon"
INTRODUCTION = [
    "Eén rij per voorbeeld in het werkblad 'Voorbeelden'. Laat de eerste rij (de kolomnamen) staan en vervang de "
    "voorbeeldrij door uw eigen voorbeelden; laat geen lege rijen tussen de voorbeelden.",
    "Een vertaling (Engels of Frans) is een eigen rij met locale 'en' of 'fr' en in translation_of de slug van het "
    "Nederlandstalige voorbeeld. Zij heeft evenveel stappen, learnings, tips enzovoort als de bron.",
    "Foto's: zet ze in een map 'fotos' naast het bestand (of in een zip-bestand bij het uploaden in de beheeromgeving) "
    "en schrijf in image_1_file … alleen de bestandsnaam. JPEG, PNG of WebP.",
    "Typ waarden, geen formules, en laat Excel geen datums maken: een jaar is een getal (2021).",
    "Opnieuw importeren met dezelfde slug werkt een voorbeeld bij; er komt nooit een tweede.",
]


def _codes() -> list[tuple[str, list[tuple[str, str]]]]:
    themes = ThemePage.objects.filter(locale__language_code="nl").order_by("path").values_list("code", "title")
    audiences = Audience.objects.filter(locale__language_code="nl").order_by("code").values_list("code", "name")
    return [
        ("theme_1 … theme_8: thema's", list(themes)),
        ("audience_1 … audience_4: doelgroepen", list(audiences)),
        ("status: stand van zaken", [(status.value, str(status.label)) for status in CaseStatus]),
        ("province: provincie (alleen voor België)", [(p.value, str(p.label)) for p in Province]),
        ("locale: taal", [("nl", "Nederlands (bron)"), ("en", "Engels (vertaling)"), ("fr", "Frans (vertaling)")]),
        ("publish", [("ja", "meteen publiceren"), ("nee", "als concept bewaren")]),
    ]


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append([column.name for column in COLUMNS])
    sheet.append([column.example for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = 40 if column.kind == "rich" else max(14, len(column.name) + 2)
        sheet.cell(row=2, column=index).number_format = "@" if column.kind in {"text", "rich"} else "General"
        sheet.cell(row=2, column=index).alignment = Alignment(wrap_text=column.kind == "rich", vertical="top")
    sheet.freeze_panes = "B2"

    guide = workbook.create_sheet("Uitleg")
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 90
    guide.column_dimensions["C"].width = 40
    for line in INTRODUCTION:
        guide.append([line])
    guide.append([])
    guide.append(["Kolom", "Uitleg", "Voorbeeld"])
    guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
    for column in COLUMNS:
        guide.append([column.name, column.explanation, column.example])
    for title, codes in _codes():
        guide.append([])
        guide.append([title])
        guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
        for code, label in codes:
            guide.append([code, label])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv() -> bytes:
    """The same header and example row; ';' and a BOM, so Excel in Belgium opens it in columns and in UTF-8."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.name for column in COLUMNS])
    writer.writerow(["" if column.example is None else column.example for column in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
