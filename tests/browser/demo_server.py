"""The demo site in a subprocess, built like `make setup` does, for browser tests and screenshots.

    with DemoServer(workdir) as server:
        server.url  # http://127.0.0.1:<port>, answering /nl/, /en/, /fr/

Steps: a database of its own (PostgreSQL `<name>_browser` when DATABASE_URL points at PostgreSQL,
else an SQLite file in `workdir`), `migrate`, `setup_site`, `import_cases demo/cases-a.json
demo/cases-b.json`, then `runserver --noreload` on a free port of 127.0.0.1 with
vitrine_cms.settings.browser (DEBUG off, media in `workdir/web/media`). `stop()` ends the server
and drops the PostgreSQL database. Logs of every step are in `workdir`.

`start_in_background()` builds in a thread, so the build can overlap other tests; `wait()` then
starts the server and returns its URL, or raises what went wrong. The subprocesses run under
`setpriv --pdeathsig TERM` where it exists, so they end with the thread that started them even when
the test process is killed; the server is started from the calling (main) thread for that reason.
"""

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parents[2]
SETTINGS = "vitrine_cms.settings.browser"
DEMO_FILES = ["demo/cases-a.json", "demo/cases-b.json"]
STEP_TIMEOUT = 600  # seconds per build step
STARTUP_TIMEOUT = 60  # seconds for the server to answer
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
# Ends a child when the thread that started it ends (Linux: util-linux's setpriv).
DIE_WITH_PARENT = ["setpriv", "--pdeathsig", "TERM", "--"] if shutil.which("setpriv") else []


class DemoServerError(RuntimeError):
    pass


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


class DemoServer:
    def __init__(self, workdir: Path, database_url: str | None = None, log: Callable[[str], None] | None = None):
        self.workdir = Path(workdir)
        self.source_database_url = os.environ.get("DATABASE_URL", "") if database_url is None else database_url
        self.log = log or (lambda message: None)
        self.url = ""
        self.timings: dict[str, float] = {}
        self._postgres_name = ""
        self._process: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._stopping = False
        self._env: dict[str, str] = {}

    # --- Life cycle ------------------------------------------------------------------------
    def __enter__(self) -> "DemoServer":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> str:
        """Build the demo site and start the server; return its URL."""
        try:
            self._build()
            self._serve()
        except BaseException:
            self.stop()
            raise
        return self.url

    def start_in_background(self) -> None:
        """Build in a thread; `wait()` starts the server once the build is done."""

        def run() -> None:
            try:
                self._build()
            except BaseException as error:  # noqa: BLE001 - handed to wait(), which raises it
                self._error = error

        self._thread = threading.Thread(target=run, name="demo-server-build", daemon=True)
        self._thread.start()

    def wait(self) -> str:
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        if not self.url:
            self._serve()
        return self.url

    def stop(self) -> None:
        self._stopping = True
        if self._process is not None:
            _stop(self._process)
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self._postgres_name:
            self._drop_postgres()
            self._postgres_name = ""

    def manage(self, *args: str, stdin: str = "") -> str:
        """Run a management command against the demo site's database; return what it printed.

        Browser tests use it to set up what a user cannot do through the site (accounts of a role)
        and to look at what the site stored (the files behind an uploaded image).
        """
        if not self._env:
            raise DemoServerError("the demo server has not been built")
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT,
            env=self._env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
            check=False,
        )
        if result.returncode != 0:
            raise DemoServerError(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
        return result.stdout

    @property
    def media_root(self) -> Path:
        return self.workdir / "web" / "media"

    def log_tail(self, lines: int = 40) -> str:
        return tail(self.workdir / "server.log", lines)

    # --- Steps -----------------------------------------------------------------------------
    def _build(self) -> None:
        (self.workdir / "web" / "media").mkdir(parents=True, exist_ok=True)
        self._env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": self._create_database(),
            "BROWSER_WEB_ROOT": str(self.workdir / "web"),
            "PYTHONUNBUFFERED": "1",
            "LOG_LEVEL": "WARNING",
        }
        self._env.pop("REDIS_URL", None)  # the browser settings use a local-memory cache
        steps = {
            "migrate": ["migrate", "--no-input", "-v", "0"],
            "setup_site": ["setup_site"],
            "import_cases": ["import_cases", *DEMO_FILES],
        }
        for name, args in steps.items():
            started = time.monotonic()
            self._run_step(name, args)
            self.timings[name] = time.monotonic() - started
            self.log(f"demo server: {name} {self.timings[name]:.1f} s")

    def _serve(self) -> None:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log_path = self.workdir / "server.log"
        started = time.monotonic()
        self._process = self._popen(
            ["runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"], log_path=log_path
        )
        self._wait_until_up(url, log_path)
        self.timings["start"] = time.monotonic() - started
        self.url = url
        self.log(f"demo server: up at {url} after {sum(self.timings.values()):.1f} s (logs in {self.workdir})")

    def _create_database(self) -> str:
        """A DATABASE_URL for an empty database of the same engine as the one the tests use."""
        parts = urlsplit(self.source_database_url)
        if parts.scheme not in POSTGRES_SCHEMES:
            return f"sqlite:///{self.workdir / 'demo.sqlite3'}"
        from psycopg import sql

        name = f"{parts.path.lstrip('/') or 'vitrine'}_browser"
        self._postgres_name = name
        self._drop_postgres()
        with _postgres_admin(self.source_database_url) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return urlunsplit(parts._replace(path=f"/{name}"))

    def _drop_postgres(self) -> None:
        from psycopg import sql

        with _postgres_admin(self.source_database_url) as conn:
            statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self._postgres_name))
            conn.execute(statement)

    def _popen(self, args: list[str], *, log_path: Path) -> subprocess.Popen:
        if self._stopping:
            raise DemoServerError("the demo server was stopped while it was being built")
        with log_path.open("w", encoding="utf-8") as out:
            return subprocess.Popen(
                [*DIE_WITH_PARENT, sys.executable, "manage.py", *args],
                cwd=PROJECT,
                env=self._env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def _run_step(self, name: str, args: list[str]) -> None:
        log_path = self.workdir / f"{name}.log"
        self._process = self._popen(args, log_path=log_path)
        try:
            returncode = self._process.wait(timeout=STEP_TIMEOUT)
        except subprocess.TimeoutExpired:
            _stop(self._process)
            raise DemoServerError(f"manage.py {' '.join(args)} took over {STEP_TIMEOUT} s:\n{tail(log_path)}") from None
        if returncode != 0:
            raise DemoServerError(f"manage.py {' '.join(args)} failed ({returncode}):\n{tail(log_path)}")

    def _wait_until_up(self, url: str, log_path: Path) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise DemoServerError(f"the demo server exited with {self._process.returncode}:\n{tail(log_path)}")
            try:
                with urllib.request.urlopen(f"{url}/nl/", timeout=5) as response:  # noqa: S310 - our own server
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.2)
        raise DemoServerError(f"the demo server did not answer within {STARTUP_TIMEOUT} s:\n{tail(log_path)}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
