"""Renditions that never break a page: the one way the site and the API ask Wagtail for image renditions.

An original that is gone from storage (deleted by hand, lost in a restore) or that Pillow cannot decode makes
Wagtail raise while it builds a rendition. One such image used to take down its case page, every list and theme
page that showed its card, and the API. Now the image is left out (the card shows no picture, the API gives
`null`) and the problem is logged once per image per process: a page view must not flood the log.
"""

import logging

from django.dispatch import Signal

from wagtail.images import get_image_model
from wagtail.images.exceptions import InvalidFilterSpecError

from django_tasks import task
from PIL import Image as PILImage

logger = logging.getLogger(__name__)

# What building a rendition raises when the original is missing or cannot be decoded: Wagtail's
# SourceImageIOError (a missing file), Willow's UnrecognisedImageFormatError and Pillow's UnidentifiedImageError
# or "image file is truncated" are all OSErrors; Pillow reports some damage as SyntaxError or ValueError.
UNREADABLE_ORIGINAL = (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError)

# Sent when the background task has made renditions (with `image_ids`): whatever keeps rendition URLs (the
# catalogue's cards) can take them now.
renditions_prepared = Signal()

# (image id, file name) of the images already reported by this process.
_reported: set[tuple[int, str]] = set()


def image_renditions(image, *specs: str) -> dict | None:
    """The renditions of `image` for `specs` (a dict keyed by spec, like Wagtail's `get_renditions`), or None
    when there is no image or its original cannot be read."""
    if image is None:
        return None
    try:
        return image.get_renditions(*specs)
    except InvalidFilterSpecError:
        raise  # our own mistake, not the file's: it must show up in tests
    except UNREADABLE_ORIGINAL as error:
        report_unreadable(image, error)
        return None


def report_unreadable(image, error: BaseException) -> None:
    key = (image.pk, image.file.name)
    if key in _reported:
        return
    _reported.add(key)
    logger.warning(
        "Image %s (%s) cannot be read, so it is left out of pages and the API: %s: %s",
        image.pk,
        image.file.name,
        type(error).__name__,
        error,
    )


@task(backend="background")
def prepare_renditions_task(image_ids: list[int], specs: list[str], extra: dict[str, list[int]] | None = None) -> int:
    """Make the renditions `specs` of these images ahead of the first reader (run by `manage.py db_worker`), and
    each spec of `extra` for the images it lists (a case's share image is made for its hero only).

    Returns how many images have them now. An image deleted since the task was queued, or whose original cannot be
    read, is skipped: a page shows the case without it, as `image_renditions` promises."""
    extra = extra or {}
    prepared = []
    for image in get_image_model().objects.filter(pk__in=image_ids):
        wanted = [*specs, *(spec for spec, ids in extra.items() if image.pk in ids)]
        if image_renditions(image, *wanted) is not None:
            prepared.append(image.pk)
    if prepared:
        renditions_prepared.send(sender=prepare_renditions_task, image_ids=prepared)
    return len(prepared)
