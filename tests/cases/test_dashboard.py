"""The editorial dashboard on the admin home page, as the Redacteur and the Eindredacteur see it."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale
from wagtail.test.utils import WagtailTestUtils
from wagtail.users.models import UserProfile

import pytest
import wagtail_factories

from cases import publishing
from cases.dashboard import ROWS_PER_PANEL
from cases.editorial import months_before
from cases.models import CasePage
from tests.factories.cases import CasePageFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/"
READY = "Voldoet aan de publicatieregels"
LANGUAGE_NAMES = {code: str(name) for code, name in settings.LANGUAGES}  # in Dutch, the admin's language


def draft(title: str, user=None, **fields) -> CasePage:
    """A case never published, saved as a revision the way the editor saves a draft."""
    case = CasePageFactory(title=title, live=False, **fields)
    case.save_revision(user=user)
    return case


def published(title: str, **fields) -> CasePage:
    case = CasePageFactory(title=title, live=False, **fields)
    case.save_revision().publish()
    return case


def submit(case: CasePage, user) -> None:
    case.save_revision(user=user)
    case.get_workflow().start(case, user)


def panel_rows(client, panel: str) -> dict[str, dict]:
    """Rows of a dashboard panel by title: the link, the notes and the whole row's text."""
    page = WagtailTestUtils.get_soup(client.get(DASHBOARD).content)
    section = page.find(id=f"{panel}-section")
    if section is None:
        return {}
    rows = {}
    for row in section.select("tbody tr"):
        link = row.select_one("td.title a")
        cells = row.find_all("td")
        notes = cells[2] if len(cells) == 4 else None  # panels without notes have three columns
        items = [item.get_text(strip=True) for item in notes.find_all("li")] if notes else []
        rows[link.get_text(strip=True)] = {
            "href": link["href"],
            "notes": items or (notes.get_text(strip=True) if notes else None),
            "text": row.get_text(" ", strip=True),
        }
    return rows


def edit_url(case) -> str:
    return reverse("wagtailadmin_pages:edit", args=[case.pk])


# --- Waiting for my review ------------------------------------------------------------------


def test_eindredacteur_sees_a_submitted_case_with_a_link_to_the_editor(client, redacteur, eindredacteur, taxonomy):
    case = draft("Pop-ups in Lokeren")
    submit(case, redacteur)
    client.force_login(eindredacteur)

    rows = panel_rows(client, "editorial_reviews")

    assert list(rows) == ["Pop-ups in Lokeren"]
    assert rows["Pop-ups in Lokeren"]["href"] == edit_url(case)
    assert "Ingediend door Redacteur" in rows["Pop-ups in Lokeren"]["text"]
    assert rows["Pop-ups in Lokeren"]["notes"] == READY


def test_review_row_says_what_blocks_approval(client, redacteur, eindredacteur, taxonomy):
    case = draft("Halve case", summary="")
    submit(case, redacteur)
    client.force_login(eindredacteur)

    assert panel_rows(client, "editorial_reviews")["Halve case"]["notes"] == [publishing.SUMMARY]


def test_redacteur_has_nothing_to_review(client, redacteur, taxonomy):
    submit(draft("Pop-ups in Lokeren"), redacteur)
    client.force_login(redacteur)

    assert panel_rows(client, "editorial_reviews") == {}


def test_wagtails_own_review_panel_is_replaced_not_doubled(client, redacteur, eindredacteur, taxonomy):
    submit(draft("Pop-ups in Lokeren"), redacteur)
    client.force_login(eindredacteur)

    html = client.get(DASHBOARD).content.decode()

    assert "In afwachting van jouw beoordeling" not in html
    assert html.count(">Pop-ups in Lokeren<") == 2  # our review panel, and the drafts panel


# --- Drafts and what blocks them ------------------------------------------------------------


def test_drafts_show_the_publishing_rules_messages(client, redacteur, taxonomy):
    draft("Halve case", summary="", body=[("learnings", {"items": ["Begin klein."]})])
    draft("Volledige case")
    client.force_login(redacteur)

    rows = panel_rows(client, "editorial_drafts")

    assert rows["Halve case"]["notes"] == [publishing.SUMMARY, publishing.CONCEPT]
    assert rows["Volledige case"]["notes"] == READY


def test_drafts_judge_the_newest_revision_of_a_live_case(client, redacteur, taxonomy):
    case = published("Pop-ups in Lokeren")
    published("Weekmarkt in Zele")
    case.summary = ""
    case.save_revision(user=redacteur)
    client.force_login(redacteur)

    rows = panel_rows(client, "editorial_drafts")

    assert list(rows) == ["Pop-ups in Lokeren"]
    assert rows["Pop-ups in Lokeren"]["notes"] == [publishing.SUMMARY]
    assert rows["Pop-ups in Lokeren"]["href"] == edit_url(case)


def test_drafts_list_only_dutch_cases(client, redacteur, locales, taxonomy):
    case = published("Pop-ups in Lokeren")
    english = case.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision()
    client.force_login(redacteur)

    assert panel_rows(client, "editorial_drafts") == {}


def test_drafts_in_review_are_marked(client, redacteur, taxonomy):
    submit(draft("Pop-ups in Lokeren"), redacteur)
    client.force_login(redacteur)

    assert "In eindredactie" in panel_rows(client, "editorial_drafts")["Pop-ups in Lokeren"]["text"]


