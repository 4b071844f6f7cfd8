"""Photos of a proposal that failed validation, kept until the corrected form comes back.

A photo that passed every check is stored (already without metadata) under a random name in UPLOAD_DIR, and the
form carries a signed list of those names in a hidden field. The signature means a post can only name files this
site stored for a form; the files are removed when the proposal is accepted, and left-overs after
INTAKE_UPLOAD_HOURS by `discard_stale_uploads` (run with every accepted proposal).
"""

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

logger = logging.getLogger(__name__)

UPLOAD_DIR = "intake-uploads"
SALT = "intake.uploads"


@dataclass(frozen=True)
class KeptPhoto:
    """A checked photo waiting in temporary storage: `path` in default_storage, `name` as the submitter chose it."""

    path: str
    name: str

    def read(self) -> bytes | None:
        try:
            with default_storage.open(self.path, "rb") as file:
                return file.read()
        except (FileNotFoundError, OSError):
            return None


def keep(content: bytes, *, name: str, extension: str) -> KeptPhoto:
    path = default_storage.save(f"{UPLOAD_DIR}/{secrets.token_hex(16)}.{extension}", ContentFile(content))
    return KeptPhoto(path=path, name=name[:100])


def token_for(kept: dict[int, KeptPhoto]) -> str:
    return signing.dumps({str(slot): [photo.path, photo.name] for slot, photo in kept.items()}, salt=SALT)


def from_token(token: str) -> dict[int, KeptPhoto]:
    """The photos a signed token names; nothing for an empty, forged or expired token."""
    if not token:
        return {}
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(hours=settings.INTAKE_UPLOAD_HOURS))
    except signing.BadSignature:
        return {}
    kept = {}
    for slot, (path, name) in data.items():
        if slot.isdigit() and path.startswith(f"{UPLOAD_DIR}/"):
            kept[int(slot)] = KeptPhoto(path=path, name=name)
    return kept


def discard(photos) -> None:
    for photo in photos:
        default_storage.delete(photo.path)


def discard_stale_uploads() -> int:
    """Remove kept photos older than INTAKE_UPLOAD_HOURS (their forms were abandoned); returns how many."""
    limit = timezone.now() - timedelta(hours=settings.INTAKE_UPLOAD_HOURS)
    try:
        _folders, files = default_storage.listdir(UPLOAD_DIR)
    except (FileNotFoundError, OSError):
        return 0
    removed = 0
    for name in files:
        path = f"{UPLOAD_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
                removed += 1
        except (FileNotFoundError, OSError):
            continue
    if removed:
        logger.info("Removed %s abandoned proposal photos", removed)
    return removed
