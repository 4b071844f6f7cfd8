"""The optional `follow_ups` key of import_cases: written to the case (dates and figures shared by translations,
texts translated), checked like the rest of the file, and the due date kept also on the bulk path."""

from datetime import date, timedelta

from django.utils import timezone

import pytest

from cases.models import CasePage
from cases.models.follow_ups import years_after
from tests.cases.import_helpers import (
    SOURCE_SLUG,
    run_failing_import,
    run_import,
    snapshot,
    source_case,
    translation_case,
    write_cases,
)

pytestmark = pytest.mark.django_db

FOLLOW_UPS = [
    {
        "date": "2024-03-01",
        "text": "Een jaar later zijn acht panden opnieuw verhuurd.",
        "figures": [{"label": "panden verhuurd", "value": "8"}],
    },
    {"date": "2025-03-03", "text": "Twee jaar later draait het zonder subsidie.", "figures": []},
]
TRANSLATED = [
    {"text": "A year later, eight units are let again.", "figures": [{"label": "units let"}]},
    {"text": "Two years later, it runs without a subsidy.", "figures": []},
]


def test_follow_ups_are_imported_with_their_translation(taxonomy, tmp_path):
    path = write_cases(tmp_path, [source_case(follow_ups=FOLLOW_UPS), translation_case(follow_ups=TRANSLATED)])
    run_import(path)
    dutch = CasePage.objects.get(slug=SOURCE_SLUG)
    english = CasePage.objects.get(locale__language_code="en", translation_key=dutch.translation_key)
    assert [(v["date"], v["text"]) for v in dutch.follow_ups_newest_first()] == [
        (date(2025, 3, 3), "Twee jaar later draait het zonder subsidie."),
        (date(2024, 3, 1), "Een jaar later zijn acht panden opnieuw verhuurd."),
    ]
    newest, oldest = english.follow_ups_newest_first()
    assert (newest["date"], newest["text"]) == (date(2025, 3, 3), "Two years later, it runs without a subsidy.")
    assert [(f["label"], f["value"]) for f in oldest["figures"]] == [("units let", "8")]
    # Published by the bulk path (no save()): due a year after the later of the publication and the last follow-up.
    assert dutch.follow_up_due_on == years_after(max(timezone.localdate(dutch.first_published_at), date(2025, 3, 3)), 1)


def test_a_case_without_follow_ups_is_due_a_year_after_its_import(taxonomy, tmp_path):
    run_import(write_cases(tmp_path, [source_case()]))
    case = CasePage.objects.get(slug=SOURCE_SLUG)
    assert case.follow_up_due_on == years_after(timezone.localdate(case.first_published_at), 1)
    assert len(case.follow_ups) == 0


@pytest.mark.parametrize(
    ("follow_ups", "expected"),
    [
        ("geen lijst", "follow_ups: moet een lijst van opvolgingen zijn"),
        ([{"date": "1-3-2024", "text": "Loopt.", "figures": []}], "follow_ups #1: date: een datum als JJJJ-MM-DD"),
        (
            [{"date": (date.today() + timedelta(days=3)).isoformat(), "text": "Loopt.", "figures": []}],
            "date: een opvolging kan niet in de toekomst liggen",
        ),
        ([{"date": "2019-05-01", "text": "Loopt.", "figures": []}], "date: ligt vóór het startjaar (2021)"),
        ([{"date": "2024-05-01", "text": "", "figures": []}], "follow_ups #1: text: verplichte tekst ontbreekt"),
        ([{"date": "2024-05-01", "text": "Loopt.", "figures": [{"value": "8"}]}], "figures: moet een lijst"),
        ([{"date": "2024-05-01", "text": "Loopt.", "figuren": []}], "follow_ups #1: onbekend veld figuren"),
    ],
)
def test_a_bad_follow_up_imports_nothing_and_says_why(taxonomy, tmp_path, follow_ups, expected):
    path = write_cases(tmp_path, [source_case(follow_ups=follow_ups)])
    before = snapshot()
    stderr = run_failing_import(path)
    assert snapshot() == before
    assert f"{SOURCE_SLUG}: " in stderr and expected in stderr


def test_a_translation_may_not_change_the_dates(taxonomy, tmp_path):
    bad = [{**TRANSLATED[0], "date": "2024-03-02"}, TRANSLATED[1]]
    path = write_cases(tmp_path, [source_case(follow_ups=FOLLOW_UPS), translation_case(follow_ups=bad)])
    stderr = run_failing_import(path)
    assert "een vertaling neemt de datum over van de bron" in stderr
    assert not CasePage.objects.filter(slug=SOURCE_SLUG).exists()
