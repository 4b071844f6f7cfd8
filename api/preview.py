"""The headless preview: a draft case in the detail's shape, for the VLAIO site's preview page.

An editor picks "Voorbeeld op vlaio.be" in the admin's preview panel (preview/pages.py); the VLAIO site's page
receives a signed token and asks `GET /api/v1/preview/?token=…` for the case as the editor's form shows it. The
answer is personal and short-lived: `Cache-Control: no-store`, no ETag, never in the server cache.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from api.params import StrictParams
from api.serializers import CaseDetailSerializer, ErrorSerializer
from api.views import ERRORS, ApiView, CaseDetailMixin
from cases.models import CasePage
from cases.selectors import case_preview_detail
from preview.selectors import preview_page_get
from preview.tokens import PreviewTokenExpired, PreviewTokenInvalid

NO_STORE = "no-store"


class PreviewParams(StrictParams):
    token = serializers.CharField(
        max_length=2000,
        help_text="The signed token the admin put in the preview URL of the VLAIO site (HEADLESS_PREVIEW_URL).",
    )


class PreviewTokenRefused(exceptions.PermissionDenied):
    def __init__(self, error_code: str, message: str):
        self.error_code = error_code
        super().__init__(message)


REFUSED = {
    PreviewTokenExpired: (
        "token_expired",
        "This preview token has expired. Ask the editor to open the preview in the admin again.",
    ),
    PreviewTokenInvalid: ("invalid_token", "This preview token is not valid: it was altered or not made by this site."),
}


class CasePreviewApi(CaseDetailMixin, ApiView):
    server_cache = False

    @extend_schema(
        operation_id="preview_retrieve",
        parameters=[
            PreviewParams,
            OpenApiParameter(
                "Cache-Control",
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                response=True,
                description="Always `no-store`: a preview is a draft and is never cached, by anyone.",
            ),
        ],
        responses={
            200: CaseDetailSerializer,
            403: OpenApiResponse(
                ErrorSerializer,
                description=(
                    "The token cannot be used: `error` is `token_expired` (older than HEADLESS_PREVIEW_MAX_AGE, one "
                    "hour by default) or `invalid_token` (altered, truncated or not made by this site)."
                ),
            ),
            404: OpenApiResponse(ErrorSerializer, description="The previewed page was deleted, or is not a case."),
            **ERRORS,
        },
    )
    def get(self, request):
        """A draft case, as the editor's preview shows it, in the shape of `cases/{id}/`; for a valid token only.

        The token comes from the admin ("Voorbeeld op vlaio.be" in the preview panel) in the URL of the VLAIO site's
        preview page. It is valid for one hour and shows the editor's latest preview of that case, saved or not.
        Drafts, unpublished and private cases appear here, and nowhere else.
        """
        token = PreviewParams(data=request.query_params).validated()["token"]
        try:
            page = preview_page_get(token=token)
        except (PreviewTokenExpired, PreviewTokenInvalid) as error:
            raise PreviewTokenRefused(*REFUSED[type(error)]) from error
        found = case_preview_detail(case=page) if isinstance(page, CasePage) else None
        return Response(self.detail(request, found))

    def finalize_response(self, request, response, *args, **kwargs):
        """Errors included: a refusal must not be cached either (the next token may be good)."""
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = NO_STORE
        return response
