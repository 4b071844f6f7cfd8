"""The columns of the spreadsheet template: one row per case, a repeated field in numbered columns.

Each column fills one field of the import format (PRODUCT.md); the explanations and the example row are what the
template's "Uitleg" sheet and the README show, in Dutch only: the template, like the import's problem report, is
written for the Flemish partners. A problem found in a field of the import format is reported with the column it
came from (`column_for`).
"""

import re
from dataclasses import dataclass

# How many numbered columns each repeated field gets (theme_1 … theme_8 and so on).
REPEATS = {
    "themes": 8,
    "audiences": 4,
    "steps": 8,
    "results": 5,
    "learnings": 5,
    "tips": 5,
    "dos": 5,
    "donts": 5,
    "images": 5,
    "links": 5,
}
# The repeated field → the stem of its columns, and the parts of one item (empty: the item is one text).
ITEMS = {
    "themes": ("theme", ()),
    "audiences": ("audience", ()),
    "steps": ("step", ()),
    "results": ("result", ("value", "label")),
    "learnings": ("learning", ()),
    "tips": ("tip", ()),
    "dos": ("do", ()),
    "donts": ("dont", ()),
    "images": ("image", ("file", "alt", "credit")),
    "links": ("link", ("title", "url")),
}
OBJECTS = {"quote": ("text", "author", "role"), "contact": ("name", "organisation", "email", "phone", "website")}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, int, float, bool, rich (plain text that becomes paragraphs)
    explanation: str
    example: object = None


def _single(name, kind, explanation, example=None) -> list[Column]:
    return [Column(name, kind, explanation, example)]


def _repeated(field_name: str, explanation: str, examples: list, kinds: dict | None = None) -> list[Column]:
    stem, parts = ITEMS[field_name]
    columns = []
    for number in range(1, REPEATS[field_name] + 1):
        example = examples[number - 1] if number <= len(examples) else None
        if not parts:
            columns.append(Column(f"{stem}_{number}", "text", explanation, example))
            continue
        for part in parts:
            kind = (kinds or {}).get(part, "text")
            value = example.get(part) if example else None
            columns.append(Column(f"{stem}_{number}_{part}", kind, explanation, value))
    return columns


EXAMPLE_TEXT = {
    "concept": (
        "Leegstaande winkelpanden in de Durmelaan worden zes maanden verhuurd aan starters, tegen een huur die "
        "de stad voor de helft betaalt.\n\nNa zes maanden beslist de starter of hij blijft, tegen de gewone huur."
    ),
    "transferability": (
        "Een kleinere gemeente kan starten met twee of drie panden en één vaste contactpersoon bij de dienst "
        "Lokale Economie. Een stad heeft een selectiecomité nodig."
    ),
}

