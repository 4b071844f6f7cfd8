"""Strip metadata from every image file as it is stored.

A pre_save on the image model, rather than the upload form, because it catches every way in: Wagtail's single
and multiple upload and the chooser's upload tab, the multiple uploader's deferred "uploaded file" path (which
stores the file before the form), the importer, `setup_site`, and any form or API added later.
"""

import hashlib
import os

from django.core.files.base import ContentFile
from django.db.models.signals import pre_save

from wagtail.images import get_image_model

from home.image_metadata import strip_metadata


def strip_new_image_file(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields is not None and "file" not in update_fields) or not _file_is_new(instance):
        return
    file = instance.file
    file.open("rb")
    file.seek(0)
    content = file.read()
    file.seek(0)
    cleaned = strip_metadata(content)
    if cleaned != content:
        if file._committed:  # already written to storage by a view: that copy still has the metadata
            file.storage.delete(file.name)
        # Assigning the file also re-reads width and height, which swap when the photo was turned upright.
        instance.file = ContentFile(cleaned, name=os.path.basename(file.name))
    instance.file_size = len(cleaned)
    instance.file_hash = hashlib.sha1(cleaned).hexdigest()  # noqa: S324 - the content hash Wagtail stores


def _file_is_new(instance) -> bool:
    if not instance.file:
        return False
    if not instance.file._committed or instance._state.adding:
        return True
    stored = type(instance).objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    return stored != instance.file.name


def connect() -> None:
    pre_save.connect(strip_new_image_file, sender=get_image_model(), dispatch_uid="home_strip_image_metadata")
