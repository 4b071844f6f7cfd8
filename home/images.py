"""Every image that enters the site goes through here: checked in full, stored once, without metadata.

The upload form (home/forms.py) and the importer call `image_check`, which also proves the metadata can be cut
out; a pre_save signal on the image model (home/signals.py) cuts it out of every new or replaced file, whichever
way it came in. `images_get_or_create` inserts many images without saving each one, so it cuts the metadata out
itself.
"""

import hashlib
import io
import itertools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile

from wagtail.images import get_image_model

from PIL import Image as PILImage

from home.image_metadata import strip_metadata

# Formats Pillow may use to read an upload: those of WAGTAILIMAGES_EXTENSIONS, nothing it merely recognises.
PILLOW_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# Decoding many tiny frames is slow even when their pixels add up to little.
MAX_FRAMES = 1000
UNREADABLE = (
    "Geen geldige afbeelding: we kunnen dit bestand niet volledig lezen. Het is beschadigd of het is geen echte "
    "JPEG, PNG, WebP of GIF. Sla het opnieuw op in een fotoprogramma en probeer het nog eens."
)


class ImageRejected(ValueError):
    """An image file we do not store; `message` is written for the editor."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def too_many_pixels(limit: int) -> str:
    return (
        f"Deze afbeelding telt te veel pixels: breedte × hoogte × aantal beelden mag samen hoogstens "
        f"{limit:,} zijn. Verklein de afbeelding of gebruik minder beelden.".replace(",", ".")
    )


def image_check(content: bytes) -> bytes:
    """The file as it will be stored (without metadata), or ImageRejected unless Pillow decodes every frame and
    the pixels of all frames together stay within WAGTAILIMAGES_MAX_IMAGE_PIXELS. Wagtail's own check reads the
    header only and, through Pillow, always counts one frame: a GIF of a thousand frames, or one that breaks
    after its header, got past it."""
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    try:
        _decode_every_frame(content, limit)
        return strip_metadata(content)
    except ImageRejected:
        raise
    except PILImage.DecompressionBombError as error:
        raise ImageRejected(too_many_pixels(limit or PILImage.MAX_IMAGE_PIXELS)) from error
    except Exception as error:  # Pillow raises many kinds of errors for broken files
        raise ImageRejected(UNREADABLE) from error


def _decode_every_frame(content: bytes, limit: int | None) -> None:
    with PILImage.open(io.BytesIO(content), formats=PILLOW_FORMATS) as picture:
        width, height = picture.size
        for frames in itertools.count(1):
            if frames > MAX_FRAMES:
                raise ImageRejected(f"Deze animatie telt meer dan {MAX_FRAMES} beelden. Maak ze korter.")
            if limit and width * height * frames > limit:  # checked before the frame is decoded
                raise ImageRejected(too_many_pixels(limit))
            picture.load()
            try:
                picture.seek(frames)
            except EOFError:
                return


def image_get_or_create(*, content: bytes, name: str, title: str):
    """Return `(image, created)` for these bytes. The lookup hashes the file as it will be stored (without
    metadata), which is the SHA-1 Wagtail keeps: an uploaded photo is found again when it is imported."""
    content = strip_metadata(content)
    image_model = get_image_model()
    sha1 = hashlib.sha1(content).hexdigest()  # noqa: S324 - content hash, not security
    image = image_model.objects.filter(file_hash=sha1).first()
    if image is not None:
        return image, False
    image = image_model(title=title[:255], description=title[:255], file=ContentFile(content, name=name))
    image.save()
    return image, True


@dataclass(frozen=True)
class NewImage:
    content: bytes
    name: str
    title: str
    sha1: str  # the caller's key for this file


def images_get_or_create(files: list[NewImage], *, stored: list[str]) -> dict[str, tuple[object, bool]]:
    """`image_get_or_create` for many files at once (an import): one lookup for all, the new files written to
    storage one by one (each name is added to `stored` as soon as it is written, so the caller can remove them
    if its transaction fails), then one insert. Returns `{file.sha1: (image, created)}`.

    The rows are inserted without saving each image, so the pre_save signal that strips metadata
    (home/signals.py) does not run: the content is stripped here instead, and its hash, size and dimensions
    are set as that signal and Django's ImageField would set them."""
    image_model = get_image_model()
    cleaned = {}
    for file in files:
        content = strip_metadata(file.content)
        cleaned[file.sha1] = (file, content, hashlib.sha1(content).hexdigest())  # noqa: S324 - content hash
    existing = {}
    for image in image_model.objects.filter(file_hash__in={sha1 for _f, _c, sha1 in cleaned.values()}).order_by("pk"):
        existing.setdefault(image.file_hash, image)
    result: dict[str, tuple[object, bool]] = {}
    new_images = []
    by_hash: dict[str, object] = {}
    file_field = image_model._meta.get_field("file")
    namer = image_model()  # get_upload_to does not depend on the image
    for key, (file, content, sha1) in cleaned.items():
        if sha1 in existing:
            result[key] = (existing[sha1], False)
            continue
        if sha1 in by_hash:  # two names for the same bytes
            result[key] = (by_hash[sha1], False)
            continue
        with PILImage.open(io.BytesIO(content)) as picture:
            width, height = picture.size
        name = file_field.generate_filename(namer, file.name)
        name = file_field.storage.save(name, ContentFile(content), max_length=file_field.max_length)
        stored.append(name)
        # Width and height given: the ImageField need not open the stored file again to measure it.
        image = image_model(
            title=file.title[:255],
            description=file.title[:255],
            file=name,
            width=width,
            height=height,
            file_size=len(content),
            file_hash=sha1,
        )
        new_images.append(image)
        by_hash[sha1] = image
        result[key] = (image, True)
    image_model.objects.bulk_create(new_images, batch_size=500)
    return result


def image_from_file(path: Path, *, title: str):
    image, _created = image_get_or_create(content=Path(path).read_bytes(), name=Path(path).name, title=title)
    return image
