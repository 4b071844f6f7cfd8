"""Reading the change log: a page of entries after a cursor, or from a moment on."""

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from sync.changelog import record_due_expiries
from sync.models import Change

CURSOR_PREFIX = "c1:"


def cursor_encode(change_id: int) -> str:
    """Opaque to clients: the last entry's id, so the next page starts right after it."""
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{change_id}".encode()).decode().rstrip("=")


def cursor_decode(cursor: str) -> int | None:
    """The entry id in a cursor, or None if it is not one of ours."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    number = text.removeprefix(CURSOR_PREFIX)
    if not text.startswith(CURSOR_PREFIX) or not (number.isascii() and number.isdigit()) or len(number) > 18:
        return None
    return int(number)


@dataclass
class ChangePage:
    changes: list[Change]
    last_id: int  # the cursor of the next page: after this id
    has_more: bool


def change_page(*, after_id: int | None = None, since: datetime | None = None, language: str = "", limit: int):
    """Up to `limit` entries in feed order: after the entry `after_id`, or from the first entry at or after `since`.
    Expiries that have passed are recorded first, so they are in the answer. Two queries when nothing is due (and a
    third when the page is empty: where the next one starts)."""
    record_due_expiries()
    entries = _entries(language)
    entries = entries.filter(id__gt=after_id) if after_id is not None else entries.filter(at__gte=since)
    changes = list(entries.order_by("id")[: limit + 1])
    has_more = len(changes) > limit
    changes = changes[:limit]
    if changes:
        last_id = changes[-1].id
    elif after_id is not None:
        last_id = after_id
    else:
        # Nothing from `since` on yet: the next page starts after every entry committed so far (later commits get
        # higher ids, sync.changelog).
        last_id = Change.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return ChangePage(changes=changes, last_id=last_id, has_more=has_more)


def _entries(language: str) -> QuerySet[Change]:
    entries = Change.objects.all()
    return entries.filter(locale=language) if language else entries
