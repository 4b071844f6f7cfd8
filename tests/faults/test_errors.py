"""Uncaught errors: JSON under /api/, the branded page elsewhere (a lost database: tests/faults/test_database.py);
the statement timeout of web processes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def broken_urls(settings, client):
    settings.ROOT_URLCONF = "tests.faults.error_urls"
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
def test_an_api_error_is_json_in_the_api_shape(broken_urls):
    response = broken_urls.get("/api/v1/broken/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "server_error", "message": "Internal server error."}
    assert "Retry-After" not in response


@pytest.mark.django_db
def test_a_page_error_is_the_branded_500_page(broken_urls):
    response = broken_urls.get("/nl/kapot/")
    assert response.status_code == 500
    assert "Er ging iets mis aan onze kant" in response.content.decode()


def run_query(prelude: str, database_url: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vitrine_cms.settings.test",
        "DATABASE_URL": database_url,
        "DATABASE_STATEMENT_TIMEOUT": "1",
    }
    code = prelude + "\nfrom django.db import connection\n"
    code += "with connection.cursor() as cursor:\n    cursor.execute('SELECT pg_sleep(1.5)')\nprint('finished')\n"
    command = [sys.executable, "-c", code]
    return subprocess.run(command, check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def postgres_url(settings, why: str) -> str:
    """The test database's URL, for a second process; skipped on SQLite."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip(why)
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"


@pytest.mark.django_db
def test_the_statement_timeout_limits_web_processes_only(settings):
    url = postgres_url(settings, "the statement timeout is PostgreSQL's")

    web = run_query("import vitrine_cms.wsgi", url)
    assert "QueryCanceled" in web.stderr and "statement timeout" in web.stderr

    command = run_query("import django\ndjango.setup()", url)  # as manage.py and its commands start
    assert command.returncode == 0, command.stderr
    assert "finished" in command.stdout


@pytest.mark.django_db
def test_web_processes_run_their_queries_without_parallel_workers(settings):
    url = postgres_url(settings, "parallel query is PostgreSQL's")
    code = "import vitrine_cms.wsgi\nfrom django.db import connection\nwith connection.cursor() as cursor:\n"
    code += "    cursor.execute('SHOW max_parallel_workers_per_gather')\n    print('workers', cursor.fetchone()[0])\n"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vitrine_cms.settings.test", "DATABASE_URL": url}
    web = subprocess.run(
        [sys.executable, "-c", code], check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert "workers 0" in web.stdout, web.stderr
