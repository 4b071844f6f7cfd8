"""The follow-up e-mail goes out from django-tasks' worker (`manage.py db_worker`), like webhooks: a slow or failing
mail server never holds up the editor's click. A refused or failed send is tried again later, as the intake mails
are (home.retries: about a day in all); then the request is given up, and the editor sees it was not sent."""

import logging
import smtplib

from django_tasks import task

from followups import sending
from home.retries import retry_enqueue

logger = logging.getLogger(__name__)


@task(backend="background")
def send_follow_up_request_task(request_id: int, attempt: int = 1) -> str:
    """Sends one follow-up request: "sent", "skipped" (sent or given up already: a task may safely run twice),
    "retry planned" or "given up"."""
    try:
        sent = sending.request_send(request_id=request_id)
    except (smtplib.SMTPException, OSError) as error:
        run_after = retry_enqueue(send_follow_up_request_task, request_id, attempt=attempt)
        if run_after is None:
            sending.request_give_up(request_id=request_id)
            logger.error("Follow-up request %s not sent after %s tries: %s", request_id, attempt, error)
            return "given up"
        logger.warning("Follow-up request %s failed (try %s), again at %s: %s", request_id, attempt, run_after, error)
        return "retry planned"
    return "sent" if sent else "skipped"
