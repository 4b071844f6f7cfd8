"""Test runs: fast hashing, plain static storage, local-memory cache, no outgoing mail."""

import os

from .base import *
from .base import env_bool, task_settings

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Off unless a test turns it on (tests/home/test_two_factor.py).
ADMIN_2FA = env_bool("ADMIN_2FA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# whitenoise warns on every request when STATIC_ROOT does not exist.
os.makedirs(STATIC_ROOT, exist_ok=True)
# Tests that upload files use a temporary folder of their own (tests/conftest.py); this is the fallback.
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", str(VAR_DIR / "test-media"))
# High enough that no test trips it by accident; throttling tests lower it themselves.
API_THROTTLE_RATE = "100000/minute"
PUBLIC_FORM_RATE = "100000/minute"
# Tests that change content without publishing would see stale pages; the page cache has its own tests.
READER_PAGE_CACHE_TIMEOUT = 0
# The local-memory cache is in the process already; tests/caching/test_near_cache.py turns the near cache on.
NEAR_CACHE_BYTES = 0
# Tiles from the internet are never fetched in tests; the map must degrade to the list.
MAP_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
# Renditions are made right after the commit, inside the test process, so a test sees them at once;
# tests/cases/test_rendition_tasks.py runs the real database queue and `manage.py db_worker` instead.
TASKS = task_settings(os.environ.get("BACKGROUND_TASKS", "immediate"))
# Webhook receivers in tests are real HTTP servers on 127.0.0.1 (tests/webhooks/).
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", True)
