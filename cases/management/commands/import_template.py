from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.importer.template import template_csv, template_xlsx


class Command(BaseCommand):
    help = "Schrijf het spreadsheetsjabloon voor import_cases (.xlsx met werkblad 'Uitleg', of .csv)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Doelbestand, bv. sjabloon.xlsx of sjabloon.csv")

    def handle(self, *args, file: Path, **options):
        builders = {".xlsx": template_xlsx, ".csv": template_csv}
        build = builders.get(file.suffix.lower())
        if build is None:
            raise CommandError("Kies een bestandsnaam die eindigt op .xlsx of .csv.")
        file.write_bytes(build())
        self.stdout.write(self.style.SUCCESS(f"Sjabloon geschreven: {file}"))
