"""The demo site for browser tests and screenshots (tests/browser/demo_server.py starts it).

Like dev.py, but with DEBUG off, so pages (404s included) render exactly as readers get them, and
without local.py or Redis, so a developer's own settings never change what the tests see.
WhiteNoise serves static files straight from the finders, and media from BROWSER_WEB_ROOT/media:
WhiteNoise serves all of WHITENOISE_ROOT at /, so that folder holds media/ and nothing else.
"""

import os
from pathlib import Path

from .base import *
from .base import VAR_DIR, env_bool, task_settings

DEBUG = False
SECRET_KEY = "browser-tests-only-key"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Mail goes to files beside the web root (not inside it): a browser test reads the e-mailed follow-up link there.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Off for the editors of the browser tests; tests/browser/test_two_factor.py starts a server with ADMIN_2FA=1.
ADMIN_2FA = env_bool("ADMIN_2FA", False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True  # renditions are made while the server runs
WHITENOISE_ROOT = str(Path(os.environ.get("BROWSER_WEB_ROOT", VAR_DIR / "browser-web")))
MEDIA_ROOT = str(Path(WHITENOISE_ROOT) / "media")  # served at MEDIA_URL, /media/
EMAIL_FILE_PATH = str(Path(WHITENOISE_ROOT).parent / "mail")
# No worker runs beside the demo server: renditions are made right after each publish, as before.
TASKS = task_settings(os.environ.get("BACKGROUND_TASKS", "immediate"))
