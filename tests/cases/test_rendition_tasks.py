"""Publishing a case queues its renditions as one background task; the real worker (`manage.py db_worker`) makes them.

Tests run with the immediate backend (vitrine_cms/settings/test.py); these switch to django-tasks-db's database
backend, as production has it, and the last one runs the library's worker as a separate process.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings as django_settings
from django.test import TestCase

import pytest
import wagtail_factories
from django_tasks_db.models import DBTaskResult

from home import renditions
from home.blocks import HERO_RENDITIONS, RENDITIONS, SHARE_RENDITION
from home.renditions import prepare_renditions_task
from tests.factories.cases import CasePageFactory, default_body
from vitrine_cms.settings.base import task_settings

PROJECT = Path(__file__).resolve().parents[2]
TASK_PATH = "home.renditions.prepare_renditions_task"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = task_settings("database")


@pytest.fixture(autouse=True)
def _fresh_report_memory():
    renditions._reported.clear()
    yield
    renditions._reported.clear()


def draft_case(slug: str, **kwargs):
    """A case with a hero image and a body image, not yet published."""
    body_image = wagtail_factories.ImageFactory()
    body = [*default_body(), ("image", {"image": body_image, "alt": "De markt", "credit": "", "caption": ""})]
    return CasePageFactory(slug=slug, live=False, body=body, **kwargs)


def publish(case) -> None:
    case.save_revision().publish()


def rendition_count(image) -> int:
    return image.renditions.count()


@pytest.mark.django_db
def test_publishing_queues_one_task_with_the_case_images_and_makes_no_rendition_itself(database_queue):
    case = draft_case("pop-ups-lokeren")
    body_image = case.body_images()[0]
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        publish(case)
    assert callbacks, "the task is queued after the commit"
    queued = DBTaskResult.objects.filter(task_path=TASK_PATH)
    assert queued.count() == 1
    task = queued.get()
    hero = case.hero_image_id
    # The share image for the hero only: the case's card is kept with it (cases.cards).
    assert task.args_kwargs["args"] == [[hero, body_image.pk], list(RENDITIONS.values()), {SHARE_RENDITION: [hero]}]
    assert task.status == "READY"
    assert rendition_count(case.hero_image) == rendition_count(body_image) == 0


@pytest.mark.django_db
def test_a_publish_that_rolls_back_queues_nothing(database_queue):
    case = draft_case("pop-ups-lokeren")
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        publish(case)
    # A rolled-back transaction never runs its on_commit callbacks: nothing was queued before them.
    assert len(callbacks) >= 1
    assert not DBTaskResult.objects.filter(task_path=TASK_PATH).exists()


@pytest.mark.django_db
def test_the_task_skips_an_image_whose_original_is_gone(caplog):
    good, lost = wagtail_factories.ImageFactory(), wagtail_factories.ImageFactory()
    lost.file.storage.delete(lost.file.name)
    assert prepare_renditions_task.call([good.pk, lost.pk, 999_999], list(RENDITIONS.values())) == 1
    assert rendition_count(good) == len(RENDITIONS)
    assert rendition_count(lost) == 0
    assert "cannot be read" in caplog.text


def _worker_env(database: dict) -> dict:
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vitrine_cms.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}",
        "BACKGROUND_TASKS": "database",
        "TEST_MEDIA_ROOT": django_settings.MEDIA_ROOT,
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_command_makes_the_renditions_of_published_cases(database_queue, settings):
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the worker is a second process: it needs a database server both processes reach")
    case = draft_case("pop-ups-lokeren")
    broken = draft_case("kapotte-foto")
    broken.hero_image.file.storage.delete(broken.hero_image.file.name)
    publish(case)  # autocommit: the task is queued at once
    publish(broken)
    images = [case.hero_image, *case.body_images()]
    assert DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").count() == 2
    assert all(rendition_count(image) == 0 for image in images)

    command = [sys.executable, "manage.py", "db_worker", "--batch", "--backend", "background", "--no-startup-delay"]
    worker = subprocess.run(
        command, cwd=PROJECT, env=_worker_env(database), capture_output=True, text=True, timeout=120, check=False
    )
    assert worker.returncode == 0, worker.stderr

    statuses = list(DBTaskResult.objects.filter(task_path=TASK_PATH).values_list("status", flat=True))
    assert statuses == ["SUCCESSFUL", "SUCCESSFUL"], worker.stderr
    for image, specs in ((case.hero_image, HERO_RENDITIONS), (case.body_images()[0], RENDITIONS.values())):
        made = list(image.renditions.all())
        assert sorted(rendition.filter_spec for rendition in made) == sorted(specs)
        assert all(Path(rendition.file.path).is_file() for rendition in made)
    # The lost original is skipped; the body image of that case still gets its renditions.
    assert rendition_count(broken.hero_image) == 0
    assert rendition_count(broken.body_images()[0]) == len(RENDITIONS)
