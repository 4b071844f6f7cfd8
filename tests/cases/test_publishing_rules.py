"""The publishing rules at model level: drafts may be incomplete, a published case may not.

These rules guard every way of going live that does not pass through the admin form:
imports, scripts and workflow approval all end in `revision.publish()`.
"""

from django.core.exceptions import ValidationError

import pytest

from cases import publishing
from cases.models import CasePage, Municipality
from tests.factories.cases import CasePageFactory

pytestmark = pytest.mark.django_db

CONCEPT = ("concept", "<p>Leegstaande panden worden tijdelijk verhuurd aan starters.</p>")
LEARNINGS = ("learnings", {"items": ["Betrek de eigenaars van bij de start."]})
TIPS = ("tips", {"items": ["Werk met contracten van zes maanden."]})
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"

# What an editor leaves out, and the Dutch message that then blocks publication.
INCOMPLETE = {
    "no-summary": ({"summary": ""}, publishing.SUMMARY),
    "blank-summary": ({"summary": "   "}, publishing.SUMMARY),
    "no-themes": ({"case_themes": []}, publishing.THEME),
    "no-audiences": ({"case_audiences": []}, publishing.AUDIENCE),
    "no-place": ({"place": "", "municipality": None}, publishing.PLACE),
    "no-image-no-video": ({"hero_image": None, "video_url": ""}, publishing.HERO),
    "image-without-alt": ({"hero_image_alt": ""}, publishing.HERO_ALT),
    "no-concept": ({"body": [LEARNINGS, TIPS]}, publishing.CONCEPT),
    "empty-concept": ({"body": [("concept", "<p>&nbsp;</p>"), LEARNINGS]}, publishing.CONCEPT),
    "no-learnings-or-tips": ({"body": [CONCEPT]}, publishing.LESSON),
}


def draft_case(**overrides) -> CasePage:
    """A case made with the factory but never published, so it may be incomplete."""
    return CasePageFactory(live=False, **overrides)


def publish(page: CasePage) -> None:
    page.save_revision().publish()


def error_messages(excinfo) -> list[str]:
    return [str(message) for message in excinfo.value.messages]


@pytest.mark.parametrize(("overrides", "message"), INCOMPLETE.values(), ids=INCOMPLETE.keys())
def test_incomplete_case_cannot_be_published(overrides, message):
    page = draft_case(**overrides)

    with pytest.raises(ValidationError) as excinfo:
        publish(page)

    assert message in error_messages(excinfo)
    page.refresh_from_db()
    assert not page.live
    assert not CasePage.objects.live().filter(pk=page.pk).exists()


@pytest.mark.parametrize(("overrides", "message"), INCOMPLETE.values(), ids=INCOMPLETE.keys())
def test_incomplete_case_can_be_saved_as_draft(overrides, message):
    page = draft_case(**overrides)
    page.title = "Nog niet af"

    revision = page.save_revision()

    page.refresh_from_db()
    assert not page.live
    assert page.has_unpublished_changes
    assert page.latest_revision == revision
    assert revision.as_object().title == "Nog niet af"


def test_only_the_missing_piece_is_reported():
    page = draft_case(summary="")

    with pytest.raises(ValidationError) as excinfo:
        publish(page)

    assert error_messages(excinfo) == [publishing.SUMMARY]
    assert excinfo.value.message_dict["summary"] == [publishing.SUMMARY]


def test_every_missing_piece_is_reported_at_once():
    page = draft_case(summary="", case_themes=[], case_audiences=[], hero_image=None, body=[])

    with pytest.raises(ValidationError) as excinfo:
        publish(page)

    assert set(error_messages(excinfo)) == {
        publishing.SUMMARY,
        publishing.THEME,
        publishing.AUDIENCE,
        publishing.HERO,
        publishing.CONCEPT,
        publishing.LESSON,
    }


def test_video_alone_is_enough_to_publish():
    page = draft_case(hero_image=None, hero_image_alt="", video_url=VIDEO)

    publish(page)

    page.refresh_from_db()
    assert page.live
    assert CasePage.objects.live().filter(pk=page.pk).exists()


@pytest.mark.parametrize("lesson", [LEARNINGS, TIPS], ids=["learnings", "tips"])
def test_learnings_or_tips_alone_is_enough_to_publish(lesson):
    page = draft_case(body=[CONCEPT, lesson])

    publish(page)

    page.refresh_from_db()
    assert page.live


def test_complete_draft_can_be_published():
    page = draft_case()

    publish(page)

    page.refresh_from_db()
    assert page.live
    assert not page.has_unpublished_changes


def test_publication_problems_of_a_complete_case_are_empty():
    assert CasePageFactory().publication_problems() == {}


def test_publication_problems_name_the_field_to_fix():
    page = draft_case(summary="", case_themes=[], hero_image_alt="")

    assert page.publication_problems() == {
        "summary": [publishing.SUMMARY],
        "case_themes": [publishing.THEME],
        "hero_image_alt": [publishing.HERO_ALT],
    }


def test_live_case_cannot_lose_its_summary_on_publish():
    page = CasePageFactory()
    page.summary = ""

    with pytest.raises(ValidationError) as excinfo:
        publish(page)

    assert publishing.SUMMARY in error_messages(excinfo)
    page.refresh_from_db()
    assert page.live
    assert page.summary


# --- Place rules: these hold for drafts too ----------------------------------------------------


def place_errors(**changes) -> dict[str, list[str]]:
    page = draft_case()
    for field, value in changes.items():
        setattr(page, field, value)
    with pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    return excinfo.value.message_dict


def test_latitude_without_longitude_is_refused():
    errors = place_errors(lat=51.1, lon=None)

    assert errors["lon"] == ["Vul breedte- en lengtegraad allebei in, of geen van beide."]


def test_longitude_without_latitude_is_refused():
    errors = place_errors(lat=None, lon=4.0)

    assert errors["lat"] == ["Vul breedte- en lengtegraad allebei in, of geen van beide."]


def test_province_on_a_case_abroad_is_refused():
    errors = place_errors(country="NL", province="antwerpen")

    assert errors["province"] == ["Een provincie vul je alleen in voor België."]


def test_flemish_municipality_on_a_case_abroad_is_refused():
    aalst = Municipality.objects.get(nis_code="41002")

    errors = place_errors(country="FR", province="", municipality=aalst)

    assert errors["municipality"] == ["Een Vlaamse gemeente kan alleen bij een Belgisch voorbeeld."]


def test_a_draft_may_still_lack_a_place():
    """Only publishing needs a place (see INCOMPLETE): a new case's first draft is just a title."""
    page = draft_case(place="", municipality=None)

    page.save_revision()

    assert page.get_latest_revision_as_object().place == ""


def test_place_rules_also_block_a_draft():
    page = draft_case()
    page.country = "NL"

    with pytest.raises(ValidationError) as excinfo:
        page.save_revision()

    assert "province" in excinfo.value.message_dict
    page.refresh_from_db()
    assert page.country.code == "BE"
    assert page.latest_revision is None or page.latest_revision.as_object().country.code == "BE"


def test_case_abroad_without_province_or_municipality_is_valid():
    page = draft_case(country="NL", province="", place="Zwolle", population=130_000)

    page.full_clean()
    publish(page)

    page.refresh_from_db()
    assert page.live
    assert page.is_abroad
