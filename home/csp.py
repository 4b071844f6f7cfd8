"""Content-Security-Policy by path: strict for readers, looser where vendored tools need it.

The reader site runs only our own files (plus the request's nonce), so settings.CONTENT_SECURITY_POLICY
is the strict policy. Wagtail's admin and Swagger UI (/api/v1/docs/) ship inline styles and scripts
we do not control; they get their policy from CSP_PATH_POLICIES instead of weakening everyone's.
"""

from urllib.parse import urlsplit

from django.conf import settings

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config


def policy_for_path(path: str) -> dict | None:
    """The directives of the first CSP_PATH_POLICIES prefix that `path` starts with, or None."""
    for prefix, directives in settings.CSP_PATH_POLICIES.items():
        if path.startswith(prefix):
            return directives
    return None


def tile_origin() -> str:
    """The map's tile server, read at request time: test and demo settings point MAP_TILE_URL elsewhere."""
    parts = urlsplit(settings.MAP_TILE_URL)
    host = parts.netloc.replace("{s}", "*")  # Leaflet's subdomain placeholder, a CSP wildcard
    return f"{parts.scheme}://{host}" if parts.scheme and host else ""


class PathPolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy chosen by path for the header that is switched on
    (Content-Security-Policy, or -Report-Only with CSP_REPORT_ONLY=1)."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        active = settings.CONTENT_SECURITY_POLICY_REPORT_ONLY if report_only else settings.CONTENT_SECURITY_POLICY
        if not active:
            return parts
        directives = policy_for_path(request.path_info)
        if parts.config is None and directives is not None:
            parts.config = default_config(directives)
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview as a request to the page's public URL, which gets the readers' policy; the
            # admin's preview panel frames it, so it may be framed by this site (not by others).
            parts.replace = {"frame-ancestors": [SELF], **(parts.replace or {})}
        origin = tile_origin()
        if origin:
            update = dict(parts.update or {})
            update["img-src"] = [*update.get("img-src", []), origin]
            parts.update = update
        return parts
