"""`import_cases` leaves the slow work out of the import: renditions go to the background queue, and the reference
and search indexes are updated once per page at the end of the import's transaction (cases/importer/indexing.py).

What a user notices: the cases are found by search and the images' usage is known as soon as the import returns;
the renditions follow from the worker.
"""

from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

import pytest
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult

from cases.models import CasePage
from home.search_backend import search_backend_for_language
from tests.cases.import_helpers import run_import, source_case, translation_case, write_cases
from vitrine_cms.settings.base import task_settings

pytestmark = pytest.mark.django_db

RENDITION_TASK = "home.renditions.prepare_renditions_task"


def found(word: str, language: str = "nl") -> list[str]:
    backend = search_backend_for_language(language)
    return sorted(page.slug for page in backend.search(word, CasePage.objects.live()))


def dutch_cases() -> list[dict]:
    return [
        source_case("microhub-antwerpen", title="Een microhub voor bakfietsen"),
        source_case("deelwinkel-genk", title="Een deelwinkel voor gereedschap", place="Genk"),
    ]


@pytest.fixture
def enqueued():
    """Paths of the tasks queued while a test runs, in order."""
    paths: list[str] = []

    def note(sender, task_result, **kwargs):
        paths.append(task_result.task.module_path)

    task_enqueued.connect(note, weak=False, dispatch_uid="test_import_speed_enqueued")
    yield paths
    task_enqueued.disconnect(dispatch_uid="test_import_speed_enqueued")


def test_imported_cases_are_found_by_search_right_after_the_import(taxonomy, tmp_path):
    run_import(write_cases(tmp_path, [*dutch_cases(), translation_case(translation_of="microhub-antwerpen")]))
    assert found("microhub") == ["microhub-antwerpen"]
    assert found("gereedschap") == ["deelwinkel-genk"]
    # The English translation is published after the commit (wagtail-localize) and indexed then.
    assert found("pop-up", "en") == ["pop-up-shops-lokeren"]


def test_a_reimport_with_a_new_title_is_found_by_its_new_words_only(taxonomy, tmp_path):
    cases = dutch_cases()
    run_import(write_cases(tmp_path, cases))
    cases[0]["title"] = "Een fietshub voor koeriers"
    run_import(write_cases(tmp_path, cases))
    assert found("koeriers") == ["microhub-antwerpen"]
    assert found("microhub") == []
    assert found("gereedschap") == ["deelwinkel-genk"]


def test_the_images_of_imported_cases_know_where_they_are_used(taxonomy, tmp_path):
    """The reference index behind the admin's image "Usage" tab, filled in bulk at the end of the import."""
    run_import(write_cases(tmp_path, dutch_cases()))
    for page in CasePage.objects.filter(slug__in=["microhub-antwerpen", "deelwinkel-genk"]):
        image = get_image_model().objects.get(pk=page.hero_image_id)
        users = {reference.object_id for reference in ReferenceIndex.get_references_to(image)}
        assert str(page.pk) in users


def test_the_import_queues_no_index_update_per_save_and_one_rendition_task_per_published_case(
    taxonomy, tmp_path, enqueued, settings
):
    settings.TASKS = task_settings("database")
    run_import(write_cases(tmp_path, [*dutch_cases(), source_case("concept-case", publish=False)]))
    # Before, each case queued ~10 reference-index and ~4 search-index updates while it was written.
    assert enqueued == [RENDITION_TASK, RENDITION_TASK]
    assert DBTaskResult.objects.filter(task_path=RENDITION_TASK, status="READY").count() == 2
    # Nothing was rendered inside the import: the worker does that.
    assert not get_image_model().get_rendition_model().objects.exists()


def test_saves_outside_an_import_still_update_the_indexes_at_once(taxonomy, tmp_path):
    """The import's deferral ends with the import: an editor's later save is indexed as before."""
    run_import(write_cases(tmp_path, dutch_cases()))
    page = CasePage.objects.get(slug="microhub-antwerpen")
    page.title = "Een koerierscentrale"
    page.save_revision().publish()
    assert found("koerierscentrale") == ["microhub-antwerpen"]
