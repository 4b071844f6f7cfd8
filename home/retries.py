"""The back-off of the background queue's senders (webhook deliveries, intake mails, follow-up requests): minutes to
wait after the 1st, 2nd, … failed try. The 8th and last try is about 22 hours after the first; after it, the sender
gives up."""

from datetime import datetime, timedelta

from django.utils import timezone

RETRY_DELAYS = (1, 5, 15, 60, 180, 360, 720)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def retry_enqueue(task, *args, attempt: int) -> datetime | None:
    """Queues try `attempt + 1` of a task that failed (`args` then the attempt number) after its wait; returns when it
    will run, or None when it is time to give up: after MAX_ATTEMPTS, or on a backend that cannot wait (the immediate
    one of development; in production the database queue always can)."""
    if attempt >= MAX_ATTEMPTS or not task.get_backend().supports_defer:
        return None
    run_after = timezone.now() + timedelta(minutes=RETRY_DELAYS[attempt - 1])
    task.using(run_after=run_after).enqueue(*args, attempt + 1)
    return run_after
