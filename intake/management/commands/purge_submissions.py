"""Delete what submitters told us once INTAKE_RETENTION_DAYS have passed since the editors' decision.

The whole submission goes (name, organisation, e-mail, consents, dates): what remains of a proposal is the case
itself, published or deleted. Undecided submissions stay until they are decided. Run daily by the scheduler.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from intake.models import Decision, Submission
from intake.selectors import submission_expired_list


class Command(BaseCommand):
    help = "Wist de gegevens van indieners INTAKE_RETENTION_DAYS dagen na de beslissing over hun inzending."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Toon wat gewist zou worden, zonder te wissen.")

    def handle(self, *args, dry_run: bool = False, **options):
        days = settings.INTAKE_RETENTION_DAYS
        with transaction.atomic():
            expired = list(submission_expired_list(now=timezone.now()))
            for submission in expired:
                title = submission.page.title if submission.page else "(voorbeeld verwijderd)"
                self.stdout.write(
                    f"{'Zou wissen' if dry_run else 'Gewist'}: inzending {submission.pk} «{title}», "
                    f"{submission.get_decision_display()} op {timezone.localdate(submission.decided_at):%d-%m-%Y}"
                )
            if not dry_run:
                Submission.objects.filter(pk__in=[submission.pk for submission in expired]).delete()
        verb = "zouden gewist worden" if dry_run else "gewist"
        self.stdout.write(
            self.style.SUCCESS(f"{len(expired)} inzending(en) {verb} (bewaartermijn {days} dagen na de beslissing).")
        )
        undecided = Submission.objects.filter(decision=Decision.PENDING).count()
        if undecided:
            self.stdout.write(f"{undecided} inzending(en) zonder beslissing blijven bewaard tot er een beslissing is.")
