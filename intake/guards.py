"""What tells a script from a person on the proposal form, besides the per-IP rate limit (home/public_forms.py):
a field people never see (the honeypot) and a signed start time (nobody writes a case in a few seconds)."""

import time

from django.conf import settings
from django.core import signing

HONEYPOT = "website"
STARTED = "started"
SALT = "intake.started"


def started_token() -> str:
    return signing.dumps(int(time.time()), salt=SALT)


def is_refused(post) -> bool:
    """A filled honeypot, or a start time that is missing or forged: refuse without telling why."""
    if post.get(HONEYPOT):
        return True
    try:
        signing.loads(post.get(STARTED, ""), salt=SALT)
    except signing.BadSignature:
        return True
    return False


def too_fast(post) -> bool:
    """Sent sooner after the form was opened than INTAKE_MIN_FILL_SECONDS (a person can send it again)."""
    started = signing.loads(post.get(STARTED, ""), salt=SALT)
    return time.time() - started < settings.INTAKE_MIN_FILL_SECONDS
