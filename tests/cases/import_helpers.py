"""Build import files for `import_cases` tests: valid case dicts, a JSON file and small JPEGs.

`source_case()` and `translation_case()` return complete, valid cases in the shape of
demo/CONTENT_BRIEF.md; tests change or drop one field to make them wrong.
"""

import hashlib
import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from PIL import Image as PILImage

SOURCE_SLUG = "pop-ups-lokeren"
TRANSLATION_SLUG = "pop-up-shops-lokeren"
CREDIT = "Illustratie: De Vitrine (demo)"


def jpeg_bytes(seed: str) -> bytes:
    """A small JPEG whose colour (so whose bytes) depends on `seed`."""
    red, green, blue = hashlib.sha1(seed.encode()).digest()[:3]  # noqa: S324 - only picks a colour
    buffer = io.BytesIO()
    PILImage.new("RGB", (48, 32), (red, green, blue)).save(buffer, format="JPEG")
    return buffer.getvalue()


def source_case(slug: str = SOURCE_SLUG, **changes) -> dict:
    """A complete Dutch case for Lokeren; province, population and coordinates come from the list."""
    case = {
        "slug": slug,
        "locale": "nl",
        "title": "Pop-upwinkels tegen leegstand",
        "summary": "Lokeren verhuurt leegstaande winkelpanden tijdelijk aan starters.",
        "place": "Lokeren",
        "country": "BE",
        "year": 2021,
        "status": "completed",
        "themes": ["beleving-en-aantrekking", "samenwerking"],
        "audiences": ["lokale-besturen", "ondernemers"],
        "initiator": "Stad Lokeren, dienst Lokale Economie",
        "partners": "Handelaarsvereniging Lokeren",
        "budget": "ca. € 45 000 per jaar",
        "duration": "18 maanden",
        "concept": "<p>Leegstaande panden worden tijdelijk verhuurd aan starters.</p>",
        "steps": ["Panden in kaart brengen.", "Eigenaars overtuigen.", "Starters selecteren."],
        "results": [{"value": "-30%", "label": "leegstand"}, {"value": "12", "label": "nieuwe zaken"}],
        "learnings": ["Betrek de eigenaars van bij de start.", "Starters hebben begeleiding nodig."],
        "tips": ["Werk met contracten van zes maanden.", "Maak de etalages samen op."],
        "dos": ["Communiceer elke opening.", "Meet de bezoekers."],
        "donts": ["Beloof geen lage huur voor altijd.", "Vergeet de verzekering niet."],
        "transferability": "<p>Een kleinere gemeente start met twee panden.</p>",
        "quote": {"text": "De straat leeft weer.", "author": "An Peeters", "role": "schepen van Lokale Economie"},
        "images": [
            {"file": f"images/{slug}-winkelstraat.jpg", "alt": "Een winkelstraat met pop-ups", "credit": CREDIT}
        ],
        "contact": {"name": "An Peeters", "organisation": "Stad Lokeren", "email": "an@example.org"},
        "links": [{"title": "Projectpagina", "url": "https://www.example.org/pop-ups"}],
        "publish": True,
    }
    case.update(changes)
    return case


def abroad_case(slug: str = "winkelhart-zutphen", **changes) -> dict:
    """A Dutch-language case abroad (Zutphen, NL): it must bring its own population."""
    base = source_case(slug, title="Een winkelhart dat samenwerkt", place="Zutphen", country="NL")
    base.update({"population": 48_000, "lat": 52.14, "lon": 6.2, **changes})
    return base


def translation_case(slug: str = TRANSLATION_SLUG, translation_of: str = SOURCE_SLUG, **changes) -> dict:
    """The English translation of `source_case()`, with every text translated and as many items."""
    case = {
        "slug": slug,
        "locale": "en",
        "translation_of": translation_of,
        "title": "Pop-up shops against vacancy",
        "summary": "Lokeren lets empty shops to starters for a while.",
        "concept": "<p>Empty shops are let to starting entrepreneurs for a limited time.</p>",
        "steps": ["Map the buildings.", "Convince the owners.", "Select the starters."],
        "results": [{"value": "-30%", "label": "vacancy"}, {"value": "12", "label": "new shops"}],
        "learnings": ["Involve the owners from the start.", "Starters need coaching."],
        "tips": ["Use six-month contracts.", "Dress the shop windows together."],
        "dos": ["Announce every opening.", "Count the visitors."],
        "donts": ["Do not promise low rent forever.", "Do not forget insurance."],
        "transferability": "<p>A smaller town starts with two buildings.</p>",
        "quote": {
            "text": "The street is alive again.",
            "author": "An Peeters",
            "role": "alderman for the local economy",
        },
        "images": [
            {
                "file": f"images/{translation_of}-winkelstraat.jpg",
                "alt": "A shopping street with pop-ups",
                "credit": CREDIT,
            }
        ],
        "publish": True,
    }
    case.update(changes)
    return case


def without(case: dict, *names: str) -> dict:
    return {key: value for key, value in case.items() if key not in names}


def write_cases(directory: Path, cases, *, name: str = "cases.json", create_images: bool = True) -> Path:
    """Write `{"cases": cases}` (or `cases` itself if it is not a list) and every image it names."""
    directory.mkdir(parents=True, exist_ok=True)
    document = {"cases": cases} if isinstance(cases, list) else cases
    path = directory / name
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    if create_images and isinstance(cases, list):
        for case in cases:
            for image in case.get("images", []) if isinstance(case, dict) else []:
                image_path = directory / image["file"]
                if not image_path.exists():
                    image_path.parent.mkdir(parents=True, exist_ok=True)
                    image_path.write_bytes(jpeg_bytes(image["file"]))
    return path


def _call(paths, stdout, stderr, **options) -> None:
    # wagtail-localize publishes a translation in `transaction.on_commit`; the test's own
    # transaction never commits, so run those callbacks as the command's commit would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("import_cases", *map(str, paths), stdout=stdout, stderr=stderr, **options)


def run_import(*paths: Path, dry_run: bool = False) -> tuple[str, str]:
    """Run the command successfully; returns (stdout, stderr)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    _call(paths, stdout, stderr, **({"dry_run": True} if dry_run else {}))
    return stdout.getvalue(), stderr.getvalue()


def run_failing_import(*paths: Path) -> str:
    """Run the command expecting `CommandError`; returns what it wrote to stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        _call(paths, stdout, stderr)
    except CommandError:
        return stderr.getvalue()
    raise AssertionError(f"import_cases did not fail; it wrote:\n{stdout.getvalue()}")


def snapshot() -> dict:
    """What an import may change: page, revision and image counts and the files in MEDIA_ROOT."""
    media = Path(settings.MEDIA_ROOT)
    files = {str(path.relative_to(media)) for path in media.rglob("*") if path.is_file()} if media.exists() else set()
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "files": files,
    }
