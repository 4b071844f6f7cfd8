"""A database that accepts connections and never answers: the site (a real gunicorn) says 503 quickly.

The listener stands in for a hung PostgreSQL: the TCP connection succeeds, the startup reply never
comes. Before the connect timeout, every request hung until gunicorn killed its worker.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.faults.services import SilentListener, free_port

ROOT = Path(__file__).resolve().parents[2]
CONNECT_TIMEOUT = 2  # seconds; libpq's minimum


def fetch(url: str) -> tuple[int, dict, bytes, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own test server
            status, headers, body = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, dict(error.headers), error.read()
    return status, headers, body, time.monotonic() - started


@pytest.fixture
def site_without_database(tmp_path):
    listener = SilentListener()
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vitrine_cms.settings.test",  # DEBUG off, no collected static files needed
        "DATABASE_URL": f"postgres://vitrine@127.0.0.1:{listener.port}/vitrine",
        "DATABASE_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
        "REDIS_URL": "",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "vitrine_cms.wsgi", "--bind", f"127.0.0.1:{port}", "--worker-class", "gthread"]
    command += ["--workers", "1", "--threads", "8", "--timeout", "60", "--log-level", "warning"]
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                fetch(f"{base}/health/live")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError((tmp_path / "gunicorn.log").read_text()) from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
        listener.close()


def test_with_the_database_hanging_pages_and_the_api_answer_503_within_seconds(site_without_database):
    paths = ["/nl/", "/nl/voorbeelden/", "/api/v1/cases/", "/health/", "/health/live"]
    with ThreadPoolExecutor(len(paths)) as pool:
        results = dict(zip(paths, pool.map(lambda path: fetch(site_without_database + path), paths), strict=True))
    for path, (status, _headers, _body, seconds) in results.items():
        print(f"database hanging: {path} {status} in {seconds:.2f}s")

    for path in ("/nl/", "/nl/voorbeelden/"):
        status, headers, body, seconds = results[path]
        assert status == 503, path
        assert headers["Retry-After"] == "30"
        assert "De Vitrine is even niet bereikbaar" in body.decode()
        assert seconds < CONNECT_TIMEOUT * 2 + 2, path

    status, headers, body, seconds = results["/api/v1/cases/"]
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body)["error"] == "service_unavailable"
    assert seconds < CONNECT_TIMEOUT * 2 + 2

    status, _headers, body, seconds = results["/health/"]
    health = json.loads(body)
    assert status == 503
    assert health["status"] == "unavailable"
    assert health["checks"]["database"]["ok"] is False
    assert health["checks"]["database"]["error"] == "OperationalError"  # no host or port: the endpoint is public
    assert health["checks"]["cache"]["ok"] is True

    status, _headers, body, seconds = results["/health/live"]
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    assert seconds < 0.5
