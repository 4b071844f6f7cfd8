"""The preview mode "Voorbeeld op vlaio.be" for page types the VLAIO site shows.

Wagtail lists a page's `preview_modes` in the preview panel; choosing this one stores the form's state
(preview.services) and shows the VLAIO site's preview page (HEADLESS_PREVIEW_URL) with a signed token, framed in
the panel. The VLAIO site reads the draft from `GET /api/v1/preview/?token=…`. Without HEADLESS_PREVIEW_URL the
mode is not offered.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from csp.constants import NONE

from preview.services import preview_snapshot_save

HEADLESS_MODE = "vlaio"
HEADLESS_LABEL = _("Voorbeeld op vlaio.be")


class HeadlessPreviewMixin:
    @property
    def preview_modes(self):
        modes = super().preview_modes
        if settings.HEADLESS_PREVIEW_URL:
            return [*modes, (HEADLESS_MODE, HEADLESS_LABEL)]
        return modes

    def serve_preview(self, request, mode_name):
        if mode_name != HEADLESS_MODE or not settings.HEADLESS_PREVIEW_URL:
            return super().serve_preview(request, mode_name)
        return headless_preview_response(self, request)


def headless_preview_response(page, request) -> TemplateResponse:
    """A page for the preview panel that frames the VLAIO site's preview of `page`.

    A page still being created has no id to preview yet: the editor is asked to save a draft first.
    """
    preview = None if page.pk is None else preview_snapshot_save(page=page, user=getattr(request, "user", None))
    response = TemplateResponse(request, "preview/headless_preview.html", {"preview": preview, "label": HEADLESS_LABEL})
    # Wagtail renders previews as a request to the page's public URL, which gets the readers' policy (frames only of
    # the video players; home/csp.py lets the admin frame any preview). This page frames the client, nothing else.
    replace = {"frame-src": [client_origin()] if preview is not None else [NONE]}
    response._csp_replace = replace
    response._csp_replace_ro = replace
    return response


def client_origin() -> str:
    parts = urlsplit(settings.HEADLESS_PREVIEW_URL)
    return f"{parts.scheme}://{parts.netloc}"