# --- Missing translations -------------------------------------------------------------------


def test_untranslated_cases_list_the_missing_languages(client, redacteur, locales, taxonomy):
    half = published("Pop-ups in Lokeren")
    half.copy_for_translation(locales["en"], copy_parents=True).save_revision()
    done = published("Weekmarkt in Zele")
    for code in ("en", "fr"):
        done.copy_for_translation(locales[code], copy_parents=True).save_revision()
    published("Fietsstraten in Tienen")
    client.force_login(redacteur)

    rows = panel_rows(client, "editorial_untranslated")

    assert {title: row["notes"] for title, row in rows.items()} == {
        "Pop-ups in Lokeren": [LANGUAGE_NAMES["fr"]],
        "Fietsstraten in Tienen": [LANGUAGE_NAMES["en"], LANGUAGE_NAMES["fr"]],
    }
    assert rows["Pop-ups in Lokeren"]["href"] == edit_url(half)


def test_an_alias_is_not_a_translation(client, redacteur, locales, taxonomy):
    case = published("Pop-ups in Lokeren")
    case.copy_for_translation(locales["en"], copy_parents=True).save_revision()
    french_index = case.get_parent().copy_for_translation(locales["fr"], copy_parents=True)
    case.create_alias(parent=french_index, update_locale=locales["fr"])
    client.force_login(redacteur)

    assert panel_rows(client, "editorial_untranslated")["Pop-ups in Lokeren"]["notes"] == [LANGUAGE_NAMES["fr"]]


# --- Not updated for 18 months --------------------------------------------------------------


def age(case: CasePage, *, days: int) -> None:
    moment = timezone.now() - timedelta(days=days)
    CasePage.objects.filter(pk=case.pk).update(last_published_at=moment, latest_revision_created_at=moment)


def test_cases_untouched_for_18_months_are_listed_oldest_first(client, redacteur, taxonomy):
    age(published("Pop-ups in Lokeren"), days=600)
    age(published("Weekmarkt in Zele"), days=800)
    age(published("Fietsstraten in Tienen"), days=500)
    client.force_login(redacteur)

    rows = panel_rows(client, "editorial_stale")

    assert list(rows) == ["Weekmarkt in Zele", "Pop-ups in Lokeren"]


def test_a_recent_edit_makes_a_case_current_again(client, redacteur, taxonomy):
    case = published("Pop-ups in Lokeren")
    age(case, days=600)
    CasePage.objects.filter(pk=case.pk).update(latest_revision_created_at=timezone.now())
    client.force_login(redacteur)

    assert panel_rows(client, "editorial_stale") == {}


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 8, 31, 12, tzinfo=UTC), datetime(2025, 2, 28, 12, tzinfo=UTC)),
        (datetime(2026, 6, 15, tzinfo=UTC), datetime(2024, 12, 15, tzinfo=UTC)),
    ],
)
def test_eighteen_months_back_keeps_the_day_where_the_month_has_it(moment, expected):
    assert months_before(moment, 18) == expected


# --- Cost -----------------------------------------------------------------------------------


def editorial_workload(count: int, redacteur) -> None:
    """`count` cases of every kind the dashboard shows: in review, draft, untranslated, stale."""
    photo = wagtail_factories.ImageFactory()
    for n in range(count):
        submit(draft(f"Ter beoordeling {n}", summary="" if n % 2 else "Kort."), redacteur)
        draft(f"Concept {n}", body=[("concept", "<p>Idee.</p>"), ("image", {"image": photo, "alt": "Een foto"})])
        translated = published(f"Half vertaald {n}")
        translated.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True).save_revision()
        age(published(f"Oud {n}"), days=700)


@pytest.mark.usefixtures("taxonomy")
@pytest.mark.parametrize("count", [3, 15])
def test_dashboard_queries_do_not_grow_with_the_number_of_cases(
    client, redacteur, eindredacteur, django_assert_max_num_queries, count
):
    editorial_workload(count, redacteur)

    for user in (redacteur, eindredacteur):
        client.force_login(user)
        client.get(DASHBOARD)  # warm the per-process caches (content types, locales)
        # 37: 33 for these panels, 2 for intake's (who may see submitters; the undecided submissions),
        # 2 for the follow-up panels (due cases, new reports).
        with django_assert_max_num_queries(37):
            response = client.get(DASHBOARD)
        assert response.status_code == 200

    assert len(panel_rows(client, "editorial_reviews")) == count
    assert len(panel_rows(client, "editorial_drafts")) == min(2 * count, ROWS_PER_PANEL)
    assert len(panel_rows(client, "editorial_untranslated")) == min(2 * count, ROWS_PER_PANEL)  # the old ones too
    assert len(panel_rows(client, "editorial_stale")) == min(count, ROWS_PER_PANEL)


def test_an_editor_who_chose_english_gets_the_dashboard_in_english(client, redacteur, taxonomy):
    draft("Halve case", summary="")
    profile = UserProfile.get_for_user(redacteur)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(redacteur)

    page = WagtailTestUtils.get_soup(client.get(DASHBOARD).content)

    assert "Drafts (1)" in page.find(id="editorial_drafts-section").get_text(" ")
    assert "Blocks publication" in page.find(id="editorial_drafts-section").get_text(" ")
