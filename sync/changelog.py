"""Writes the change log (sync.models) in the transaction of every catalogue refresh.

cases sends `catalogue_refreshed` whenever the rows of some cases were refreshed (publish, unpublish, a save, a move,
a view restriction, a theme's, audience's or municipality's change, a rebuild) or deleted with their cases. Here the
rows are compared with what the feed announced before: a new visible row is `published`, a row whose `changed_at`
moved is `updated`, an announced case without a visible row is `removed` (with its reason).

Expiry sends nothing: the catalogue checks `expire_at` when it is read. So before anything else, every writer (and
every read of the feed, sync.selectors) records the expiries that have passed, each at its own `expire_at`.

Order: entries are written while holding the content version's row (home.caching), the lock every change of what
readers see takes anyway. So entries get their ids in the order their transactions commit, and a reader that has
seen id N will never later find a new entry below N.
"""

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

from cases.models.catalogue import catalogue, catalogue_refreshed
from home.caching import ROW_ID
from sync.models import AnnouncedCase, Change, ChangeKind, RemovalReason


def connect() -> None:
    catalogue_refreshed.connect(record_refresh, dispatch_uid="sync_record_refresh")


def record_refresh(sender, page_ids, deleted: bool = False, **kwargs) -> None:
    """Record what readers may now see of these cases, in the refreshing transaction. A refresh that changes
    nothing announced (a card's renditions, a draft) writes nothing and takes no lock."""
    page_ids = set(page_ids)
    if not _plan(page_ids, deleted=deleted, now=timezone.now()) and not _expiries_due(timezone.now()):
        return
    with transaction.atomic():
        _lock()
        now = timezone.now()
        _record_expiries(now)
        _apply(_plan(page_ids, deleted=deleted, now=now), now)


def record_due_expiries() -> None:
    """Record the expiries that have passed (a read of the feed calls this first; one query when there are none)."""
    if _expiries_due(timezone.now()):
        with transaction.atomic():
            _lock()
            _record_expiries(timezone.now())


def _lock() -> None:
    """Hold the content version's row until the commit (see the module's docstring)."""
    ContentVersion = apps.get_model("home", "ContentVersion")
    list(ContentVersion.objects.select_for_update().filter(pk=ROW_ID).values_list("pk", flat=True))


def _expiries_due(now) -> bool:
    return AnnouncedCase.objects.filter(expire_at__lte=now).exists()


def _record_expiries(now) -> None:
    due = list(AnnouncedCase.objects.filter(expire_at__lte=now).order_by("expire_at", "page_id"))
    if not due:
        return
    Change.objects.bulk_create(
        [_entry(case, ChangeKind.REMOVED, case.expire_at, reason=RemovalReason.EXPIRED) for case in due]
    )
    AnnouncedCase.objects.filter(pk__in=[case.pk for case in due]).delete()


def _plan(page_ids: set[int], *, deleted: bool, now) -> list[tuple[str, AnnouncedCase, str]]:
    """(kind, the case as it is to be announced, removal reason) for each of these cases whose announcement is due,
    in id order."""
    if not page_ids:
        return []
    announced = {case.page_id: case for case in AnnouncedCase.objects.filter(page_id__in=page_ids)}
    visible = {}
    if not deleted:
        rows = (
            catalogue()
            .filter(page_id__in=page_ids)
            .exclude(expire_at__lte=now)
            .values_list("page_id", "locale__language_code", "page__slug", "changed_at", "expire_at")
        )
        visible = {
            pk: AnnouncedCase(page_id=pk, locale=language, slug=slug, changed_at=changed_at, expire_at=expire_at)
            for pk, language, slug, changed_at, expire_at in rows
        }
    gone = sorted(announced.keys() - visible.keys())
    reasons = _removal_reasons(gone, deleted=deleted, now=now)
    plan = []
    for pk in sorted(page_ids):
        new, old = visible.get(pk), announced.get(pk)
        if new is not None and old is None:
            plan.append((ChangeKind.PUBLISHED, new, ""))
        elif new is not None and (new.changed_at != old.changed_at or new.slug != old.slug):
            plan.append((ChangeKind.UPDATED, new, ""))
        elif new is None and old is not None:
            plan.append((ChangeKind.REMOVED, old, reasons[pk]))
    return plan


def _removal_reasons(page_ids: list[int], *, deleted: bool, now) -> dict[int, str]:
    """Why each of these announced cases has no visible row: the catalogue keeps one for every live, public case."""
    if deleted:
        return dict.fromkeys(page_ids, RemovalReason.DELETED)
    pages = {
        pk: (live, expire_at)
        for pk, live, expire_at in Page.objects.filter(pk__in=page_ids).values_list("pk", "live", "expire_at")
    }
    reasons = {}
    for pk in page_ids:
        live, expire_at = pages.get(pk, (False, None))
        if pk not in pages:
            reasons[pk] = RemovalReason.DELETED
        elif not live:
            reasons[pk] = RemovalReason.UNPUBLISHED
        elif expire_at is not None and expire_at <= now:
            reasons[pk] = RemovalReason.EXPIRED
        else:
            reasons[pk] = RemovalReason.PRIVATE
    return reasons


def _apply(plan, now) -> None:
    if not plan:
        return
    Change.objects.bulk_create([_entry(case, kind, now, reason=reason) for kind, case, reason in plan])
    removed = [case.page_id for kind, case, _reason in plan if kind == ChangeKind.REMOVED]
    AnnouncedCase.objects.filter(page_id__in=removed).delete()
    kept = [case for kind, case, _reason in plan if kind != ChangeKind.REMOVED]
    fields = ["locale", "slug", "changed_at", "expire_at"]
    AnnouncedCase.objects.bulk_create(kept, update_conflicts=True, unique_fields=["page_id"], update_fields=fields)


def _entry(case: AnnouncedCase, kind: str, at, *, reason: str = "") -> Change:
    return Change(page_id=case.page_id, locale=case.locale, slug=case.slug, kind=kind, reason=reason, at=at)
