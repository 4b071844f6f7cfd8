"""New Dutch cases, written together: what Wagtail does per page, done in a few statements for all of them.

Creating a case one at a time costs about 115 SQL statements and as many model saves: treebeard's `add_child`
(the parent's last child, its child count, the insert), `save_revision` (a full clean, the revision, the page
again, a log entry) and `publish` (the page rebuilt from the revision's JSON, cleaned and saved again, a log
entry, the signals). For a thousand new cases that was most of the import. Here every step is the same, in the
same order and with the same validation, but the rows are written in bulk:

- each case is cleaned as `save_revision` cleans it (Wagtail's and the case's own rules, the slug among its
  siblings) and, when it is to be published, as `publish` cleans it (the publishing rules); a case that fails
  is reported as before and left out, the others are written;
- tree paths follow the index page's last child, as `add_child` would give them one after the other, and the
  index page's child count goes up once;
- every page gets the revision `save_revision` would make (the page as it was before publishing), the same
  log entries ("wagtail.edit", then "wagtail.publish") and, when published, the `page_published` and
  `published` signals (renditions, cache version);
- the search and reference indexes and the catalogue are told about every row, as the saves would have told
  them (the import indexes them once, at the end of its transaction).

Updates of cases that exist and all translations keep the one-at-a-time path (cases/importer/writer.py).
"""

from collections.abc import Callable, Iterator

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, router
from django.db.models import F
from django.utils import timezone

from modelcluster.models import get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published, published

from cases.importer.indexing import DeferredIndexing
from cases.importer.records import CaseRecord
from cases.importer.writer import WriteContext, apply_source_fields
from cases.models import CaseAudience, CaseImportRecord, CasePage, CaseTheme
from cases.models.catalogue import refresh_catalogue

BATCH = 500  # rows per INSERT: a page row has about 40 columns, PostgreSQL takes at most 65 535 parameters


# Left out of the clean: values the importer sets itself, each a row it has just read or written in this
# transaction (content type, locale, images, municipality; the clean would ask the database once per foreign key
# per page whether they exist), and the unique values it generates (tree path, translation key), which the
# database's unique constraints still guard. Every value that comes from the file is cleaned as before, and the
# slug among its siblings is checked by Page.clean.
IMPORTER_SET = [field.name for field in CasePage._meta.concrete_fields if field.is_relation]


class PathOverflow(ValueError):
    pass


def write_new_sources(
    records: list[CaseRecord],
    context: WriteContext,
    *,
    indexing: DeferredIndexing,
    on_invalid: Callable[[CaseRecord, ValidationError], None],
) -> Iterator[tuple[CaseRecord, str]]:
    """Create the Dutch cases of `records` (none of them exists yet); yields `(record, outcome)` in file order,
    outcome 'created' or 'fout' (then `on_invalid` has been told why)."""
    if not records:
        return
    indexing.note_created(context.images_for([image for record in records for image in record.images]))
    pages: list[tuple[CaseRecord, CasePage]] = []
    valid: set[int] = set()
    # The paths add_child would give them one after the other (a case that fails below leaves a gap, which the
    # tree allows; a failure rolls the whole import back anyway).
    for record, path in zip(records, _next_paths(context.index, len(records)), strict=True):
        page = _new_page(record, context, [context.images_by_hash[image.sha1] for image in record.images])
        page.path = path
        try:
            _clean(page, record.publish)
        except ValidationError as error:
            on_invalid(record, error)
            continue
        pages.append((record, page))
        valid.add(id(record))
    _insert(pages, context, indexing)
    for record in records:
        yield record, "created" if id(record) in valid else "fout"


def _new_page(record: CaseRecord, context: WriteContext, images: list) -> CasePage:
    page = CasePage(slug=record.slug, title=record.get("title"), live=False, locale=context.source_locale)
    apply_source_fields(page, record, images, context)
    # What add_child knows before it saves: the parent, so the slug can be checked among its siblings.
    page._cached_parent_obj = context.index
    page.depth = context.index.depth + 1
    page.numchild = 0
    page.set_url_path(context.index)
    page.draft_title = page.title
    return page


def _clean(page: CasePage, publish: bool) -> None:
    """save_revision's full clean of the draft; then, for a case to publish, the rules `publish` checks when it
    saves the page live (only `clean` can say more then: the fields have not changed)."""
    page.full_clean(exclude=IMPORTER_SET, validate_unique=False)
    if publish and not getattr(page, "_publication_rules_checked", False):
        page.live = True
        try:
            page.clean()
        finally:
            page.live = False
    if not publish:
        # A draft may be incomplete, as in writer._publish_or_draft.
        page._publication_rules_checked = True


def _insert(pages: list[tuple[CaseRecord, CasePage]], context: WriteContext, indexing: DeferredIndexing) -> None:
    if not pages:
        return
    objects = [page for _record, page in pages]
    _insert_in_tree(objects, context.index)
    links = _insert_links(objects)
    # The revision holds the page as save_revision saw it: saved, not yet live, no revision yet.
    revisions = [
        Revision(
            content_object=page,
            base_content_type=page.get_base_content_type(),
            user=None,
            approved_go_live_at=None,
            content=page.serializable_data(),
            object_str=str(page),
            created_at=timezone.now(),  # as Revision.save sets it
        )
        for page in objects
    ]
    Revision.objects.bulk_create(revisions, batch_size=BATCH)
    published_pages = _publish(pages, revisions)
    PageLogEntry.objects.bulk_create(_log_entries(pages, revisions), batch_size=BATCH)
    CaseImportRecord.objects.bulk_create(
        [CaseImportRecord(page_id=page.pk, fingerprint=record.fingerprint()) for record, page in pages],
        batch_size=BATCH,
    )
    indexing.note_created([*objects, *links, *revisions])
    refresh_catalogue([page.pk for page in objects])
    for page, revision in published_pages:
        page_published.send(sender=CasePage, instance=page, revision=revision)
        published.send(sender=CasePage, instance=page, revision=revision)


