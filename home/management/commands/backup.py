"""manage.py backup [--output DIR]: the database and the media in one archive (see home/backup.py)."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, backup


class Command(BaseCommand):
    help = "Maak een reservekopie van de database en de media in één archief (map: --output of BACKUP_DIR)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=Path(settings.BACKUP_DIR), help="map voor het archief")

    def handle(self, *args, output: Path, **options):
        started = time.monotonic()
        try:
            result = backup(
                output, log=lambda message: self.stderr.write(message) if options["verbosity"] > 1 else None
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        media = result.manifest["media"]
        for note in result.notes:
            self.stderr.write(note)
        size = result.path.stat().st_size
        self.stdout.write(
            f"{result.path}\n"
            f"  database: {result.manifest['database']['engine']}, {result.manifest['database']['size']:,} bytes\n"
            f"  media: {media['files']} files, {media['bytes']:,} bytes ({media['storage']})\n"
            f"  archive: {size:,} bytes in {time.monotonic() - started:.1f} s"
        )
