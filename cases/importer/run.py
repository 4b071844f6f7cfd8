import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from wagtail.models import Locale
from wagtail_localize.strings import extract_strings

from cases.importer.body import StructureMismatch
from cases.importer.bulk import write_new_sources
from cases.importer.indexing import DeferredIndexing
from cases.importer.records import JSON_ORIGIN, SOURCE_LOCALE, TEXT_LISTS, CaseRecord, Problem, RecordReader
from cases.importer.sheets import OTHER_SPREADSHEETS, PHOTO_DIR, SAVE_AS, SHEET_SUFFIXES, read_sheet
from cases.importer.writer import WriteContext, write_source, write_translation
from cases.models import CaseIndexPage, CasePage
from cases.models.catalogue import catalogue_deferred
from home.translations import TranslationMismatch
from themes.models import Audience, ThemePage

# Model field names as the import file calls them, for errors found while writing.
FILE_FIELDS = {"year_started": "year", "hero_image": "images", "hero_image_alt": "images[0].alt", "body": "concept"}


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    outcomes: dict[str, list[str]] = field(default_factory=lambda: {"created": [], "updated": [], "unchanged": []})
    dry_run: bool = False
    image_files: set[Path] = field(default_factory=set)  # every image file the cases use

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        counts = ", ".join(f"{name}: {len(slugs)}" for name, slugs in self.outcomes.items())
        return f"{'Proefdraai (niets opgeslagen) — ' if self.dry_run else ''}{counts}"


class _RollBack(Exception):
    pass


def import_cases(
    *,
    paths: list[Path],
    dry_run: bool = False,
    progress: Callable[[int, int, str, str], None] | None = None,
    photos: Path | None = None,
    max_rows: int | None = None,
) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    records = read_files(paths=paths, problems=report.problems, photos=photos, max_rows=max_rows)
    report.image_files = {image.path for record in records for image in record.images}
    report.problems.extend(reference_problems(records, problems=report.problems))
    if report.problems:
        return report
    context = None
    indexing = DeferredIndexing()
    try:
        with transaction.atomic():
            context = WriteContext(
                index=CaseIndexPage.objects.get(locale__language_code=SOURCE_LOCALE),
                source_locale=Locale.objects.get(language_code=SOURCE_LOCALE),
            )
            sources = [r for r in records if not r.is_translation]
            existing = set(
                CasePage.objects.filter(locale=context.source_locale, slug__in=[r.slug for r in sources]).values_list(
                    "slug", flat=True
                )
            )
            new_sources = [r for r in sources if r.slug not in existing]
            ordered = [r for r in sources if r.slug in existing] + [r for r in records if r.is_translation]
            total = len(new_sources) + len(ordered)

            def done(count: int, record: CaseRecord, outcome: str) -> None:
                if outcome != "fout":
                    report.outcomes[outcome].append(record.slug)
                if progress:
                    progress(count, total, record.slug, outcome)

            # Each case is saved several times (tree, revision, publish): its catalogue row is written once, at the end.
            with indexing.collecting(), catalogue_deferred():
                # New Dutch cases first, together; then the cases that exist, and the translations, one by one.
                written = write_new_sources(
                    new_sources,
                    context,
                    indexing=indexing,
                    on_invalid=lambda record, error: report.problems.extend(_problems(record, error)),
                )
                for count, (record, outcome) in enumerate(written, start=1):
                    done(count, record, outcome)
                for count, record in enumerate(ordered, start=len(new_sources) + 1):
                    write = write_translation if record.is_translation else write_source
                    done(count, record, _write_one(write, record, context, report))
            if report.problems or dry_run:
                raise _RollBack
            # In the same transaction: all of the import is indexed, or none of it.
            indexing.flush()
    except _RollBack:
        if context is not None:
            context.discard_created_files()
    except Exception:
        if context is not None:
            context.discard_created_files()
        raise
    return report


def _write_one(write, record: CaseRecord, context: WriteContext, report: ImportReport) -> str:
    try:
        with transaction.atomic():
            outcome = write(record, context)
    except StructureMismatch as error:
        report.problems.append(record.problem(error.field, str(error)))
        return "fout"
    except TranslationMismatch as error:
        report.problems.append(record.problem(error.path, str(error)))
        return "fout"
    except ValidationError as error:
        report.problems.extend(_problems(record, error))
        return "fout"
    return outcome


def _problems(record: CaseRecord, error: ValidationError) -> list[Problem]:
    return [
        record.problem(FILE_FIELDS.get(field_name, field_name), message)
        for field_name, messages in error.message_dict.items()
        for message in messages
    ]


