"""New Dutch cases are written together (cases/importer/bulk.py): what an editor, a reader or a later import sees
must be what the one-at-a-time path gave: a sound page tree, one revision per case, the history, the catalogue,
search, the images' usage, an idempotent re-import and nothing left behind when the import fails.
"""

from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageLogEntry, ReferenceIndex, Revision

import pytest

from cases.importer.bulk import write_new_sources
from cases.importer.indexing import DeferredIndexing
from cases.importer.run import read_files
from cases.importer.writer import WriteContext, write_source
from cases.models import CaseAudience, CaseImportRecord, CaseIndexPage, CasePage, CaseTheme, CatalogueEntry
from cases.models.catalogue import catalogue_deferred
from home.search_backend import search_backend_for_language
from tests.cases.import_helpers import (
    abroad_case,
    run_failing_import,
    run_import,
    snapshot,
    source_case,
    write_cases,
)

pytestmark = pytest.mark.django_db

THEMES = ["beleving-en-aantrekking", "samenwerking"]


def many_cases(count: int, **changes) -> list[dict]:
    return [
        source_case(f"geval-{number}", title=f"Geval {number} tegen leegstand", **changes)
        for number in range(1, count + 1)
    ]


def index_page() -> CaseIndexPage:
    return CaseIndexPage.objects.get(locale__language_code="nl")


def found(word: str) -> set[str]:
    backend = search_backend_for_language("nl")
    return {page.slug for page in backend.search(word, CasePage.objects.live())}


# --- Fifty new cases ---------------------------------------------------------------------------------
@pytest.fixture
def fifty(taxonomy, tmp_path):
    """An earlier case (so the new ones follow a child that exists), then 50 new ones, one a draft."""
    run_import(write_cases(tmp_path / "earlier", [abroad_case()]))
    cases = many_cases(50)
    cases[-1]["publish"] = False
    path = write_cases(tmp_path / "import", cases)
    stdout, _stderr = run_import(path)
    return {"path": path, "stdout": stdout, "slugs": [case["slug"] for case in cases]}


def test_fifty_new_cases_get_the_tree_positions_add_child_gives(fifty):
    index = index_page()
    children = list(index.get_children().order_by("path"))
    assert [page.slug for page in children] == ["winkelhart-zutphen", *fifty["slugs"]]
    steps = [Page._str2int(page.path[-Page.steplen :]) for page in children]
    assert steps == list(range(1, 52))
    assert {page.depth for page in children} == {index.depth + 1}
    assert index.numchild == 51
    assert {page.url_path for page in children[1:]} == {f"{index.url_path}{slug}/" for slug in fifty["slugs"]}
    # treebeard's own consistency check: no bad paths, depths, orphans or child counts
    assert all(not problems for problems in Page.find_problems())
    # an editor adding a case afterwards gets the next free position
    added = index.add_child(instance=CasePage(title="Nog een", slug="nog-een", live=False))
    assert Page._str2int(added.path[-Page.steplen :]) == 52


def test_fifty_new_cases_each_have_one_revision_and_their_history(fifty):
    for slug in fifty["slugs"]:
        page = CasePage.objects.get(slug=slug)
        revisions = list(Revision.objects.for_instance(page))
        assert len(revisions) == 1
        assert page.latest_revision_id == revisions[0].pk
        assert revisions[0].as_object().title == page.title
        actions = list(PageLogEntry.objects.filter(page=page).order_by("pk").values_list("action", flat=True))
        if slug == fifty["slugs"][-1]:
            assert (page.live, page.has_unpublished_changes, page.live_revision_id) == (False, True, None)
            assert actions == ["wagtail.create", "wagtail.edit"]
        else:
            assert (page.live, page.has_unpublished_changes) == (True, False)
            assert page.live_revision_id == revisions[0].pk
            assert page.first_published_at is not None
            assert actions == ["wagtail.create", "wagtail.edit", "wagtail.publish"]
        assert CaseImportRecord.objects.filter(page=page).exists()
        assert list(page.case_themes.values_list("theme__code", flat=True)) == THEMES


def test_fifty_new_cases_are_listed_found_and_their_images_know_their_use(fifty):
    published = set(fifty["slugs"][:-1])
    listed = set(CatalogueEntry.objects.values_list("page__slug", flat=True))
    assert listed == published | {"winkelhart-zutphen"}
    assert found("geval") == published
    for page in CasePage.objects.filter(slug__in=fifty["slugs"]):
        image = get_image_model().objects.get(pk=page.hero_image_id)
        assert {reference.object_id for reference in ReferenceIndex.get_references_to(image)} == {str(page.pk)}


def test_reimporting_fifty_cases_changes_nothing(fifty):
    before = snapshot()
    stdout, _stderr = run_import(fifty["path"])
    assert "created: 0, updated: 0, unchanged: 50" in stdout
    assert snapshot() == before


