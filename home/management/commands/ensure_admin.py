"""Create the first administrator with a random password and print the login.

No password is ever stored in the repository: the generated one is kept in the git-ignored
`var/` folder so that `make run` can show it again on the next start.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

LOGIN_FILE = Path(settings.VAR_DIR) / "admin-login.txt"


class Command(BaseCommand):
    help = "Maak een beheerder 'admin' aan (als die nog niet bestaat) en toon de login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        url = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/"
        if user is None:
            password = secrets.token_urlsafe(12)
            user_model.objects.create_superuser(username, f"{username}@example.org", password)
            LOGIN_FILE.parent.mkdir(parents=True, exist_ok=True)
            LOGIN_FILE.write_text(password, encoding="utf-8")
            LOGIN_FILE.chmod(0o600)
        elif LOGIN_FILE.exists() and user.check_password(LOGIN_FILE.read_text(encoding="utf-8").strip()):
            password = LOGIN_FILE.read_text(encoding="utf-8").strip()
        else:
            self.stdout.write(
                f"Beheer: {url}  gebruiker '{username}' bestaat al "
                f"(wachtwoord vergeten? python manage.py changepassword {username})"
            )
            return
        self.stdout.write(self.style.SUCCESS(f"Beheer: {url}  gebruiker: {username}  wachtwoord: {password}"))
