from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cases.models.municipalities import municipalities_load


class Command(BaseCommand):
    help = "Laad of werk de Vlaamse gemeenten bij uit de CSV (op NIS-code: bijwerken, nooit verdubbelen)."

    def add_arguments(self, parser):
        parser.add_argument("csv", nargs="?", type=Path, default=settings.VITRINE_MUNICIPALITIES_CSV)

    def handle(self, *args, csv: Path, **options):
        result = municipalities_load(path=csv)
        self.stdout.write(self.style.SUCCESS(f"Gemeenten: {result.created} nieuw, {result.updated} bijgewerkt."))