# --- The same case through both paths ----------------------------------------------------------------
def _comparable(page: CasePage) -> dict:
    varying = {"id", "page_ptr_id", "path", "slug", "url_path", "translation_key", "hero_image_id", "body"}
    varying |= {"latest_revision_id", "live_revision_id"}
    varying |= {"latest_revision_created_at", "first_published_at", "last_published_at"}
    return {
        field.attname: getattr(page, field.attname)
        for field in CasePage._meta.concrete_fields
        if field.attname not in varying
    }


def _revision_content(page: CasePage) -> dict:
    content = Revision.objects.for_instance(page).get().content
    for key in ("pk", "path", "slug", "url_path", "translation_key", "hero_image", "body"):
        content.pop(key)
    for relation in ("case_themes", "case_audiences"):
        content[relation] = [
            {key: value for key, value in link.items() if key not in {"pk", "page", "translation_key"}}
            for link in content[relation]
        ]
    return content


def test_a_case_written_together_equals_the_one_written_alone(taxonomy, tmp_path):
    path = write_cases(tmp_path, [source_case("alleen"), source_case("samen")])
    problems = []
    alone, together = read_files(paths=[path], problems=problems)
    assert not problems
    context = WriteContext(index=index_page(), source_locale=Locale.objects.get(language_code="nl"))
    indexing = DeferredIndexing()
    with indexing.collecting(), catalogue_deferred():
        assert write_source(alone, context) == "created"
        written = list(write_new_sources([together], context, indexing=indexing, on_invalid=None))
        assert written == [(together, "created")]
    indexing.flush()
    first, second = CasePage.objects.get(slug="alleen"), CasePage.objects.get(slug="samen")

    assert _comparable(second) == _comparable(first)
    assert [block.block_type for block in second.body] == [block.block_type for block in first.body]
    assert second.path == Page._get_path(index_page().path, second.depth, Page._str2int(first.path[-4:]) + 1)
    assert _revision_content(second) == _revision_content(first)
    for model in (CaseTheme, CaseAudience):
        links = [
            list(model.objects.filter(page=page).values_list("sort_order", "locale_id")) for page in (first, second)
        ]
        assert links[0] == links[1]
    log_fields = ("action", "label", "data", "content_changed", "user_id", "content_type_id", "revision_id")
    logs = [
        [
            (*entry[:-1], entry[-1] is None)
            for entry in PageLogEntry.objects.filter(page=page).order_by("pk").values_list(*log_fields)
        ]
        for page in (first, second)
    ]
    assert logs[0] == logs[1]
    references = [
        sorted(
            ReferenceIndex.objects.filter(object_id=str(page.pk), base_content_type__model="page").values_list(
                "content_type_id", "to_content_type_id", "model_path"
            )
        )
        for page in (first, second)
    ]
    assert references[0] == references[1] != []
    entries = [
        {
            k: v
            for k, v in CatalogueEntry.objects.filter(page=page).values().get().items()
            if k not in {"page_id", "published_at", "last_published_at", "url_path", "changed_at"}
        }
        for page in (first, second)
    ]
    assert entries[0] == entries[1]
    assert found("leegstand") == {"alleen", "samen"}


# --- Failures ----------------------------------------------------------------------------------------
def test_a_failure_after_the_rows_are_written_leaves_nothing(taxonomy, tmp_path, monkeypatch):
    run_import(write_cases(tmp_path / "earlier", [abroad_case()]))
    before = snapshot()
    entries = set(CatalogueEntry.objects.values_list("page_id", flat=True))

    def broken(*args, **kwargs):
        raise RuntimeError("storage gone")

    # The last step of the bulk write, after pages, links, revisions, log entries and image files.
    monkeypatch.setattr("cases.importer.bulk.refresh_catalogue", broken)
    with pytest.raises(RuntimeError, match="storage gone"):
        run_import(write_cases(tmp_path / "import", many_cases(5)))
    assert snapshot() == before
    assert set(CatalogueEntry.objects.values_list("page_id", flat=True)) == entries
    assert index_page().numchild == 1


def test_a_case_the_model_refuses_is_reported_in_dutch_and_nothing_is_written(taxonomy, tmp_path, monkeypatch):
    """The model's own rules still run for every new case; one refusal among many stops the whole import."""
    original = CasePage.place_problems

    def refuse_one(page):
        problems = original(page)
        if page.slug == "geval-3":
            problems["year_started"] = ["Dit startjaar ligt te ver in de toekomst."]
        return problems

    monkeypatch.setattr(CasePage, "place_problems", refuse_one)
    before = snapshot()
    stderr = run_failing_import(write_cases(tmp_path, many_cases(5)))
    assert "geval-3: year: Dit startjaar ligt te ver in de toekomst." in stderr
    assert "geval-1" not in stderr
    assert snapshot() == before
    assert not CasePage.objects.filter(slug__startswith="geval-").exists()
