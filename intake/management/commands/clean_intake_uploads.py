from django.conf import settings
from django.core.management.base import BaseCommand

from intake.uploads import discard_stale_uploads


class Command(BaseCommand):
    help = "Verwijder de bewaarde foto's van onafgewerkte voorstellen (ouder dan INTAKE_UPLOAD_HOURS)."

    def handle(self, *args, **options):
        removed = discard_stale_uploads()
        hours = settings.INTAKE_UPLOAD_HOURS
        self.stdout.write(f"{removed} foto('s) van onafgewerkte voorstellen verwijderd (ouder dan {hours} uur).")
