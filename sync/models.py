"""The change log behind `GET /api/v1/changes/`: what a client must do to keep a copy of the catalogue exact.

`Change` is one entry of the feed: a case became visible, changed, or stopped being visible. `AnnouncedCase` is what
the feed has announced as visible so far (and not yet withdrawn): comparing it with the catalogue tells a removal
from an update, dates an expiry at its own moment, and keeps the slug of a case that is gone.
Page ids are plain numbers, not foreign keys: the log outlives the deleted pages it reports.
"""

from django.db import models


class ChangeKind(models.TextChoices):
    PUBLISHED = "published", "published"  # became visible: fetch it and add it
    UPDATED = "updated", "updated"  # still visible, something the API shows changed: fetch it again
    REMOVED = "removed", "removed"  # no longer visible: drop it


class RemovalReason(models.TextChoices):
    UNPUBLISHED = "unpublished", "unpublished"
    EXPIRED = "expired", "expired"  # its expiry date passed
    DELETED = "deleted", "deleted"
    PRIVATE = "private", "private"  # a view restriction on it or a section above it (also a move under one)


class Change(models.Model):
    """One entry of the feed. The id orders the feed: entries are written under one lock (sync.changelog), so ids
    follow the order of the commits and a cursor on the id never skips an entry committed later."""

    id = models.BigAutoField(primary_key=True)
    page_id = models.PositiveIntegerField()
    locale = models.CharField(max_length=8)
    slug = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    reason = models.CharField(max_length=12, choices=RemovalReason.choices, blank=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = "wijziging"
        verbose_name_plural = "wijzigingen"
        indexes = [
            models.Index(fields=["at"], name="sync_change_at"),
            models.Index(fields=["locale", "id"], name="sync_change_locale"),
        ]

    def __str__(self):
        return f"{self.kind} {self.locale}/{self.slug}"


class AnnouncedCase(models.Model):
    """A case the feed has announced as visible, as it announced it."""

    page_id = models.PositiveIntegerField(primary_key=True)
    locale = models.CharField(max_length=8)
    slug = models.CharField(max_length=255)
    changed_at = models.DateTimeField()  # the catalogue row's changed_at when last announced
    expire_at = models.DateTimeField(null=True, db_index=True)

    class Meta:
        verbose_name = "aangekondigd voorbeeld"
        verbose_name_plural = "aangekondigde voorbeelden"

    def __str__(self):
        return f"{self.locale}/{self.slug}"
