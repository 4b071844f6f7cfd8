"""The production shape: a publish queues deliveries in the database and returns at once; the library's worker
(`manage.py db_worker`, a separate process) sends them, and plans retries for the receivers that failed."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings as django_settings
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from tests.cases.admin_form import edit_form_data, edit_url
from tests.factories.cases import CasePageFactory
from vitrine_cms.settings.base import task_settings
from webhooks.models import Delivery, Subscription
from webhooks.sending import signature

PROJECT = Path(__file__).resolve().parents[2]
TASK_PATH = "webhooks.tasks.deliver_webhook_task"


def _worker_env(database: dict) -> dict:
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vitrine_cms.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}",
        "BACKGROUND_TASKS": "database",
        "TEST_MEDIA_ROOT": django_settings.MEDIA_ROOT,
        "WEBHOOK_TIMEOUT": "1",
    }


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publish_returns_at_once_and_the_worker_delivers_and_plans_retries(
    admin_client, taxonomy, receivers, dead_url, settings
):
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the worker is a second process: it needs a database server both processes reach")
    settings.TASKS = task_settings("database")
    good, failing, slow = receivers(), receivers(status=500), receivers(delay=10)
    for name, url in [("goed", good.url), ("kapot", failing.url), ("traag", slow.url), ("dood", dead_url)]:
        Subscription.objects.create(url=url, secret=f"geheim-{name}", description=name)
    case = CasePageFactory(live=False, slug="pop-ups-lokeren")
    client = admin_client
    data = edit_form_data(client, case)
    data["action-publish"] = "action-publish"

    started = time.monotonic()
    response = client.post(edit_url(case), data)
    publish_seconds = time.monotonic() - started

    assert response.status_code == 302
    assert publish_seconds < 5, "the publish must not wait for the slow receiver (10 s)"
    assert good.requests == failing.requests == slow.requests == []
    assert Delivery.objects.filter(event="case.published", status="pending").count() == 4
    assert DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").count() == 4

    command = [sys.executable, "manage.py", "db_worker", "--batch", "--backend", "background", "--no-startup-delay"]
    worker = subprocess.run(
        command, cwd=PROJECT, env=_worker_env(database), capture_output=True, text=True, timeout=180, check=False
    )
    assert worker.returncode == 0, worker.stderr

    [request] = good.requests
    assert request.headers["X-Vitrine-Signature"] == signature("geheim-goed", request.body)
    assert json.loads(request.body)["id"] == case.pk
    by_name = {
        delivery.subscription.description: delivery for delivery in Delivery.objects.select_related("subscription")
    }
    assert by_name["goed"].status == "delivered"
    for name in ("kapot", "traag", "dood"):
        delivery = by_name[name]
        assert delivery.status == "pending", name
        assert delivery.attempts == 1
        assert 50 <= (delivery.next_attempt_at - timezone.now()).total_seconds() <= 60
    assert by_name["kapot"].last_response_code == 500
    assert "timed out" in by_name["traag"].last_error
    assert "refused" in by_name["dood"].last_error.lower()
    # The retries wait in the queue for their time (django-tasks' run_after).
    retries = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")
    assert sorted(task.args_kwargs["args"][0] for task in retries) == sorted(
        by_name[name].pk for name in ("kapot", "traag", "dood")
    )
    assert all(task.run_after > timezone.now() for task in retries)
