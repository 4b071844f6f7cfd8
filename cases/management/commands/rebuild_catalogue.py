from django.core.management.base import BaseCommand

from cases.models.catalogue import rebuild_catalogue


class Command(BaseCommand):
    help = (
        "Bouwt de catalogus (de leestabel voor lijsten, filters en zoeken) opnieuw op uit de gepubliceerde voorbeelden."
    )

    def handle(self, *args, **options):
        count = rebuild_catalogue()
        self.stdout.write(f"Catalogus opnieuw opgebouwd: {count} voorbeelden.")
