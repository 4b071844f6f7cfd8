"""`import_cases` with bad files: nothing is written, and every problem names its case and field."""

import json
from typing import NamedTuple

import pytest

from cases.models import CasePage
from tests.cases.import_helpers import (
    SOURCE_SLUG,
    TRANSLATION_SLUG,
    abroad_case,
    run_failing_import,
    run_import,
    snapshot,
    source_case,
    translation_case,
    without,
    write_cases,
)
from tests.conftest import AUDIENCE_SLUGS, THEME_CODES

pytestmark = pytest.mark.django_db

ABROAD_SLUG = "winkelhart-zutphen"


@pytest.fixture
def import_dir(tmp_path):
    return tmp_path / "import"


@pytest.fixture
def earlier_import(taxonomy, tmp_path):
    """A case imported before, so a failed import has something it could wrongly change."""
    run_import(write_cases(tmp_path / "earlier", [abroad_case()]))
    return CasePage.objects.get(slug=ABROAD_SLUG)


def good_cases(**replace) -> list[dict]:
    """A valid file's cases; `replace` swaps one of them (keys: source, abroad, translation)."""
    cases = {"source": source_case(), "abroad": abroad_case(), "translation": translation_case()}
    return list({**cases, **replace}.values())


# --- Writers for each kind of bad file ---------------------------------------------------------
def with_cases(**replace):
    return lambda directory: write_cases(directory, good_cases(**replace))


def raw_file(text: str):
    def write(directory):
        directory.mkdir(parents=True)
        (directory / "cases.json").write_text(text, encoding="utf-8")
        return directory / "cases.json"

    return write


def without_image_files(directory):
    return write_cases(directory, good_cases(), create_images=False)


def with_text_as_image(directory):
    (directory / "images").mkdir(parents=True)
    (directory / "images" / f"{SOURCE_SLUG}-winkelstraat.jpg").write_text("geen afbeelding", encoding="utf-8")
    return write_cases(directory, good_cases())


class Expected(NamedTuple):
    where: str  # the case slug, its position ("geval #1") or the file
    field: str
    details: tuple[str, ...]  # further text the message must contain


def param(case_id: str, write, where: str, field: str, *details: str):
    return pytest.param(write, Expected(where, field, details), id=case_id)


LOCAL_FILE = "cases.json"
BAD_FILES = [
    param("invalid-json", raw_file('{"cases": [{"slug": "a"'), LOCAL_FILE, "-", "geen geldige JSON"),
    param("top-level-list", raw_file(json.dumps([source_case()])), LOCAL_FILE, "cases", '{"cases": [ … ]}'),
    param("cases-not-a-list", raw_file(json.dumps({"cases": source_case()})), LOCAL_FILE, "cases"),
    *[
        param(f"missing-{name}", with_cases(source=without(source_case(), name)), SOURCE_SLUG, name, "verplicht")
        for name in ("title", "summary", "concept", "themes", "audiences")
    ],
    param("missing-slug", with_cases(source=without(source_case(), "slug")), "geval #1", "slug"),
    param("summary-too-long", with_cases(source=source_case(summary="x" * 301)), SOURCE_SLUG, "summary", "301"),
    param(
        "unknown-theme",
        with_cases(source=source_case(themes=["cultuur"])),
        SOURCE_SLUG,
        "themes",
        "'cultuur'",
        *THEME_CODES,
    ),
    param(
        "unknown-audience",
        with_cases(source=source_case(audiences=["toeristen"])),
        SOURCE_SLUG,
        "audiences",
        "'toeristen'",
        *AUDIENCE_SLUGS,
    ),
    param("unknown-country", with_cases(abroad=abroad_case(country="XX")), ABROAD_SLUG, "country", "'XX'"),
    param("province-abroad", with_cases(abroad=abroad_case(province="Limburg")), ABROAD_SLUG, "province"),
    param(
        "abroad-without-population",
        with_cases(abroad=without(abroad_case(), "population")),
        ABROAD_SLUG,
        "population",
    ),
    param(
        "dailymotion-video",
        with_cases(source=source_case(video_url="https://www.dailymotion.com/video/x8abcde")),
        SOURCE_SLUG,
        "video_url",
        "YouTube of Vimeo",
    ),
    param("missing-image-file", without_image_files, SOURCE_SLUG, "images[0].file", "niet gevonden"),
    param("image-not-an-image", with_text_as_image, SOURCE_SLUG, "images[0].file", "Geen geldige afbeelding"),
    param("lat-without-lon", with_cases(source=source_case(lat=51.1)), SOURCE_SLUG, "lat"),
    param("year-not-a-number", with_cases(source=source_case(year="abc")), SOURCE_SLUG, "year"),
    param("unknown-status", with_cases(source=source_case(status="finished")), SOURCE_SLUG, "status", "'finished'"),
    param("unknown-field", with_cases(source=source_case(colour="blauw")), SOURCE_SLUG, "colour", "onbekend veld"),
    param(
        "translation-of-unknown-case",
        with_cases(translation=translation_case(translation_of="bestaat-niet")),
        TRANSLATION_SLUG,
        "translation_of",
        "'bestaat-niet'",
    ),
    param(
        "translation-repeats-themes",
        with_cases(translation=translation_case(themes=["samenwerking"])),
        TRANSLATION_SLUG,
        "themes",
    ),
    param(
        "duplicate-slug",
        lambda directory: write_cases(directory, [*good_cases(), source_case(title="Nog eens")]),
        SOURCE_SLUG,
        "slug",
    ),
    param(
        "translation-with-fewer-learnings",
        with_cases(translation=translation_case(learnings=["Only one learning."])),
        TRANSLATION_SLUG,
        "learnings",
        "2",
        "1",
    ),
]


