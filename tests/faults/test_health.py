"""GET /health/ (ready: database and cache) and GET /health/live (the process answers)."""

import pytest

pytestmark = pytest.mark.django_db


def test_live_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_ready_checks_the_database_and_the_cache(client):
    response = client.get("/health/")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is True
    assert response["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" not in response
    assert not response.cookies


def test_health_answers_a_probe_from_inside_the_container(client, settings):
    """Docker's healthcheck asks http://127.0.0.1:8000/health/: not a public host name, not https."""
    settings.ALLOWED_HOSTS = ["www.vitrine.example"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/", HTTP_HOST="127.0.0.1:8000").status_code == 200
    assert client.get("/health/live", HTTP_HOST="127.0.0.1:8000").status_code == 200
    assert client.get("/nl/", HTTP_HOST="127.0.0.1:8000").status_code == 400  # everything else stays guarded


def test_without_redis_the_site_is_degraded_not_down(client, redis_cache_settings):
    redis_cache_settings.stop()
    response = client.get("/health/")
    body = response.json()
    assert response.status_code == 200  # the site still works, uncached
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is False
