"""Writing a preview: store what the editor's form shows, and hand out a token for it."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from preview.models import PreviewSnapshot
from preview.tokens import preview_token_make

TOKEN_PLACEHOLDER = "{token}"  # noqa: S105 - the placeholder in HEADLESS_PREVIEW_URL, no secret


@dataclass(frozen=True)
class HeadlessPreview:
    token: str
    client_url: str  # HEADLESS_PREVIEW_URL with the token in it
    expires_at: datetime


def preview_snapshot_save(*, page, user) -> HeadlessPreview:
    """Store `page` (the edit form's unsaved object) for `user` and return a token for it and the client's URL.

    One row per page and editor, overwritten by each refresh of the preview panel; rows older than a token's
    lifetime are removed here, so the table stays small without a scheduled job.
    """
    now = timezone.now()
    max_age = timedelta(seconds=settings.HEADLESS_PREVIEW_MAX_AGE)
    with transaction.atomic():
        PreviewSnapshot.objects.filter(updated_at__lt=now - max_age).delete()
        snapshot, _created = PreviewSnapshot.objects.update_or_create(
            page_id=page.pk,
            user=user if user is not None and user.is_authenticated else None,
            defaults={"content": page.serializable_data()},
        )
    token = preview_token_make(page_id=page.pk, snapshot_id=snapshot.pk)
    return HeadlessPreview(token=token, client_url=client_url(token), expires_at=now + max_age)


def client_url(token: str) -> str:
    """HEADLESS_PREVIEW_URL with `{token}` replaced, or `token=` added to its query when it has no placeholder."""
    url = settings.HEADLESS_PREVIEW_URL
    quoted = quote(token, safe="")
    if TOKEN_PLACEHOLDER in url:
        return url.replace(TOKEN_PLACEHOLDER, quoted)
    return f"{url}{'&' if '?' in url else '?'}token={quoted}"
