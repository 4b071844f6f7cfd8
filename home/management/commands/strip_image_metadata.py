"""Strip metadata from images stored before uploads were cleaned, and drop their renditions.

New uploads are cleaned as they are saved (home/signals.py); this catches up on what is already stored.
Safe to run again: a clean image is left alone, its file, hash and renditions untouched.
"""

import os

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.images import get_image_model

from home.caching import bump_content_version
from home.image_metadata import UnsupportedImage, strip_metadata


class Command(BaseCommand):
    help = (
        "Haal GPS-positie, camera, eigenaar, XMP en IPTC uit alle opgeslagen afbeeldingen (foto's die via hun "
        "EXIF-oriëntatie rechtop stonden, worden voorgoed gedraaid) en verwijder hun renditions, zodat die "
        "opnieuw en zonder metadata worden gemaakt. Opnieuw uitvoeren verandert niets meer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Toon alleen welke afbeeldingen metadata hebben.")

    def handle(self, *args, dry_run: bool = False, **options):
        cleaned, clean, unreadable = 0, 0, 0
        for image in get_image_model().objects.order_by("pk").iterator():
            try:
                with image.open_file() as file:
                    content = file.read()
                stripped = strip_metadata(content)
            except (OSError, UnsupportedImage) as error:
                unreadable += 1
                self.stderr.write(f"afbeelding {image.pk} ({image.file.name}): niet te lezen: {error}")
                continue
            if stripped == content:
                clean += 1
                continue
            cleaned += 1
            self.stdout.write(f"{'heeft metadata' if dry_run else 'opgeschoond'}: {image.pk} {image.title}")
            if not dry_run:
                self.replace_file(image, stripped)
        if cleaned and not dry_run:
            bump_content_version()  # cached pages and API answers still name the deleted renditions
        verb = "met metadata" if dry_run else "opgeschoond"
        self.stdout.write(f"{cleaned} {verb}, {clean} al zonder metadata, {unreadable} niet te lezen.")

    def replace_file(self, image, content: bytes) -> None:
        old_name, old_size = image.file.name, (image.width, image.height)
        with transaction.atomic():
            # The pre_save signal stores the new file and sets its size, hash, width and height.
            image.file = ContentFile(content, name=os.path.basename(old_name))
            if (image.width, image.height) != old_size and image.has_focal_point():
                # Turned upright: the focal point was set on the old dimensions.
                image.focal_point_x = image.focal_point_y = None
                image.focal_point_width = image.focal_point_height = None
                self.stdout.write(f"  focuspunt gewist (afbeelding gedraaid): stel het opnieuw in voor {image.pk}")
            image.save()
            image.renditions.all().delete()  # made from the old file, so carrying its metadata
        image.file.storage.delete(old_name)
