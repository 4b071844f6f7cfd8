"""The catalogue: one narrow row per visible case, the read model behind every list, facet and search.

A listing asks the same questions of every case: in which language, which themes and audiences, what size,
where, since when, does it match these words. Asked of the page tables, each question joins the wide page
rows, the classification links and the search index again (eight times for the facets). Here each case is one
row of plain values with the codes as arrays and a weighted text-search document in its language's
configuration, so filters, facets, search, ordering and paging read one small table with the indexes they
need, and only the 12 cards of a page are fetched from the page tables afterwards.

A row exists while its case is live and public (no view restriction on it or an ancestor); `expire_at` is kept
on the row and checked at query time, so a case disappears the moment it expires, before `publish_scheduled`
unpublishes it. Rows are refreshed inside the transaction that changes what readers may see: every save of a
case (publish, unpublish, expiry, a script), a move, a view restriction, a theme, audience or municipality
change (cases.catalogue connects those). `manage.py rebuild_catalogue` rebuilds the whole table.

Each row keeps `changed_at`: the last moment what the API shows of the case changed (its publication, a republish,
its listed facts, card or URL), for `updated_since` and the orderings on last change. Every refresh (and a case's
deletion) sends `catalogue_refreshed` inside its transaction, so an app above (the sync app's change log) can record
what readers may now see in the same commit.

On PostgreSQL the codes are `text[]` with GIN indexes and the document is a `tsvector` with a GIN index.
On SQLite (the development default) the codes are stored as `|a|b|` text and the document as lower-case plain
text; the same lookups (`overlaps`, `has`) work on both, so there is one implementation of every filter.
"""

import re
import threading
from contextlib import contextmanager

from django.apps import apps
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models, transaction
from django.db.models import Lookup, Prefetch, Q, Value
from django.dispatch import Signal
from django.utils import timezone

from cases.places import SizeClass
from home.caching import bump_content_version


class CodesField(models.Field):
    """A list of short codes: `text[]` on PostgreSQL, `|a|b|` text elsewhere."""

    description = "List of codes"

    def db_type(self, connection):
        return "text[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        codes = [str(code) for code in value]
        if connection.vendor == "postgresql":
            return codes
        return "|" + "".join(f"{code}|" for code in codes)

    def from_db_value(self, value, expression, connection):
        return split_codes(value)

    def to_python(self, value):
        return split_codes(value)


def split_codes(value) -> list[str] | None:
    """Codes from the column: a list (PostgreSQL), `|a|b|` (SQLite) or `{a,b}` (a PostgreSQL array cast to text)."""
    if value is None or isinstance(value, list):
        return value
    return [code for code in re.split(r"[{}|,]", value) if code]


@CodesField.register_lookup
class Overlaps(Lookup):
    """Holds at least one of the given codes (`&&`, served by the GIN index on PostgreSQL)."""

    lookup_name = "overlaps"

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [self.lhs.output_field.get_db_prep_value(list(value), connection)])

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} && {rhs}::text[]", (*lhs_params, *rhs_params)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        codes = list(self.rhs)
        if not codes:
            return "1 = 0", ()
        sql = " OR ".join(f"{lhs} LIKE %s" for _ in codes)
        params = []
        for code in codes:
            params += [*lhs_params, f"%|{code}|%"]
        return f"({sql})", tuple(params)


@CodesField.register_lookup
class Has(Lookup):
    """Holds this one code; the code may be an expression (an `OuterRef`)."""

    lookup_name = "has"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [str(value)])

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @> ARRAY[({rhs})::text]", (*lhs_params, *rhs_params)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} LIKE ('%%|' || {rhs} || '|%%')", (*lhs_params, *rhs_params)


