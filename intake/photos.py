"""The checks a proposed photo passes before it is kept: the admin's upload checks, with the public form's
stricter limits (JPEG, PNG or WebP only; INTAKE_MAX_PHOTO_BYTES and INTAKE_MAX_PHOTO_PIXELS)."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from PIL import Image as PILImage

from home.images import ImageRejected, image_check

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def checked_photo(upload) -> tuple[bytes, str]:
    """(the file without metadata, its extension), or a ValidationError written for the submitter."""
    if upload.size > settings.INTAKE_MAX_PHOTO_BYTES:
        raise ValidationError(
            _("Deze foto is %(size)s groot; een foto mag hoogstens %(limit)s zijn. Verklein ze en kies ze opnieuw.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.INTAKE_MAX_PHOTO_BYTES)},
            code="too_large",
        )
    content = upload.read()
    try:
        with PILImage.open(io.BytesIO(content), formats=tuple(EXTENSIONS)) as picture:
            kind, (width, height) = picture.format, picture.size
    except Exception as error:  # Pillow raises many kinds of errors for what is not an image
        raise ValidationError(_("Kies een foto in JPEG, PNG of WebP."), code="format") from error
    limit = settings.INTAKE_MAX_PHOTO_PIXELS
    if width * height > limit:
        raise ValidationError(
            _("Deze foto telt %(pixels)s miljoen pixels; hoogstens %(limit)s miljoen. Verklein ze en kies ze opnieuw.")
            % {"pixels": round(width * height / 1_000_000, 1), "limit": round(limit / 1_000_000, 1)},
            code="too_many_pixels",
        )
    try:
        return image_check(content), EXTENSIONS[kind]
    except ImageRejected as error:
        raise ValidationError(
            _("Deze foto kunnen we niet volledig lezen. Sla ze opnieuw op in een fotoprogramma en kies ze opnieuw."),
            code="unreadable",
        ) from error
