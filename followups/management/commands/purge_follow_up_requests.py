"""Erase the e-mail address of a follow-up request once INTAKE_RETENTION_DAYS have passed since its link was used or
expired (or since it was made, for a request whose mail never went out).

The request itself stays, without the address: the report it brought in and the editors' history still point at it.
Run daily by the scheduler, beside purge_submissions, under the same retention the privacy statement gives.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from followups.selectors import follow_up_request_expired_list


class Command(BaseCommand):
    help = (
        "Wist het e-mailadres van vragen om opvolging INTAKE_RETENTION_DAYS dagen nadat de link gebruikt werd of "
        "verliep."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Toon wat gewist zou worden, zonder te wissen.")

    def handle(self, *args, dry_run: bool = False, **options):
        expired = follow_up_request_expired_list(now=timezone.now())
        count = expired.count() if dry_run else expired.update(email="")
        verb = "zouden gewist worden" if dry_run else "gewist"
        days = settings.INTAKE_RETENTION_DAYS
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} e-mailadres(sen) van vragen om opvolging {verb} "
                f"(bewaartermijn {days} dagen nadat de link gebruikt werd of verliep)."
            )
        )
