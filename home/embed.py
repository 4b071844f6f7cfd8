"""Embeds: what lets other sites show our pages in an <iframe>, shared by the reader's widget and the API's oEmbed.

Every page answers `X-Frame-Options: DENY` and `frame-ancestors 'none'` (clickjacking). The embed pages alone may
be framed, by our own pages and by the origins in EMBED_ORIGINS; the browser enforces the list (CSP
`frame-ancestors`; X-Frame-Options cannot name other sites, so it is left off those responses).
"""

from functools import wraps

from django.conf import settings
from django.utils.html import format_html
from django.views.decorators.clickjacking import xframe_options_exempt

from csp.constants import SELF
from csp.decorators import csp_replace

HEIGHT_MESSAGE = "vitrine:embed-height"  # `type` of the postMessage a widget sends its parent (static/js/embed.js)


def frame_ancestors() -> list[str]:
    """Read per request: tests and settings overrides change EMBED_ORIGINS after import."""
    return [SELF, *settings.EMBED_ORIGINS]


def embeddable(view):
    """The view's responses may be framed by EMBED_ORIGINS: no X-Frame-Options, and frame-ancestors replaced in
    the policy that is switched on (enforced, or report-only with CSP_REPORT_ONLY)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        directives = {"frame-ancestors": frame_ancestors()}
        framed = csp_replace(directives)(csp_replace(directives, REPORT_ONLY=True)(view))
        return framed(request, *args, **kwargs)

    return xframe_options_exempt(wrapped)


def iframe_html(*, src: str, title: str, width: int | str, height: int) -> str:
    """The <iframe> an embedding site pastes (oEmbed `html`, the listing's "Insluiten" snippet)."""
    return format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy" style="border:0;max-width:100%" '
        "data-vitrine-embed></iframe>",
        src,
        title,
        width,
        height,
    )


def height_listener_script(origin: str) -> str:
    """Optional script for the embedding page: fits each of our iframes to the height its widget reports.

    It checks the sender's origin and frame, so no other frame can resize ours."""
    return (
        "<script>\n"
        'window.addEventListener("message", function (event) {\n'
        f'  if (event.origin !== "{origin}" || !event.data || event.data.type !== "{HEIGHT_MESSAGE}") return;\n'
        '  document.querySelectorAll("iframe[data-vitrine-embed]").forEach(function (frame) {\n'
        "    if (frame.contentWindow === event.source) frame.height = String(event.data.height);\n"
        "  });\n"
        "});\n"
        "</script>"
    )
