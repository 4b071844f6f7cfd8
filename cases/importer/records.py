"""The import file, read and checked: every problem is collected before anything is written.

A problem names the case (its slug, or its position when the slug itself is missing) and the
field, in Dutch, so the person who prepared the file can fix all of them in one go.
"""

import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.html import strip_tags

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from django_countries import countries
from PIL import Image as PILImage

from cases.importer.follow_ups import read_follow_ups
from cases.models import Municipality
from cases.models.pages import FIRST_YEAR
from cases.places import CaseStatus, Province
from home.blocks import RICH_TEXT_FEATURES
from home.images import ImageRejected, image_check
from home.video import VideoUrlError, parse_video_url

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE_LOCALE = "nl"
TEXT_LISTS = ("steps", "learnings", "tips", "dos", "donts")
SOURCE_FIELDS = {
    "slug", "locale", "title", "summary", "place", "country", "province", "population", "lat", "lon", "year",
    "status", "themes", "audiences", "initiator", "partners", "budget", "duration", "concept", "steps", "results",
    "learnings", "tips", "dos", "donts", "transferability", "quote", "images", "video_url", "contact", "links",
    "publish", "follow_ups",
}  # fmt: skip
SHARED_FIELDS = {"place", "country", "province", "population", "lat", "lon", "year", "status", "themes", "audiences"}
TRANSLATION_FIELDS = (SOURCE_FIELDS - SHARED_FIELDS - {"video_url"}) | {"translation_of"}
REQUIRED_SOURCE = ("slug", "title", "summary", "place", "country", "themes", "audiences", "concept")
REQUIRED_TRANSLATION = ("slug", "locale", "translation_of", "title", "summary", "concept")
MAX_IMAGE_BYTES = 15 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


@dataclass(frozen=True)
class Problem:
    where: str
    field: str
    message: str
    case: str = ""  # the case's slug when known, whatever `where` shows (a spreadsheet shows its row)

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.message}"


@dataclass
class ImageFile:
    path: Path
    alt: str
    credit: str
    content: bytes
    extension: str

    @property
    def sha1(self) -> str:
        return hashlib.sha1(self.content).hexdigest()  # noqa: S324 - the same hash Wagtail stores


class Origin:
    """Where a case came from, for its problems: a case of a JSON file is named by its slug (or position) and
    its fields by the import format's names; a spreadsheet (cases/importer/sheets.py) names its row and columns."""

    def where(self, position: int, slug: str) -> str:
        return slug or f"geval #{position}"

    def column(self, field_name: str) -> str:
        return field_name

    def repeats(self, problem: "Problem") -> bool:
        """Whether `problem` only repeats one the origin reported already (a sheet's refused cell, then missing)."""
        return False


JSON_ORIGIN = Origin()


