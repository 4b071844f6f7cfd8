"""What an editor's preview panel showed when they asked for the preview on the VLAIO site.

The preview panel shows the edit form as it is, saved or not, so the headless preview stores that state
(the page's serialisable data, as a revision holds it) instead of naming a revision: the editor sees on vlaio.be
exactly what the panel shows, without saving. One row per page and editor, overwritten by each refresh of the
panel; rows older than a token's lifetime are removed when the next one is written.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class PreviewSnapshot(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("pagina"),
        on_delete=models.CASCADE,  # a deleted page's preview is gone: its token answers 404
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("redacteur"),
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # As Wagtail's revisions store it: the data holds dates (publication, expiry, a block's date).
    content = models.JSONField(
        _("inhoud"), encoder=DjangoJSONEncoder, help_text=_("De pagina zoals het bewerkingsformulier ze toonde.")
    )
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("voorbeeld op vlaio.be")
        verbose_name_plural = _("voorbeelden op vlaio.be")
        constraints = [models.UniqueConstraint(fields=["page", "user"], name="preview_snapshot_one_per_page_and_user")]

    def __str__(self):
        return f"{self.page_id} ({self.updated_at:%Y-%m-%d %H:%M})"

    def as_page(self):
        """The page as the form showed it, on the page's current place in the tree (a revision's way)."""
        page = self.page.specific
        preview = page.with_content_json(self.content)
        # Publication times are the page's, not the form's (which a JSON round trip cuts to milliseconds).
        preview.first_published_at, preview.last_published_at = page.first_published_at, page.last_published_at
        return preview
