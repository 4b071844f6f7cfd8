"""A lost phone, from the shell: `manage.py reset_2fa USERNAME` removes the user's app and recovery codes.

The same as the Beheerder's *Tweestapsverificatie resetten* in the admin's user list. At the next login the user
sets up two-factor authentication again (required for Eindredacteur and Beheerder).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from home.two_factor import reset_devices


class Command(BaseCommand):
    help = "Remove a user's two-factor devices (authenticator app and recovery codes), e.g. after a lost phone."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Geen gebruiker {username!r}.")
        removed = reset_devices(user)
        self.stdout.write(f"Tweestapsverificatie van {username} gereset ({removed} records verwijderd).")