class SearchDocumentField(SearchVectorField):
    """A weighted `tsvector` on PostgreSQL; lower-case plain text elsewhere (matched with LIKE)."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class CatalogueEntry(models.Model):
    page = models.OneToOneField(
        "cases.CasePage", primary_key=True, on_delete=models.CASCADE, related_name="catalogue_entry"
    )
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=255)
    themes = CodesField(default=list)
    audiences = CodesField(default=list)
    size_class = models.CharField(max_length=10, blank=True)
    country = models.CharField(max_length=2)
    province = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=12)
    year_started = models.PositiveSmallIntegerField(null=True)
    population = models.PositiveIntegerField(null=True)
    published_at = models.DateTimeField(null=True)
    expire_at = models.DateTimeField(null=True)
    # Kept to tell a change the row's other values miss: a republication (the body is not on the row), a new URL.
    last_published_at = models.DateTimeField(null=True)
    url_path = models.TextField(blank=True)
    # The last moment what the API shows of the case changed (see the module's docstring).
    changed_at = models.DateTimeField(default=timezone.now)
    # What its card shows (cases.cards); None until the hero image's renditions exist.
    card = models.JSONField(null=True)

    class Meta:
        verbose_name = "catalogusregel"
        indexes = [
            models.Index(fields=["locale", "-published_at", "-page"], name="catalogue_newest"),
            models.Index(fields=["locale", "title"], name="catalogue_title"),
        ]

    def __str__(self):
        return self.title


class CatalogueText(models.Model):
    """The search document of a catalogue row, in a table of its own: a document is about 1.5 KB, ten times the
    rest of the row, and every facet query scans the rows (measured at 10 000 cases: 15 MB with the document in
    the row, 40 ms per facet scan under load)."""

    entry = models.OneToOneField(CatalogueEntry, primary_key=True, on_delete=models.CASCADE, related_name="text")
    document = SearchDocumentField()

    class Meta:
        verbose_name = "catalogustekst"

    def __str__(self):
        return str(self.entry_id)


def catalogue(locale=None) -> models.QuerySet:
    """The catalogue rows a reader (of `locale`, if given) may see now (rows exist for live, public cases; expiry is
    checked here, at query time)."""
    rows = CatalogueEntry.objects.filter(Q(expire_at=None) | Q(expire_at__gt=timezone.now()))
    return rows if locale is None else rows.filter(locale_id=locale.pk)


# --- Keeping the catalogue up to date ------------------------------------------------------------

_deferred = threading.local()


@contextmanager
def catalogue_deferred():
    """Collect the cases saved inside the block and refresh their rows once, at the end (bulk imports)."""
    if getattr(_deferred, "ids", None) is not None:
        yield
        return
    _deferred.ids = set()
    try:
        yield
        ids = _deferred.ids
    finally:
        _deferred.ids = None
    refresh_catalogue(ids)


# Sent inside the transaction of every refresh with `page_ids` (the cases whose rows were refreshed; each now has a
# row or not, as readers may see it) and `deleted` (True when those cases are being deleted). Receivers read the rows.
catalogue_refreshed = Signal()


def refresh_catalogue(page_ids) -> None:
    """Make the rows of these cases match what readers may see of them now, in the caller's transaction."""
    page_ids = {int(pk) for pk in page_ids if pk is not None}
    if not page_ids:
        return
    pending = getattr(_deferred, "ids", None)
    if pending is not None:
        pending.update(page_ids)
        return
    now = timezone.now()
    with transaction.atomic():
        before = _listed(page_ids)
        CatalogueEntry.objects.filter(page_id__in=page_ids).delete()
        for chunk in _chunks(sorted(page_ids), 1000):
            _write(chunk, before, now)
        _settle(before, page_ids, now)


def _settle(before: dict[int, tuple], page_ids, now) -> None:
    """After rows were rewritten: date the changed ones, move the content version on if lists show something else,
    and tell the receivers of `catalogue_refreshed`."""
    after = _listed(page_ids)
    changed = [pk for pk, row in after.items() if pk in before and _row_changed(before[pk], row)]
    if changed:
        CatalogueEntry.objects.filter(page_id__in=changed).update(changed_at=now)
    if changed or before.keys() != after.keys():
        # What lists show changed (a municipality's figures, say, which no publish announces): every process's
        # catalogue index and every cached answer key on the content version.
        bump_content_version()
    catalogue_refreshed.send(sender=CatalogueEntry, page_ids=set(page_ids) | set(before), deleted=False)


def _listed(page_ids=None) -> dict[int, tuple]:
    """What lists show of these cases (every row when None): page id → (values..., changed_at, card)."""
    skipped = {"card", "changed_at"}
    fields = [field.attname for field in CatalogueEntry._meta.concrete_fields if field.name not in skipped]
    rows = CatalogueEntry.objects.all() if page_ids is None else CatalogueEntry.objects.filter(page_id__in=page_ids)
    values = rows.values_list(*fields, "changed_at", "card")
    return {row[0]: row for row in values}


def _row_changed(old: tuple, new: tuple) -> bool:
    """A card kept for the first time (its renditions are ready) changes nothing a reader sees: the same card was
    built from the page until then. Anything else does; `changed_at` (next to last) is the answer, not a fact."""
    return old[:-2] != new[:-2] or (old[-1] is not None and old[-1] != new[-1])


def refresh_catalogue_below(path: str) -> None:
    """Rows of every case at or below a tree path (a move, a view restriction)."""
    CasePage = apps.get_model("cases", "CasePage")
    refresh_catalogue(CasePage.objects.filter(path__startswith=path).values_list("pk", flat=True))


def refresh_stale_cards() -> int:
    """Refresh the rows whose card is missing or kept in another format (after a deploy that changed the facts, or
    for cases whose hero image had no renditions yet); returns how many."""
    from cases.cards import CARD_FORMAT

    stale = CatalogueEntry.objects.filter(Q(card__isnull=True) | ~Q(card__format=CARD_FORMAT))
    ids = list(stale.values_list("page_id", flat=True))
    refresh_catalogue(ids)
    _prepare_pending_heroes(ids)
    return len(ids)