@pytest.mark.parametrize(("write", "expected"), BAD_FILES)
def test_bad_file_imports_nothing_and_names_case_and_field(earlier_import, import_dir, write, expected):
    path = write(import_dir)
    before = snapshot()
    stderr = run_failing_import(path)
    assert snapshot() == before
    assert f"{expected.where}: {expected.field}: " in stderr
    for detail in expected.details:
        assert detail in stderr
    assert not CasePage.objects.filter(slug__in=[SOURCE_SLUG, TRANSLATION_SLUG]).exists()


# --- All or nothing, every problem at once -----------------------------------------------------
def test_one_bad_case_among_good_ones_imports_nothing(earlier_import, import_dir):
    changed_abroad = abroad_case(summary="Deze samenvatting mag niet worden opgeslagen.")
    bad = source_case("winkels-in-gent", place="Gent", themes=["cultuur"])
    path = write_cases(import_dir, [source_case(), changed_abroad, translation_case(), bad])
    before = snapshot()
    stderr = run_failing_import(path)
    assert snapshot() == before
    assert "winkels-in-gent: themes: " in stderr
    assert SOURCE_SLUG not in stderr
    earlier_import.refresh_from_db()
    assert earlier_import.summary == abroad_case()["summary"]


def test_problem_found_while_writing_rolls_back_pages_and_image_files(taxonomy, import_dir, tmp_path):
    """A translation of a case imported earlier is only checked against it while writing."""
    run_import(write_cases(tmp_path / "earlier", [source_case()]))
    new_case = abroad_case()
    bad_translation = translation_case(learnings=["Only one learning."], images=[])
    path = write_cases(import_dir, [new_case, bad_translation])
    before = snapshot()
    stderr = run_failing_import(path)
    assert snapshot() == before
    assert f"{TRANSLATION_SLUG}: learnings: " in stderr
    assert not CasePage.objects.filter(slug=ABROAD_SLUG).exists()


def test_every_problem_in_a_file_is_reported_at_once(taxonomy, import_dir):
    first = source_case(summary="x" * 301)
    second = abroad_case(status="finished", lat=52.1, lon=None)
    path = write_cases(import_dir, [first, second, translation_case()])
    before = snapshot()
    stderr = run_failing_import(path)
    assert snapshot() == before
    assert f"{SOURCE_SLUG}: summary: " in stderr
    assert f"{ABROAD_SLUG}: status: " in stderr
    assert f"{ABROAD_SLUG}: lat: " in stderr


def test_problems_of_different_kinds_are_reported_at_once(taxonomy, import_dir):
    """A field error in one case does not hide an unknown theme or a duplicate slug in another."""
    too_long = source_case(summary="x" * 301)
    unknown_theme = abroad_case(themes=["cultuur"])
    path = write_cases(import_dir, [too_long, unknown_theme, abroad_case(title="Dubbel")])
    stderr = run_failing_import(path)
    assert f"{SOURCE_SLUG}: summary: " in stderr
    assert f"{ABROAD_SLUG}: themes: " in stderr
    assert f"{ABROAD_SLUG}: slug: " in stderr


def test_problems_in_several_files_are_reported_together(taxonomy, import_dir):
    first = write_cases(import_dir, [source_case(summary="x" * 301)], name="first.json")
    second = write_cases(import_dir, [abroad_case(country="XX")], name="second.json")
    stderr = run_failing_import(first, second)
    assert f"{SOURCE_SLUG}: summary: " in stderr
    assert f"{ABROAD_SLUG}: country: " in stderr
    assert not CasePage.objects.exists()
