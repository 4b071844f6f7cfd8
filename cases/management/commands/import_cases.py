from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.importer import import_cases


class Command(BaseCommand):
    help = (
        "Importeer voorbeelden uit JSON-bestanden (formaat: zie PRODUCT.md) of spreadsheets (.xlsx, .csv; sjabloon: "
        "manage.py import_template). Alles of niets."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="+", type=Path, help="JSON-, .xlsx- of .csv-bestand(en); samen gecontroleerd en geschreven"
        )
        parser.add_argument("--dry-run", action="store_true", help="Toon wat er zou veranderen, schrijf niets")
        parser.add_argument(
            "--photos",
            type=Path,
            default=None,
            help="Map met de foto's van een spreadsheet (standaard: de map 'fotos' naast het bestand)",
        )

    def handle(self, *args, files, dry_run, photos, **options):
        def progress(done: int, total: int, slug: str, outcome: str) -> None:
            self.stdout.write(f"[{done}/{total}] {outcome:<9} {slug}")

        report = import_cases(paths=files, dry_run=dry_run, progress=progress, photos=photos)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Niets geïmporteerd: {len(report.problems)} probleem/problemen gevonden.")
        self.stdout.write(self.style.SUCCESS(report.summary()))
