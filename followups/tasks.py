"""The follow-up e-mail goes out from django-tasks' worker (`manage.py db_worker`), like webhooks: a slow or failing
mail server never holds up the editor's click."""

from django_tasks import task

from followups import sending


@task(backend="background")
def send_follow_up_request_task(request_id: int) -> str:
    """Sends one follow-up request; "skipped" when it was sent already (a task may safely run twice)."""
    return "sent" if sending.request_send(request_id=request_id) else "skipped"
