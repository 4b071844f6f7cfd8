"""Local development: debug on, a throwaway secret, the admin on http://127.0.0.1:8000."""

import os

from .base import *
from .base import SECRET_KEY, VAR_DIR, env_bool, task_settings

DEBUG = env_bool("DEBUG", True)
ADMIN_2FA = env_bool("ADMIN_2FA", False)  # `make run` logs in with a password only
# A dev-only key is fine: it signs nothing that leaves this machine. Production refuses it.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# `make run` starts no worker: renditions are made right after a publish, in the runserver process.
# BACKGROUND_TASKS=database with `manage.py db_worker` in a second terminal tries the production shape.
TASKS = task_settings(os.environ.get("BACKGROUND_TASKS", "immediate"))
# A receiver to try webhooks with usually runs on this machine.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", True)
VAR_DIR.mkdir(exist_ok=True)  # the default SQLite database and media live here
(VAR_DIR / "static").mkdir(exist_ok=True)  # whitenoise warns on every request without it

try:
    from .local import *
except ImportError:
    pass