def read_files(
    *, paths: list[Path], problems: list[Problem], photos: Path | None = None, max_rows: int | None = None
) -> list[CaseRecord]:
    """The cases of JSON files and spreadsheets, in order. A sheet's photos are looked up by file name in
    `photos`, by default the folder `fotos` beside the sheet; a sheet has at most `max_rows` cases."""
    records = []
    position = 0
    for path in map(Path, paths):
        suffix = path.suffix.lower()
        if suffix in OTHER_SPREADSHEETS:
            problems.append(Problem(str(path), "-", f"{suffix} wordt niet gelezen. {SAVE_AS}"))
            continue
        if suffix in SHEET_SUFFIXES:
            photo_dir = (photos or path.resolve().parent / PHOTO_DIR).resolve()
            cases = [(raw, photo_dir, origin) for raw, origin in read_sheet(path, problems, max_rows=max_rows)]
        else:
            cases = [(raw, path.resolve().parent, JSON_ORIGIN) for raw in _json_cases(path, problems)]
        for raw, base_dir, origin in cases:
            position += 1
            start = len(problems)
            record = RecordReader(raw, position, base_dir, problems, origin).read()
            problems[start:] = [problem for problem in problems[start:] if not origin.repeats(problem)]
            if record is not None:
                records.append(record)
    return records


def _json_cases(path: Path, problems: list[Problem]) -> list:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(Problem(str(path), "-", "bestand niet gevonden"))
        return []
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.append(Problem(str(path), "-", f"geen geldige JSON (UTF-8): {error}"))
        return []
    if not isinstance(document, dict) or not isinstance(document.get("cases"), list):
        problems.append(Problem(str(path), "cases", 'het bestand moet de vorm {"cases": [ … ]} hebben'))
        return []
    return document["cases"]


def reference_problems(records: list[CaseRecord], *, problems: list[Problem]) -> list[Problem]:
    """Problems that need the whole file or the database: duplicates, unknown slugs, translations.

    Checks that depend on a case which already has a problem (or on a file that could not be read)
    are left out: they would only repeat that problem in other words.
    """
    flawed = {problem.case or problem.where for problem in problems}
    unreadable = any(problem.field in {"-", "cases", "slug"} for problem in problems)
    problems = []
    if not CaseIndexPage.objects.filter(locale__language_code=SOURCE_LOCALE).exists():
        return [
            Problem(
                "-", "-", "er is nog geen Nederlandstalige voorbeeldenpagina; voer eerst 'manage.py setup_site' uit"
            )
        ]
    theme_codes = set(ThemePage.objects.filter(locale__language_code=SOURCE_LOCALE).values_list("code", flat=True))
    audience_codes = set(Audience.objects.filter(locale__language_code=SOURCE_LOCALE).values_list("code", flat=True))
    sources = {r.slug: r for r in records if not r.is_translation}
    known_sources = set(CasePage.objects.filter(locale__language_code=SOURCE_LOCALE).values_list("slug", flat=True))
    seen: set[tuple[str, str]] = set()
    translated: set[tuple[str, str]] = set()
    for record in records:
        if (record.locale, record.slug) in seen:
            problems.append(record.problem("slug", f"komt meer dan eens voor in taal {record.locale}"))
        seen.add((record.locale, record.slug))
        if not record.is_translation:
            problems.extend(_classification_problems(record, theme_codes, audience_codes, flawed=record.slug in flawed))
            continue
        if (record.translation_of, record.locale) in translated:
            problems.append(record.problem("translation_of", f"er is al een vertaling naar {record.locale}"))
        translated.add((record.translation_of, record.locale))
        if record.translation_of not in sources and record.translation_of not in known_sources:
            if unreadable or record.translation_of in flawed:
                continue
            problems.append(
                record.problem("translation_of", f"geen Nederlandstalig geval met slug {record.translation_of!r}")
            )
        elif record.translation_of in sources and not {record.slug, record.translation_of} & flawed:
            problems.extend(_structure_problems(sources[record.translation_of], record))
    return problems


def _classification_problems(
    record: CaseRecord, theme_codes: set[str], audience_codes: set[str], *, flawed: bool
) -> list[Problem]:
    problems = []
    for name, known in (("themes", theme_codes), ("audiences", audience_codes)):
        for code in record.get(name, []):
            if code not in known:
                problems.append(record.problem(name, f"onbekende code {code!r}; kies uit {', '.join(sorted(known))}"))
    if record.publish and not flawed and not (record.get("learnings") or record.get("tips")):
        problems.append(record.problem("learnings", "om te publiceren is minstens één learning of tip nodig"))
    return problems


def _structure_problems(source: CaseRecord, translation: CaseRecord) -> list[Problem]:
    """A translation must have as many points and paragraphs as its source, to pair them up."""
    problems = []
    for name in (*TEXT_LISTS, "results", "links"):
        ours, theirs = len(translation.get(name, [])), len(source.get(name, []))
        if ours and ours != theirs:
            problems.append(translation.problem(name, f"de bron heeft {theirs} punt(en), de vertaling {ours}"))
    extra_ours, extra_theirs = len(translation.images[1:]), len(source.images[1:])
    if extra_ours and extra_ours != extra_theirs:
        problems.append(
            translation.problem(
                "images",
                f"de bron heeft {extra_theirs + 1} afbeeldingen, de vertaling {extra_ours + 1}",
            )
        )
    for name in ("concept", "transferability"):
        if translation.get(name) and source.get(name):
            ours, theirs = len(extract_strings(translation.get(name))[1]), len(extract_strings(source.get(name))[1])
            if ours != theirs:
                problems.append(
                    translation.problem(
                        name,
                        f"de bron heeft {theirs} tekstdelen (alinea's, lijstpunten), de vertaling {ours}",
                    )
                )
    return problems
