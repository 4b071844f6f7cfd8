"""Store image files once: an image with the same bytes is reused, never uploaded twice."""

import hashlib
from pathlib import Path

from django.core.files.base import ContentFile

from wagtail.images import get_image_model


def image_get_or_create(*, content: bytes, name: str, title: str):
    """Return `(image, created)` for these bytes; `file_hash` is the SHA-1 Wagtail itself stores."""
    image_model = get_image_model()
    sha1 = hashlib.sha1(content).hexdigest()  # noqa: S324 - content hash, not security
    image = image_model.objects.filter(file_hash=sha1).first()
    if image is not None:
        return image, False
    image = image_model(title=title[:255], description=title[:255], file=ContentFile(content, name=name))
    image.save()
    return image, True


def image_from_file(path: Path, *, title: str):
    image, _created = image_get_or_create(content=Path(path).read_bytes(), name=Path(path).name, title=title)
    return image
