"""Reading a preview back: the page a valid token names, as the editor's form showed it."""

from preview.models import PreviewSnapshot
from preview.tokens import preview_token_read


def preview_page_get(*, token: str):
    """The previewed page (not saved; `.specific`), or None when the page or its preview no longer exists.

    Raises preview.tokens.PreviewTokenExpired / PreviewTokenInvalid for a token that cannot be used.
    """
    page_id, snapshot_id = preview_token_read(token)
    snapshot = PreviewSnapshot.objects.select_related("page").filter(pk=snapshot_id, page_id=page_id).first()
    return None if snapshot is None else snapshot.as_page()
