"""Settings read from the environment: safe defaults, production refuses to start unconfigured."""

import os
import subprocess
import sys

import pytest

PROBE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], s.STORAGES['default']['BACKEND'])"
)


def run_settings(module: str, **env) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_defaults_are_sqlite_local_memory_cache_and_local_disk():
    result = run_settings("vitrine_cms.settings.dev")
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.files.storage.FileSystemStorage",
    ]


def test_environment_switches_to_postgresql_redis_and_s3():
    result = run_settings(
        "vitrine_cms.settings.dev",
        DATABASE_URL="postgres://vitrine@127.0.0.1:5432/vitrine",
        REDIS_URL="redis://127.0.0.1:6379/0",
        AWS_STORAGE_BUCKET_NAME="vitrine-media",
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "vitrine_cms.redis_cache.PausingRedisCache",  # django-redis, paused after a failure
        "storages.backends.s3.S3Storage",
    ]


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"SECRET_KEY": "x" * 60},
        {"ALLOWED_HOSTS": "vitrine.example.org"},
        {"SECRET_KEY": "te-kort", "ALLOWED_HOSTS": "a"},
    ],
)
def test_production_refuses_to_start_without_secret_and_hosts(env):
    clean = {"SECRET_KEY": "", "ALLOWED_HOSTS": "", **env}
    result = run_settings("vitrine_cms.settings.production", **clean)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_starts_when_configured():
    result = run_settings("vitrine_cms.settings.production", SECRET_KEY="s" * 60, ALLOWED_HOSTS="vitrine.example.org")
    assert result.returncode == 0, result.stderr
