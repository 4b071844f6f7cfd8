"""Follow-ups on a case: their validation, the date the next one is due, and the editors' "Opvolging nodig" panel."""

from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.test.utils import WagtailTestUtils

import pytest

from cases import editorial
from cases.follow_up_blocks import MAX_FOLLOW_UPS, FollowUpBlock, FollowUpStreamBlock
from cases.models import CasePage
from cases.models.follow_ups import years_after
from tests.factories.cases import CasePageFactory
from tests.factories.follow_ups import follow_up

pytestmark = pytest.mark.django_db

PANEL = "editorial_follow_up_due"


@pytest.fixture(autouse=True)
def _dutch():
    """Messages are checked in Dutch, whatever language an earlier test's request left active in this thread."""
    with translation.override("nl"):
        yield


def published(first_published_at: datetime, **fields) -> CasePage:
    case = CasePageFactory(live=False, **fields)
    case.save_revision().publish()
    CasePage.objects.filter(pk=case.pk).update(first_published_at=first_published_at)
    case.refresh_from_db()
    case.save()  # recompute follow_up_due_on from the date we set
    return case


def test_a_follow_up_cannot_lie_in_the_future():
    block = FollowUpBlock()
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"date": tomorrow.isoformat(), "text": "Het loopt goed.", "figures": []}))
    assert "toekomst" in str(error.value.block_errors["date"].messages[0])
    today = block.clean(block.to_python({"date": timezone.localdate().isoformat(), "text": "Loopt.", "figures": []}))
    assert today["date"] == timezone.localdate()


def test_a_follow_up_needs_a_date_and_a_text_but_no_figures():
    block = FollowUpBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"date": None, "text": "", "figures": []}))
    value = block.clean(block.to_python({"date": "2025-05-01", "text": "Nog steeds actief.", "figures": []}))
    assert block.get_api_representation(value) == {"date": "2025-05-01", "text": "Nog steeds actief.", "figures": []}


def test_there_is_a_maximum_number_of_follow_ups():
    stream = FollowUpStreamBlock()
    too_many = [follow_up(date(2024, 1, 1) + timedelta(days=n)) for n in range(MAX_FOLLOW_UPS + 1)]
    value = stream.to_python(
        [{"type": kind, "value": {**data, "date": data["date"].isoformat()}} for kind, data in too_many]
    )
    with pytest.raises(ValidationError):
        stream.clean(value)


def test_a_follow_up_before_the_start_year_is_refused_on_its_date():
    case = CasePageFactory(year_started=2021)
    case.follow_ups = [follow_up(date(2024, 5, 1)), follow_up(date(2020, 12, 1))]
    with pytest.raises(ValidationError) as error:
        case.full_clean()
    stream_error = error.value.error_dict["follow_ups"][0]
    assert list(stream_error.block_errors) == [1]  # the second one, as the editor ordered them
    assert "startjaar (2021)" in str(stream_error.block_errors[1].block_errors["date"].messages[0])
    case.follow_ups = [follow_up(date(2021, 1, 1))]
    case.full_clean()


def test_follow_ups_are_shown_newest_first_whatever_their_order():
    case = CasePageFactory(
        follow_ups=[follow_up(date(2023, 3, 1)), follow_up(date(2025, 3, 1)), follow_up(date(2024, 3, 1))]
    )
    assert [value["date"].year for value in case.follow_ups_newest_first()] == [2025, 2024, 2023]
    assert case.latest_follow_up_date() == date(2025, 3, 1)


def test_a_follow_up_is_due_a_year_after_the_first_publication():
    never = CasePageFactory(live=False)
    assert never.follow_up_due_on is None
    case = published(datetime(2024, 3, 10, 9, tzinfo=UTC))
    assert case.follow_up_due_on == date(2025, 3, 10)


def test_a_published_follow_up_moves_the_due_date_on_but_a_draft_does_not():
    case = published(datetime(2023, 6, 1, 9, tzinfo=UTC))
    assert case.follow_up_due_on == date(2024, 6, 1)
    draft = case.get_latest_revision_as_object()
    draft.follow_ups = [follow_up(date(2025, 2, 14), figures=[("panden verhuurd", "12")])]
    revision = draft.save_revision()
    assert CasePage.objects.get(pk=case.pk).follow_up_due_on == date(2024, 6, 1)
    revision.publish()
    assert CasePage.objects.get(pk=case.pk).follow_up_due_on == date(2026, 2, 14)


def test_a_29_february_is_followed_up_on_28_february():
    assert years_after(date(2024, 2, 29), 1) == date(2025, 2, 28)


def panel_titles(client) -> list[str]:
    page = WagtailTestUtils.get_soup(client.get("/admin/").content)
    section = page.find(id=f"{PANEL}-section")
    return [link.get_text(strip=True) for link in section.select("tbody td.title a")] if section else []


def test_the_panel_lists_live_cases_whose_follow_up_is_due_oldest_first(admin_client):
    today = timezone.localdate()
    now = timezone.now()
    published(now - timedelta(days=900), title="Lang geleden")
    published(now - timedelta(days=400), title="Iets meer dan een jaar")
    published(now - timedelta(days=100), title="Recent")
    followed = published(now - timedelta(days=900), title="Onlangs opgevolgd")
    draft = followed.get_latest_revision_as_object()
    draft.follow_ups = [follow_up(today - timedelta(days=30))]
    draft.save_revision().publish()
    offline = published(now - timedelta(days=800), title="Offline gehaald")
    offline.unpublish()

    assert panel_titles(admin_client) == ["Lang geleden", "Iets meer dan een jaar"]


def test_the_due_list_costs_one_query_however_many_cases(admin_client):
    for number in range(12):
        published(timezone.now() - timedelta(days=400 + number), title=f"Voorbeeld {number}")
    with CaptureQueriesContext(connection) as queries:
        rows, total = editorial.case_follow_up_due_list(limit=10)
        [row.page.title for row in rows]
    assert (len(rows), total) == (10, 12)
    assert len(queries.captured_queries) == 1
    assert rows[0].page.title == "Voorbeeld 11"


def test_a_new_follow_up_starts_without_an_empty_figure_row():
    """An empty row would have to be filled in or removed before the editor could save."""
    assert len(FollowUpBlock().get_default()["figures"]) == 0