@dataclass
class CaseRecord:
    """One case from the file, with clean, typed values."""

    slug: str
    locale: str
    position: int
    data: dict
    translation_of: str = ""
    images: list[ImageFile] = field(default_factory=list)
    municipality: Municipality | None = None
    origin: Origin = JSON_ORIGIN

    def problem(self, field_name: str, message: str) -> Problem:
        return Problem(
            self.origin.where(self.position, self.slug), self.origin.column(field_name), message, case=self.slug
        )

    @property
    def is_translation(self) -> bool:
        return bool(self.translation_of)

    @property
    def publish(self) -> bool:
        return self.data.get("publish", True)

    def get(self, name: str, default=None):
        return self.data.get(name, default)

    def fingerprint(self) -> str:
        payload = {
            "data": self.data,
            "images": [image.sha1 for image in self.images],
            "municipality": self.municipality.nis_code if self.municipality else None,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


class RecordReader:
    """Reads one case dict into a CaseRecord, collecting problems instead of stopping at the first."""

    def __init__(self, raw, position: int, base_dir: Path, problems: list[Problem], origin: Origin = JSON_ORIGIN):
        self.raw = raw
        self.position = position
        self.base_dir = base_dir
        self.problems = problems
        self.origin = origin
        self.slug = ""
        self.data: dict = {}
        self.images: list[ImageFile] = []
        self.municipality: Municipality | None = None

    def problem(self, field_name: str, message: str) -> None:
        where = self.origin.where(self.position, self.slug)
        self.problems.append(Problem(where, self.origin.column(field_name), message, case=self.slug))

    def read(self) -> CaseRecord | None:
        if not isinstance(self.raw, dict):
            self.problem("-", "elk geval moet een JSON-object zijn")
            return None
        slug = self.raw.get("slug")
        if isinstance(slug, str) and slug:
            self.slug = slug
        locale = self.raw.get("locale", SOURCE_LOCALE)
        languages = [code for code, _name in settings.LANGUAGES]
        if locale not in languages:
            self.problem("locale", f"onbekende taal {locale!r}; kies uit {', '.join(languages)}")
            return None
        translation = locale != SOURCE_LOCALE
        self.check_fields(translation)
        self.read_texts()
        self.read_lists()
        self.read_rich_text()
        self.read_media()
        self.read_contact_and_links()
        if not translation:
            self.read_place_and_time()
            self.read_classification()
        follow_ups = read_follow_ups(
            self.raw.get("follow_ups"), translation=translation, year=self.data.get("year"), problem=self.problem
        )
        if follow_ups:
            self.data["follow_ups"] = follow_ups
        publish = self.raw.get("publish", True)
        if not isinstance(publish, bool):
            self.problem("publish", "moet true of false zijn")
        else:
            self.data["publish"] = publish
        if not isinstance(slug, str) or not SLUG.match(slug or ""):
            self.problem("slug", "gebruik kleine letters, cijfers en koppeltekens (bv. 'pop-ups-lokeren')")
            return None
        self.data["slug"] = slug
        self.data["locale"] = locale
        return CaseRecord(
            slug=slug,
            locale=locale,
            position=self.position,
            data=self.data,
            translation_of=self.raw.get("translation_of", "") if translation else "",
            images=self.images,
            municipality=self.municipality,
            origin=self.origin,
        )

    # --- Field groups --------------------------------------------------------------------------
    def check_fields(self, translation: bool) -> None:
        """Unknown and missing fields; a translation may not repeat what follows its source."""
        allowed = TRANSLATION_FIELDS if translation else SOURCE_FIELDS
        for name in sorted(set(self.raw) - allowed):
            if translation and name in SHARED_FIELDS | {"video_url"}:
                self.problem(name, "een vertaling neemt dit over van de bron; laat het veld weg")
            else:
                self.problem(name, "onbekend veld")
        for name in REQUIRED_TRANSLATION if translation else REQUIRED_SOURCE:
            if self.raw.get(name) in (None, "", []):
                self.problem(name, "verplicht veld ontbreekt")
        if not translation and not self.raw.get("images") and not self.raw.get("video_url"):
            self.problem("images", "geef minstens één afbeelding of een video_url")

    def text(self, name: str, max_length: int, required: bool = False) -> str:
        value = self.raw.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problem(name, "moet tekst zijn")
            return ""
        value = value.strip()
        if len(value) > max_length:
            self.problem(name, f"te lang: {len(value)} tekens, maximaal {max_length}")
        if value:
            self.data[name] = value
        return value

    def read_texts(self) -> None:
        self.text("title", 255)
        self.text("summary", 300)
        self.text("initiator", 200)
        self.text("partners", 600)
        self.text("budget", 200)
        self.text("duration", 200)
        translation_of = self.raw.get("translation_of")
        if translation_of is not None and not (isinstance(translation_of, str) and SLUG.match(translation_of)):
            self.problem("translation_of", "moet de slug van een Nederlandstalig geval zijn")

    def read_lists(self) -> None:
        for name in TEXT_LISTS:
            items = self.raw.get(name, [])
            if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
                self.problem(name, "moet een lijst van niet-lege teksten zijn")
                continue
            if any(len(item) > 600 for item in items):
                self.problem(name, "elk punt mag maximaal 600 tekens tellen")
            if items:
                self.data[name] = [item.strip() for item in items]
        results = self.raw.get("results", [])
        valid = isinstance(results, list) and all(
            isinstance(item, dict)
            and set(item) == {"value", "label"}
            and all(isinstance(v, str) and v.strip() for v in item.values())
            for item in results
        )
        if not valid:
            self.problem("results", 'moet een lijst van {"value": "…", "label": "…"} zijn')
        elif results:
            if any(len(item["value"]) > 24 for item in results):
                self.problem("results", "een kerncijfer (value) mag maximaal 24 tekens tellen")
            self.data["results"] = [{"value": r["value"].strip(), "label": r["label"].strip()} for r in results]
        quote = self.raw.get("quote")
        if quote is not None:
            if (
                not isinstance(quote, dict)
                or not quote.get("text")
                or not quote.get("author")
                or set(quote) - {"text", "author", "role"}
            ):
                self.problem("quote", 'moet {"text": "…", "author": "…", "role": "…"} zijn (role mag ontbreken)')
            else:
                self.data["quote"] = {key: str(quote.get(key, "")).strip() for key in ("text", "author", "role")}

    def read_rich_text(self) -> None:
        converter = EditorHTMLConverter(features=RICH_TEXT_FEATURES)
        for name in ("concept", "transferability"):
            html = self.raw.get(name)
            if html in (None, ""):
                continue
            if not isinstance(html, str):
                self.problem(name, "moet HTML-tekst zijn")
                continue
            cleaned = converter.to_database_format(html)
            if not strip_tags(cleaned).strip():
                self.problem(name, "bevat geen leesbare tekst")
                continue
            self.data[name] = cleaned

    def read_media(self) -> None:
        images = self.raw.get("images", [])
        if not isinstance(images, list):
            self.problem("images", "moet een lijst zijn")
            images = []
        for index, image in enumerate(images):
            self.read_image(index, image)
        if self.images:
            self.data["images"] = [{"alt": i.alt, "credit": i.credit, "sha1": i.sha1} for i in self.images]
        video_url = self.raw.get("video_url")
        if video_url:
            try:
                parse_video_url(video_url if isinstance(video_url, str) else "")
                self.data["video_url"] = video_url.strip()
            except VideoUrlError as error:
                self.problem("video_url", str(error))

    def read_image(self, index: int, image) -> None:
        name = f"images[{index}]"
        if (
            not isinstance(image, dict)
            or not isinstance(image.get("file"), str)
            or set(image) - {"file", "alt", "credit"}
        ):
            self.problem(name, 'moet {"file": "…", "alt": "…", "credit": "…"} zijn')
            return
        alt, credit = str(image.get("alt") or "").strip(), str(image.get("credit") or "").strip()
        if not alt:
            self.problem(f"{name}.alt", "elke afbeelding heeft een alternatieve tekst nodig")
        if len(alt) > 250 or len(credit) > 120:
            self.problem(name, "alt mag maximaal 250 en credit maximaal 120 tekens tellen")
        path = (self.base_dir / image["file"]).resolve()
        if not path.is_file():
            self.problem(f"{name}.file", f"bestand niet gevonden: {image['file']}{_other_case(path)}")
            return
        content = path.read_bytes()
        if len(content) > MAX_IMAGE_BYTES:
            self.problem(f"{name}.file", "bestand is groter dan 15 MB")
            return
        try:
            content = image_check(content)  # the admin's upload check; returns the file as it will be stored
        except ImageRejected as error:
            self.problem(f"{name}.file", f"{image['file']}: {error.message}")
            return
        with PILImage.open(io.BytesIO(content)) as picture:
            image_format = picture.format
        self.images.append(ImageFile(path, alt, credit, content, IMAGE_FORMATS[image_format]))

    def read_contact_and_links(self) -> None:
        url = URLValidator(schemes=["http", "https"])
        contact = self.raw.get("contact")
        if contact is not None:
            keys = {"name", "organisation", "email", "phone", "website"}
            if not isinstance(contact, dict) or set(contact) - keys or not contact.get("name"):
                self.problem("contact", f"moet een object met een naam zijn; velden: {', '.join(sorted(keys))}")
            else:
                if contact.get("email") and not _valid(EmailValidator(), contact["email"]):
                    self.problem("contact.email", "geen geldig e-mailadres")
                if contact.get("website") and not _valid(url, contact["website"]):
                    self.problem("contact.website", "geen geldig webadres (http of https)")
                if not any(contact.get(key) for key in ("email", "phone", "website")):
                    self.problem("contact", "geef minstens een e-mailadres, telefoonnummer of website")
                self.data["contact"] = {key: str(contact.get(key) or "").strip() for key in sorted(keys)}
        links = self.raw.get("links", [])
        if not isinstance(links, list) or not all(
            isinstance(link, dict) and set(link) == {"title", "url"} for link in links
        ):
            self.problem("links", 'moet een lijst van {"title": "…", "url": "…"} zijn')
            return
        for index, link in enumerate(links):
            if not _valid(url, link["url"]):
                self.problem(f"links[{index}].url", "geen geldig webadres (http of https)")
        if links:
            self.data["links"] = [{"title": str(link["title"]).strip(), "url": link["url"]} for link in links]

    def read_place_and_time(self) -> None:
        country = self.raw.get("country", "")
        if country and country not in dict(countries):
            self.problem("country", f"onbekende landcode {country!r} (ISO 3166-1 alpha-2, bv. BE, NL, FR)")
        self.data["country"] = country
        place = self.text("place", 100)
        self.municipality = Municipality.objects.by_name(place) if country == "BE" else None
        province = self.raw.get("province")
        if province:
            found = Province.from_text(province) if isinstance(province, str) else None
            if country != "BE":
                self.problem("province", "alleen voor Belgische gevallen")
            elif found is None:
                self.problem("province", f"onbekende provincie; kies uit {', '.join(p.label for p in Province)}")
            else:
                self.data["province"] = found.value
        self.number("population", int, 1, 50_000_000)
        if "population" not in self.data and self.municipality is None and country:
            self.problem("population", "verplicht buiten de lijst van Vlaamse gemeenten (voor de grootteklasse)")
        self.number("lat", (int, float), -90, 90)
        self.number("lon", (int, float), -180, 180)
        if ("lat" in self.data) != ("lon" in self.data):
            self.problem("lat", "geef lat en lon allebei, of geen van beide")
        self.number("year", int, FIRST_YEAR, date.today().year + 5)
        status = self.raw.get("status", CaseStatus.RUNNING.value)
        if status not in CaseStatus.values:
            self.problem("status", f"onbekende status {status!r}; kies uit {', '.join(CaseStatus.values)}")
        self.data["status"] = status

    def number(self, name: str, kind, low, high) -> None:
        value = self.raw.get(name)
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
            self.problem(name, f"moet een getal tussen {low} en {high} zijn")
            return
        self.data[name] = value

    def read_classification(self) -> None:
        for name in ("themes", "audiences"):
            values = self.raw.get(name, [])
            if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
                self.problem(name, "moet een lijst van slugs zijn")
                continue
            self.data[name] = list(dict.fromkeys(values))


def _other_case(path: Path) -> str:
    """A hint when the file is there with other capitals (Markt.JPG for markt.jpg): names are case-sensitive here."""
    if not path.parent.is_dir():
        return ""
    found = [other.name for other in path.parent.iterdir() if other.name.lower() == path.name.lower()]
    return f" (wel gevonden: {found[0]}; let op hoofdletters en kleine letters)" if found else ""


def _valid(validator, value) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return isinstance(value, str)