def _insert_in_tree(pages: list[CasePage], index: Page) -> None:
    _insert_pages(pages)
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(pages))
    index.numchild += len(pages)  # add_child on this object later must not take a used path


def _insert_links(pages: list[CasePage]) -> list:
    """The theme and audience rows modelcluster would commit when the page is first saved."""
    links = []
    for page in pages:
        for relation in get_all_child_relations(page):
            name = relation.get_accessor_name()
            if name not in {"case_themes", "case_audiences"}:
                # Nothing there for a new page: say so instead of asking the database once per page.
                setattr(page, name, [])
        for link in [*page.case_themes.all(), *page.case_audiences.all()]:
            link.page, link.locale_id = page, page.locale_id
            links.append(link)
    CaseTheme.objects.bulk_create([link for link in links if isinstance(link, CaseTheme)], batch_size=BATCH)
    CaseAudience.objects.bulk_create([link for link in links if isinstance(link, CaseAudience)], batch_size=BATCH)
    return links


def _publish(pages: list[tuple[CaseRecord, CasePage]], revisions: list[Revision]) -> list[tuple[CasePage, Revision]]:
    """What save_revision and publish leave on the page row; returns the published pages with their revision."""
    published_pages = []
    for (record, page), revision in zip(pages, revisions, strict=True):
        page.latest_revision, page.latest_revision_created_at = revision, revision.created_at
        if record.publish:
            now = timezone.now()
            page.live, page.has_unpublished_changes, page.expired = True, False, False
            page.live_revision = revision
            page.first_published_at = page.last_published_at = now
            page.follow_up_due_on = page.compute_follow_up_due_on()  # what CasePage.save() keeps
            published_pages.append((page, revision))
        else:
            page.has_unpublished_changes = True
    CasePage.objects.bulk_update(
        [page for _record, page in pages],
        [
            "latest_revision",
            "latest_revision_created_at",
            "live",
            "has_unpublished_changes",
            "expired",
            "live_revision",
            "first_published_at",
            "last_published_at",
            "follow_up_due_on",
        ],
        batch_size=BATCH,
    )
    return published_pages


def _next_paths(index: Page, count: int) -> list[str]:
    """The paths add_child would give `count` new children of `index`, one after the other."""
    last = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1).order_by("-path").first()
    start = Page._str2int(last.path[-Page.steplen :]) if last else 0
    paths = []
    for position in range(start + 1, start + count + 1):
        key = Page._int2str(position)
        if len(key) > Page.steplen:
            raise PathOverflow(f"no room for {count} more children under {index.url_path}")
        paths.append(Page._get_path(index.path, index.depth + 1, position))
    return paths


def _insert_pages(pages: list[CasePage]) -> None:
    """Insert the rows of both tables of each page (Django's bulk_create refuses multi-table models)."""
    using = router.db_for_write(CasePage)
    page_fields = [field for field in Page._meta.local_concrete_fields if not field.primary_key]
    case_fields = list(CasePage._meta.local_concrete_fields)
    returning = [Page._meta.pk] if connection.features.can_return_rows_from_bulk_insert else None
    for start in range(0, len(pages), BATCH):
        batch = pages[start : start + BATCH]
        rows = Page._base_manager._insert(batch, fields=page_fields, returning_fields=returning, using=using)
        if returning is None:
            paths = [page.path for page in batch]
            ids = dict(Page.objects.filter(path__in=paths).values_list("path", "pk"))
            rows = [(ids[page.path],) for page in batch]
        for page, (pk,) in zip(batch, rows, strict=True):
            page.id = page.page_ptr_id = pk
            page._state.adding, page._state.db = False, using
        CasePage._base_manager._insert(batch, fields=case_fields, using=using)


def _log_entries(pages: list[tuple[CaseRecord, CasePage]], revisions: list[Revision]) -> list[PageLogEntry]:
    """What `log(instance=page, action=…)` writes for the first save of a new page ("wagtail.create", without a
    revision), save_revision's "wagtail.edit" and publish's "wagtail.publish"."""
    content_type = ContentType.objects.get_for_model(CasePage, for_concrete_model=False)
    entries = []
    for (record, page), revision in zip(pages, revisions, strict=True):
        actions = [("wagtail.create", None), ("wagtail.edit", revision)]
        if record.publish:
            actions.append(("wagtail.publish", revision))
        for action, logged_revision in actions:
            log_context = get_active_log_context()
            entries.append(
                PageLogEntry(
                    content_type=content_type,
                    label=page.get_admin_display_title(),
                    action=action,
                    timestamp=timezone.now(),
                    data={},
                    page=page,
                    user=log_context.user,
                    uuid=log_context.uuid,
                    revision=logged_revision,
                    content_changed=True,
                )
            )
    return entries
