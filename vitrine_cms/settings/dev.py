"""Local development: debug on, a throwaway secret, the admin on http://127.0.0.1:8000."""

from .base import *
from .base import SECRET_KEY, env_bool

DEBUG = env_bool("DEBUG", True)
# A dev-only key is fine: it signs nothing that leaves this machine. Production refuses it.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

try:
    from .local import *
except ImportError:
    pass
