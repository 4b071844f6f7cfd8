"""Signed, expiring tokens that let the VLAIO site fetch one preview from the API.

A token is django.core.signing's TimestampSigner over `{"page": id, "snapshot": id}` with a salt of its own, so
it is signed with SECRET_KEY, cannot be altered or made up, and says when it was made: the API refuses it
HEADLESS_PREVIEW_MAX_AGE seconds later. It names the stored preview (preview.models), not a revision, because the
preview shows the edit form's unsaved state.
"""

from django.conf import settings
from django.core import signing

SALT = "vitrine.preview.headless"


class PreviewTokenError(Exception):
    """The token cannot be used: altered, not ours, or expired."""


class PreviewTokenExpired(PreviewTokenError):
    pass


class PreviewTokenInvalid(PreviewTokenError):
    pass


def preview_token_make(*, page_id: int, snapshot_id: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"page": page_id, "snapshot": snapshot_id})


def preview_token_read(token: str) -> tuple[int, int]:
    """(page id, snapshot id) of a valid token; PreviewTokenExpired or PreviewTokenInvalid otherwise."""
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=settings.HEADLESS_PREVIEW_MAX_AGE)
    except signing.SignatureExpired as error:
        raise PreviewTokenExpired from error
    except (signing.BadSignature, ValueError) as error:
        raise PreviewTokenInvalid from error
    if not isinstance(payload, dict) or not all(isinstance(payload.get(key), int) for key in ("page", "snapshot")):
        raise PreviewTokenInvalid
    return payload["page"], payload["snapshot"]
