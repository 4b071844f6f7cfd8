"""The change log (sync.changelog) records exactly what readers may see change, in the changing transaction: each
change is made the way editors, the scheduler and scripts make it, then read from the log."""

import importlib

from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from wagtail.models import PageViewRestriction

import pytest

from cases.models import CaseIndexPage, CasePage
from cases.models.catalogue import refresh_stale_cards
from sync.models import AnnouncedCase, Change
from tests.factories.cases import CasePageFactory, default_body

pytestmark = pytest.mark.django_db


def video_case(title: str, **kwargs) -> CasePage:
    return CasePageFactory(title=title, hero_image=None, video_url="https://vimeo.com/76979871", **kwargs)


def new_entries(after: int) -> list[tuple[int, str, str]]:
    return list(Change.objects.filter(id__gt=after).order_by("id").values_list("page_id", "kind", "reason"))


def last_id() -> int:
    return Change.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_a_new_case_is_announced_once(taxonomy):
    case = video_case("Marktplein zonder auto's")
    assert list(Change.objects.values_list("page_id", "kind", "slug", "locale")) == [
        (case.pk, "published", case.slug, "nl")
    ]
    assert AnnouncedCase.objects.get(pk=case.pk).slug == case.slug


def test_a_draft_or_a_kept_card_is_no_change(taxonomy):
    case = CasePageFactory(title="Pop-upwinkels")  # a hero image: its card is kept once the renditions exist
    start = last_id()
    draft = CasePage.objects.get(pk=case.pk)
    draft.title = "Concept"
    draft.save_revision()
    assert refresh_stale_cards() == 1  # the card is kept now: the same card readers saw, built from the page
    assert new_entries(start) == []


def test_a_republication_that_changes_only_the_body_is_an_update(taxonomy):
    # A hero image whose renditions are still on their way: no card kept on the row, nothing on it changes.
    CasePageFactory(title="Schoolstraten").save_revision().publish()
    case = CasePage.objects.get(title="Schoolstraten")
    start = last_id()
    case.body = [*default_body(), ("tips", {"items": ["Begin bij de school met de meeste fietsers."]})]
    case.save_revision().publish()
    assert new_entries(start) == [(case.pk, "updated", "")]


def test_a_section_s_new_slug_updates_the_cases_below_it(taxonomy, django_capture_on_commit_callbacks):
    case = CasePageFactory(title="Deelfietsen")  # its card is not kept yet (renditions pending): no URL on it
    section = CaseIndexPage.objects.get(pk=case.get_parent().pk)
    start = last_id()
    section.slug = "goede-voorbeelden"
    with django_capture_on_commit_callbacks(execute=True):
        section.save_revision().publish()  # Wagtail sends page_slug_changed after the commit
    assert new_entries(start) == [(case.pk, "updated", "")]


def test_a_case_made_public_again_is_published_again(taxonomy):
    case = video_case("Tiny forest")
    start = last_id()
    restriction = PageViewRestriction.objects.create(page=case, restriction_type="password", password="geheim")
    restriction.delete()
    assert new_entries(start) == [(case.pk, "removed", "private"), (case.pk, "published", "")]


def test_deleting_a_section_removes_every_case_below_it(taxonomy):
    section = CaseIndexPage.objects.get(pk=video_case("Eerste").get_parent().pk)
    video_case("Tweede")
    ids = sorted(CasePage.objects.child_of(section).values_list("pk", flat=True))
    assert len(ids) == 2
    start = last_id()
    CaseIndexPage.objects.get(pk=section.pk).delete()
    assert sorted(new_entries(start)) == [(pk, "removed", "deleted") for pk in ids]
    assert not AnnouncedCase.objects.exists()


def test_a_case_never_announced_is_never_removed(taxonomy):
    case = video_case("Nog in concept", live=False)
    CasePage.objects.get(pk=case.pk).delete()
    assert not Change.objects.filter(page_id=case.pk).exists()


def test_a_rebuild_records_what_bulk_sql_changed_and_nothing_else(taxonomy):
    kept, hidden = video_case("Blijft"), video_case("Verdwijnt")
    start = last_id()
    call_command("rebuild_catalogue", stdout=None)
    assert new_entries(start) == []
    CasePage.objects.filter(pk=hidden.pk).update(live=False)  # bulk SQL: no signal
    with transaction.atomic():
        call_command("rebuild_catalogue", stdout=None)
    assert new_entries(start) == [(hidden.pk, "removed", "unpublished")]
    assert AnnouncedCase.objects.filter(pk=kept.pk).exists()


def test_the_log_starts_with_the_cases_visible_when_it_is_installed(taxonomy):
    first, second = video_case("Eerste"), video_case("Tweede")
    video_case("Concept", live=False)
    Change.objects.all().delete()
    AnnouncedCase.objects.all().delete()
    migration = importlib.import_module("sync.migrations.0002_announce_listed_cases")
    migration.announce_listed_cases(apps, None)
    assert sorted(Change.objects.values_list("page_id", "kind")) == [(first.pk, "published"), (second.pk, "published")]
    assert set(AnnouncedCase.objects.values_list("pk", flat=True)) == {first.pk, second.pk}
