"""manage.py restore ARCHIVE [--force]: an archive of manage.py backup back into DATABASE_URL and MEDIA_ROOT."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Zet een reservekopie (manage.py backup) terug in de database en de mediamap. Het archief wordt eerst "
        "volledig gecontroleerd; een database of mediamap die niet leeg is, wordt alleen met --force vervangen."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true", help="vervang een database en media die niet leeg zijn")

    def handle(self, *args, archive: Path, force: bool, **options):
        started = time.monotonic()
        try:
            result = restore(
                archive,
                force=force,
                log=lambda message: self.stderr.write(message) if options["verbosity"] > 1 else None,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        for note in result.notes:
            self.stderr.write(note)
        manifest = result.manifest
        self.stdout.write(
            f"Teruggezet / restored: {archive} (gemaakt / made {manifest['created']}, "
            f"commit {manifest['version'].get('git_commit') or '?'})\n"
            f"  media: {manifest['media']['files']} files; {time.monotonic() - started:.1f} s\n"
            "  Volgende stap / next: python manage.py migrate (als de code nieuwer is / if the code is newer)"
        )