def _prepare_pending_heroes(page_ids) -> None:
    """A card still missing after its row was refreshed waits for renditions of its hero (a new format of the facts
    that keeps one more, say): queue them, and the task's `renditions_prepared` refreshes the rows once they exist.
    Until then lists build those cards from their pages."""
    from home.blocks import HERO_RENDITIONS
    from home.renditions import prepare_renditions_task

    CasePage = apps.get_model("cases", "CasePage")
    pending = CatalogueEntry.objects.filter(page_id__in=page_ids, card__isnull=True).values("page_id")
    heroes = CasePage.objects.filter(pk__in=pending).exclude(hero_image=None).order_by()
    image_ids = sorted(set(heroes.values_list("hero_image_id", flat=True)))
    for chunk in _chunks(image_ids, 100):  # 400 files at most per task
        prepare_renditions_task.enqueue(chunk, list(HERO_RENDITIONS))


def rebuild_catalogue() -> int:
    """Rebuild the whole table; returns the number of rows. A row that lists the same as before keeps its
    `changed_at`; on the first fill (an empty table) each row is dated by its case's last publication."""
    CasePage = apps.get_model("cases", "CasePage")
    now = timezone.now()
    with transaction.atomic():
        before = _listed()
        CatalogueText.objects.all().delete()
        CatalogueEntry.objects.all().delete()
        ids = list(CasePage.objects.listable().order_by("pk").values_list("pk", flat=True))
        for chunk in _chunks(ids, 1000):
            _write(chunk, before, now if before else None)
        _settle(before, ids, now)
        bump_content_version()
    return len(ids)


def _write(page_ids: list[int], before: dict[int, tuple], new_at) -> None:
    """Insert the rows of these cases; a row kept from `before` keeps its `changed_at` (`_settle` dates the changed
    ones), a new one gets `new_at` (None: its case's last publication)."""
    rows = _rows(page_ids)
    for entry, _text in rows:
        if entry.page_id in before:
            entry.changed_at = before[entry.page_id][-2]
        elif new_at is not None:
            entry.changed_at = new_at
    CatalogueEntry.objects.bulk_create([entry for entry, _text in rows])
    CatalogueText.objects.bulk_create([text for _entry, text in rows])


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _rows(page_ids: list[int]) -> list[tuple[CatalogueEntry, "CatalogueText"]]:
    CasePage = apps.get_model("cases", "CasePage")
    CaseTheme = apps.get_model("cases", "CaseTheme")
    CaseAudience = apps.get_model("cases", "CaseAudience")
    pages = (
        CasePage.objects.listable()
        .filter(pk__in=page_ids)
        .select_related("locale", "municipality", "hero_image")
        .prefetch_related(
            # The editor's order; links made in code (imports, scripts) may share a sort_order: the older first.
            Prefetch(
                "case_themes",
                queryset=CaseTheme.objects.select_related("theme")
                .only("page_id", "theme__code", "sort_order")
                .order_by("sort_order", "pk"),
            ),
            Prefetch(
                "case_audiences",
                queryset=CaseAudience.objects.select_related("audience")
                .only("page_id", "audience__code", "sort_order")
                .order_by("sort_order", "pk"),
            ),
            Prefetch("hero_image__renditions", queryset=hero_renditions()),
        )
    )
    # Imported here: these modules need the app registry, which is not ready while models load.
    from cases.cards import card_facts
    from home.search_backend import text_search_config

    postgres = connection.vendor == "postgresql"
    entries = []
    for page in pages:
        texts = (page.title, f"{page.summary} {page.place}", " ".join(page.body_text()))
        if postgres:
            config = text_search_config(page.locale.language_code)
            weighted = [
                SearchVector(Value(text), config=config, weight=weight)
                for text, weight in zip(texts, "ABC", strict=True)
            ]
            document = weighted[0] + weighted[1] + weighted[2]
        else:
            document = " ".join(texts).lower()
        entry = CatalogueEntry(
            page_id=page.pk,
            locale_id=page.locale_id,
            title=page.title,
            themes=_unique(link.theme.code for link in page.case_themes.all() if link.theme_id),
            audiences=_unique(link.audience.code for link in page.case_audiences.all() if link.audience_id),
            # Derived here as CasePage.save derives it: a municipality's new figures change it without a save.
            size_class=SizeClass.for_population(page.resolved_population) or "",
            country=str(page.country or ""),
            province=page.province or "",
            status=page.status,
            year_started=page.year_started,
            population=page.resolved_population,
            published_at=page.first_published_at,
            expire_at=page.expire_at,
            last_published_at=page.last_published_at,
            url_path=page.url_path,
            changed_at=page.last_published_at or page.first_published_at or timezone.now(),
            card=card_facts(page, make_renditions=False),
        )
        entries.append((entry, CatalogueText(entry=entry, document=document)))
    return entries


def hero_renditions():
    """The renditions a hero image has (home.blocks.HERO_RENDITIONS), for prefetching: what a card keeps."""
    from wagtail.images import get_image_model

    from home.blocks import HERO_RENDITIONS

    return get_image_model().get_rendition_model().objects.filter(filter_spec__in=HERO_RENDITIONS)


def _unique(codes) -> list[str]:
    return list(dict.fromkeys(code for code in codes if code))
