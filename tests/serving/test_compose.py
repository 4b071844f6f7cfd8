"""docker-compose.yml as an operator runs it (no Docker engine here: the file is read as compose reads it).

What must hold: every variable the code reads is in .env.example; web, scheduler and worker get the whole .env; the few
values compose sets itself agree with nginx and the image (one proxy, the shared volumes); only nginx is published.
"""

import re
from pathlib import Path

import pytest
import yaml

from devtools.server import PROJECT

COMPOSE = yaml.safe_load((PROJECT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["web", "scheduler", "worker"]
# Set by our own code or harness, never by an operator.
INTERNAL = {"VITRINE_WEB_PROCESS", "VITRINE_GIT_COMMIT", "BROWSER_WEB_ROOT", "TEST_MEDIA_ROOT"}
# Read by libraries or by docker-compose.yml / the Dockerfile / nginx rather than by settings.
READ_ELSEWHERE = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "POSTGRES_PASSWORD", "HTTP_PORT", "TRUSTED_PROXIES"}
READ_ELSEWHERE |= {"WEB_CONCURRENCY"}


def env_example() -> list[str]:
    """Variable names of .env.example, in order (comment lines skipped)."""
    names = []
    for line in (PROJECT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            names.append(line.split("=", 1)[0].strip())
    return names


def variables_read_by_the_code() -> set[str]:
    pattern = re.compile(r'(?:os\.environ(?:\.get)?[\[(]|env_list\(|env_bool\()\s*"([A-Z][A-Z0-9_]+)"')
    found = set()
    for app in ("vitrine_cms", "home", "themes", "cases", "api", "reader"):
        for path in (PROJECT / app).rglob("*.py"):
            found |= set(pattern.findall(path.read_text()))
    return found - INTERNAL


def env_files(service: dict) -> list[str]:
    value = service.get("env_file", [])
    items = [value] if isinstance(value, str | dict) else value
    return [item["path"] if isinstance(item, dict) else item for item in items]


def volume(service: dict, target: str) -> str:
    for entry in service.get("volumes", []):
        source, mounted, *_ = entry.split(":")
        if mounted == target:
            return source
    raise AssertionError(f"nothing mounted at {target}")


def test_env_example_lists_every_variable_the_code_reads_once():
    names = env_example()
    assert len(names) == len(set(names)), [name for name in names if names.count(name) > 1]
    missing = variables_read_by_the_code() - set(names)
    assert not missing, f"read by the code but not in .env.example: {sorted(missing)}"
    for name in READ_ELSEWHERE:
        assert name in names


def test_env_example_lists_what_compose_reads_from_it():
    compose_text = (PROJECT / "docker-compose.yml").read_text()
    interpolated = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", compose_text))
    dockerfile = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", (PROJECT / "Dockerfile").read_text()))
    assert interpolated | dockerfile <= set(env_example())


@pytest.mark.parametrize("name", APP_SERVICES)
def test_web_scheduler_and_worker_get_the_whole_env_file(name):
    assert env_files(SERVICES[name]) == [".env"]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_compose_overrides_only_its_own_addresses_folders_and_proxy_count(name):
    environment = SERVICES[name]["environment"]
    assert set(environment) <= {
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "MEDIA_ROOT",
        "STATIC_ROOT",
        "API_NUM_PROXIES",
    }
    assert environment["DATABASE_URL"].endswith("@db:5432/vitrine")
    assert environment["REDIS_URL"] == "redis://redis:6379/0"
    # nginx overwrites X-Forwarded-For with the one client address it determined.
    assert environment["API_NUM_PROXIES"] == "1"
    nginx_conf = (PROJECT / "deploy" / "nginx" / "vitrine.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in nginx_conf
    # Secrets are required, not defaulted to something guessable.
    assert ":?" in environment["SECRET_KEY"]
    assert ":?" in environment["ALLOWED_HOSTS"]


def seconds(duration: str) -> int:
    return sum(int(n) * {"s": 1, "m": 60, "h": 3600}[unit] for n, unit in re.findall(r"(\d+)([smh])", duration))


def test_only_nginx_is_published_and_it_waits_for_a_healthy_web():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"nginx"}
    assert SERVICES["nginx"]["depends_on"]["web"]["condition"] == "service_healthy"
    # Before gunicorn answers, web migrates, sets up the site and collects static files; were that counted as
    # failed checks, compose would mark web unhealthy and never start nginx.
    healthcheck = SERVICES["web"]["healthcheck"]
    assert seconds(healthcheck.get("start_period", "0s")) >= 120


def test_nginx_serves_the_volumes_web_writes():
    web, nginx = SERVICES["web"], SERVICES["nginx"]
    environment = web["environment"]
    assert volume(nginx, "/srv/media") == volume(web, environment["MEDIA_ROOT"]) == "media"
    assert volume(nginx, "/srv/static") == volume(web, environment["STATIC_ROOT"]) == "static"
    assert volume(nginx, "/etc/nginx/conf.d/default.conf") == "./deploy/nginx/vitrine.conf"
    script = volume(nginx, "/docker-entrypoint.d/40-vitrine-env.sh")
    assert script == "./deploy/nginx/vitrine-env.sh"
    # The image's entrypoint skips a script that is not executable.
    assert (PROJECT / script).stat().st_mode & 0o111
    assert set(nginx["environment"]) == {"API_CORS_ORIGINS", "TRUSTED_PROXIES"}
    assert {"media", "static"} <= set(COMPOSE["volumes"])


def test_web_collects_static_files_into_the_volume_on_start():
    dockerfile = (PROJECT / "Dockerfile").read_text()
    command = re.search(r"^CMD (.+)$", dockerfile, re.MULTILINE).group(1)
    assert command.index("collectstatic") < command.index("gunicorn")
    assert "STATIC_ROOT=/app/static" in dockerfile
    assert Path(SERVICES["web"]["environment"]["STATIC_ROOT"]) == Path("/app/static")


def test_the_worker_runs_the_background_tasks_of_the_settings():
    """Renditions are queued on the `background` backend (settings); the worker must work that queue, with the
    media volume web serves, or photos of new cases keep their originals."""
    from django.conf import settings

    worker = SERVICES["worker"]
    command = worker["command"]
    assert command[:3] == ["python", "manage.py", "db_worker"]
    assert command[command.index("--backend") + 1] == "background"
    assert "background" in settings.TASKS
    assert "media:/app/media" in worker["volumes"]
