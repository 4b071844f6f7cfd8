"""Start the site in a subprocess on a free port of 127.0.0.1, for tests and benchmarks.

    from devtools.server import free_port, start_server

    server = start_server(
        "gunicorn",                                  # or "runserver" (Django's, --noreload)
        extra_env={"DATABASE_URL": url, "REDIS_URL": "redis://127.0.0.1:6390/0"},
        log_path=tmp_path / "server.log",
        check_path="/health/live",                   # polled until it answers `expect_status`
    )
    try:
        ...  # server.url is http://127.0.0.1:<port>, server.process the Popen
    finally:
        server.stop()

`env` is the whole environment of the server (default: this process's), `extra_env` is laid over it;
set DJANGO_SETTINGS_MODULE there (the default is manage.py's / wsgi.py's). `start_server` returns once
`check_path` answers with `expect_status` (any status, with `expect_status=None`: the process listens),
and raises ServerError with the end of the log when the process exits or does not answer in time.
`free_port()` alone gives a port for a service of one's own (a redis-server, a fake database).

`create_postgres_database(url, name)` makes an empty database next to the one in `url` and returns
its DATABASE_URL; with `template="built"` the new database is a copy of the database `built` (about a
second, where migrating takes a minute; nobody may be connected to `built` meanwhile).
`drop_postgres_database(url, name)` drops it, closing whatever is still connected.

Subprocesses run under `setpriv --pdeathsig TERM` where it exists, so they end when the *thread* that
started them ends, also when the test process is killed: start servers from a thread that lives as
long as they should (the main thread, in pytest and in the bench scripts).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's bin: python, gunicorn
DIE_WITH_PARENT = ["setpriv", "--pdeathsig", "TERM", "--"] if shutil.which("setpriv") else []
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
STARTUP_TIMEOUT = 60  # seconds for a server to answer


class ServerError(RuntimeError):
    pass


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(Path(path).read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def stop_process(process: subprocess.Popen, timeout: float = 10) -> None:
    """SIGTERM, then SIGKILL after `timeout` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def popen(cmd: Sequence[str], *, env: Mapping[str, str], log_path: Path) -> subprocess.Popen:
    """`cmd` in the project folder, ended with its starting thread, output (both streams) in `log_path`."""
    with Path(log_path).open("w", encoding="utf-8") as out:
        return subprocess.Popen(  # noqa: S603 - commands built by our own harness
            [*DIE_WITH_PARENT, *cmd], cwd=PROJECT, env=dict(env), stdout=out, stderr=subprocess.STDOUT
        )


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, timeout: float = 10) -> None:
        stop_process(self.process, timeout)

    def log_tail(self, lines: int = 40) -> str:
        return tail(self.log_path, lines)


def start_server(
    kind: str,
    *,
    log_path: Path,
    env: Mapping[str, str] | None = None,
    extra_env: Mapping[str, str] | None = None,
    port: int | None = None,
    check_path: str = "/nl/",
    expect_status: int | None = 200,
    timeout: float = STARTUP_TIMEOUT,
    workers: int = 1,
    args: Sequence[str] = (),
) -> Server:
    """Start `gunicorn` (vitrine_cms.wsgi, `workers` sync workers) or `runserver` and wait until it answers.

    `args` go to the end of the command line (e.g. ["--timeout", "5"] for gunicorn).
    """
    port = port or free_port()
    environment = {**(os.environ if env is None else env), **(extra_env or {})}
    if kind == "gunicorn":
        cmd = [str(BIN / "gunicorn"), "vitrine_cms.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", str(workers)]
    elif kind == "runserver":
        cmd = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"]
    else:
        raise ValueError(f"kind is 'gunicorn' or 'runserver', not {kind!r}")
    server = Server(popen([*cmd, *args], env=environment, log_path=log_path), port, Path(log_path))
    try:
        wait_until_up(server, check_path, expect_status=expect_status, timeout=timeout, name=kind)
    except BaseException:
        server.stop()
        raise
    return server


def wait_until_up(
    server: Server,
    check_path: str,
    *,
    expect_status: int | None = 200,
    timeout: float = STARTUP_TIMEOUT,
    name: str = "",
) -> None:
    name = name or "the server"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerError(f"{name} exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}{check_path}", timeout=5) as response:  # noqa: S310 - our own server
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (OSError, urllib.error.URLError):
            status = None
        if status is not None and (expect_status is None or status == expect_status):
            return
        time.sleep(0.2)
    raise ServerError(f"{name} did not answer {check_path} within {timeout:.0f} s:\n{server.log_tail()}")


# --- PostgreSQL --------------------------------------------------------------------------------


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in POSTGRES_SCHEMES


def _postgres_admin(url: str):
    """An autocommit connection to the maintenance database of the server in `url`."""
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
        connect_timeout=10,
    )


def create_postgres_database(url: str, name: str, template: str = "") -> str:
    """A database `name` on the server of `url` (dropped first if it exists), empty or a copy of the database
    `template`; return its URL."""
    from psycopg import sql

    drop_postgres_database(url, name)
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with _postgres_admin(url) as conn:
        conn.execute(statement)
    return postgres_database_url(url, name)


def postgres_database_url(url: str, name: str) -> str:
    """`url` with the database `name` in it."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def postgres_database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def drop_postgres_database(url: str, name: str) -> None:
    from psycopg import sql

    with _postgres_admin(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