COLUMNS: list[Column] = [
    *_single(
        "slug",
        "text",
        "Vaste sleutel: kleine letters, cijfers en koppeltekens. Opnieuw importeren met "
        "dezelfde slug werkt het voorbeeld bij.",
        "pop-ups-durmelaan-lokeren",
    ),
    *_single("locale", "text", "Taal van de rij: nl (standaard), en of fr. Een vertaling is een eigen rij.", "nl"),
    *_single(
        "translation_of",
        "text",
        "Alleen voor een vertaling: de slug van het Nederlandstalige voorbeeld. "
        "Laat dan plaats, land, jaar, status, thema's en doelgroepen leeg: die volgen de bron.",
        None,
    ),
    *_single("title", "text", "Titel, hoogstens 255 tekens.", "Pop-upwinkels maken de Durmelaan weer levendig"),
    *_single(
        "summary",
        "text",
        "Korte samenvatting in gewone tekst, hoogstens 300 tekens.",
        "Lokeren verhuurt leegstaande winkelpanden tijdelijk aan starters en betaalt de eerste maanden de "
        "helft van de huur.",
    ),
    *_single(
        "place",
        "text",
        "Gemeente of stad. Voor een Vlaamse gemeente vullen we provincie, inwoners en coördinaten zelf aan.",
        "Lokeren",
    ),
    *_single("country", "text", "Landcode van twee letters (ISO 3166-1): BE, NL, FR, DE …", "BE"),
    *_single("province", "text", "Alleen voor België; leeg laten voor een Vlaamse gemeente.", None),
    *_single(
        "population",
        "int",
        "Inwoners van de gemeente; verplicht in het buitenland en buiten de lijst van Vlaamse gemeenten.",
        None,
    ),
    *_single("lat", "float", "Breedtegraad (bv. 51,10); samen met lon, of allebei leeg.", None),
    *_single("lon", "float", "Lengtegraad (bv. 3,99); samen met lat, of allebei leeg.", None),
    *_single("year", "int", "Jaar waarin het initiatief startte (een getal, geen datum).", 2021),
    *_single("status", "text", "Stand van zaken: een van de codes hieronder.", "completed"),
    *_repeated("themes", "Thema's: één code per kolom, minstens één.", ["beleving-en-aantrekking", "samenwerking"]),
    *_repeated("audiences", "Doelgroepen: één code per kolom, minstens één.", ["lokale-besturen", "ondernemers"]),
    *_single("initiator", "text", "Initiatiefnemer (vrije tekst).", "Stad Lokeren, dienst Lokale Economie"),
    *_single("partners", "text", "Partners (vrije tekst).", "Handelaarsvereniging Lokeren, Unizo"),
    *_single("budget", "text", "Budget, als indicatie (vrije tekst).", "ongeveer € 45 000 per jaar"),
    *_single("duration", "text", "Looptijd (vrije tekst).", "18 maanden"),
    *_single(
        "concept",
        "rich",
        "Het concept. Een lege regel begint een nieuwe alinea; regels die met '- ' beginnen worden een opsomming.",
        EXAMPLE_TEXT["concept"],
    ),
    *_repeated(
        "steps",
        "Aanpak in stappen: één stap per kolom, in volgorde.",
        ["Leegstaande panden in kaart brengen.", "Eigenaars overtuigen.", "Starters selecteren."],
    ),
    *_repeated(
        "results",
        "Resultaat: een kerncijfer (value, hoogstens 24 tekens) en wat het meet (label).",
        [{"value": "-30%", "label": "leegstand in de Durmelaan"}, {"value": "12", "label": "nieuwe zaken"}],
    ),
    *_repeated(
        "learnings",
        "Learnings: één per kolom, hoogstens 600 tekens.",
        ["Betrek de eigenaars van bij de start.", "Starters hebben begeleiding nodig."],
    ),
    *_repeated("tips", "Tips & tricks: één per kolom.", ["Werk met contracten van zes maanden."]),
    *_repeated("dos", "Do's: één per kolom.", ["Maak elke opening bekend."]),
    *_repeated("donts", "Don'ts: één per kolom.", ["Beloof geen lage huur voor altijd."]),
    *_single(
        "transferability",
        "rich",
        "Overdraagbaarheid: wat een kleinere of grotere gemeente moet aanpassen. Zelfde opmaak als concept.",
        EXAMPLE_TEXT["transferability"],
    ),
    *_single("quote_text", "text", "Citaat (met quote_author).", "De straat leeft weer."),
    *_single("quote_author", "text", "Wie het citaat zei.", "An Peeters"),
    *_single("quote_role", "text", "Functie van wie het citaat zei (mag leeg).", "schepen van Lokale Economie"),
    *_repeated(
        "images",
        "Foto: de bestandsnaam in de map met foto's (JPEG, PNG of WebP), een alternatieve "
        "tekst (verplicht) en de fotograaf (credit). De eerste foto is de hoofdfoto.",
        [{"file": "durmelaan.jpg", "alt": "Een winkelstraat met pop-upwinkels", "credit": "Foto: Stad Lokeren"}],
    ),
    *_single("video_url", "text", "YouTube- of Vimeo-link; nodig als er geen foto is.", None),
    *_single("contact_name", "text", "Contactpersoon (met een e-mailadres, telefoonnummer of website).", "An Peeters"),
    *_single("contact_organisation", "text", "Organisatie van de contactpersoon.", "Stad Lokeren"),
    *_single("contact_email", "text", "E-mailadres van de contactpersoon.", "lokale.economie@lokeren.be"),
    *_single("contact_phone", "text", "Telefoonnummer van de contactpersoon.", None),
    *_single("contact_website", "text", "Website (http of https).", None),
    *_repeated(
        "links",
        "Link: een titel en een webadres (http of https).",
        [{"title": "Projectpagina", "url": "https://www.lokeren.be/pop-ups"}],
    ),
    *_single("publish", "bool", "ja: meteen publiceren; nee: als concept bewaren. Leeg is ja.", "nee"),
]
BY_NAME = {column.name: column for column in COLUMNS}
# Columns that are a field of their own (the others are parts of a repeated field, a quote or the contact).
SIMPLE = [
    column.name
    for column in COLUMNS
    if column.name.split("_", 1)[0] not in OBJECTS and not re.fullmatch(r"[a-z]+_\d+(_[a-z]+)?", column.name)
]


def column_for(field_name: str) -> str:
    """The column (or columns) of the template for a field of the import format, as a problem names it."""
    match = re.fullmatch(r"(\w+)\[(\d+)\](?:\.(\w+))?", field_name)
    if match and match[1] in ITEMS:
        stem, parts = ITEMS[match[1]]
        number = int(match[2]) + 1
        if match[3]:
            return f"{stem}_{number}_{match[3]}"
        return f"{stem}_{number}" if not parts else f"{stem}_{number}_{parts[0]}"
    if "." in field_name and field_name.split(".", maxsplit=1)[0] in OBJECTS:
        return field_name.replace(".", "_")
    if field_name in ITEMS:
        stem, parts = ITEMS[field_name]
        suffix = f"_{parts[0]}" if parts else ""
        return f"{stem}_1{suffix} … {stem}_{REPEATS[field_name]}{suffix}"
    if field_name in OBJECTS:
        return f"{field_name}_{OBJECTS[field_name][0]}"
    return field_name
