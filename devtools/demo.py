"""The demo site in a subprocess, built like `make setup` does, for browser tests and screenshots.

    with DemoServer(workdir) as server:
        server.url  # http://127.0.0.1:<port>, answering /nl/, /en/, /fr/

Steps: a database of its own (PostgreSQL `<name>_browser` when DATABASE_URL points at PostgreSQL,
else an SQLite file in `workdir`), `migrate`, `setup_site`, `import_cases demo/cases-a.json
demo/cases-b.json`, then `runserver --noreload` on a free port of 127.0.0.1 with
vitrine_cms.settings.browser (DEBUG off, media in `workdir/web/media`). `stop()` ends the server
and drops the PostgreSQL database. Logs of every step are in `workdir`.

`start_in_background()` builds in a thread, so the build can overlap other tests; `wait()` then
starts the server and returns its URL, or raises what went wrong. The subprocesses end with the
thread that started them (see devtools.server), so the server is started from the calling (main)
thread.

On PostgreSQL, building takes one to two minutes, copying a built site a second: `DemoTemplateBuild`
builds the site once (database `<name>_template`, media in its workdir) and `DemoServer(workdir,
template=build.wait)` (or a `DemoTemplate`) starts from a copy of that database and media folder
instead of building, in a database of its own that it may change. `copy_demo_template` gives such a
copy to a test that serves it otherwise (other settings, gunicorn).
"""

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from devtools.server import (
    PROJECT,
    Server,
    ServerError,
    create_postgres_database,
    drop_postgres_database,
    is_postgres,
    popen,
    postgres_database_name,
    start_server,
    stop_process,
    tail,
)

SETTINGS = "vitrine_cms.settings.browser"
DEMO_FILES = ["demo/cases-a.json", "demo/cases-b.json"]
STEP_TIMEOUT = 600  # seconds per build step
STARTUP_TIMEOUT = 60  # seconds for the server to answer


class DemoServerError(ServerError):
    pass


@dataclass(frozen=True)
class DemoTemplate:
    """A built demo site to copy: a PostgreSQL database nobody is connected to, and its media folder."""

    database_url: str
    media_root: Path


def copy_demo_template(template: DemoTemplate, source_database_url: str, name: str, media_root: Path) -> str:
    """A copy of `template` in the PostgreSQL database `name` (next to `source_database_url`), its media
    copied into `media_root`; return the copy's DATABASE_URL. The caller drops the database."""
    shutil.copytree(template.media_root, media_root, dirs_exist_ok=True)
    return create_postgres_database(source_database_url, name, template=postgres_database_name(template.database_url))


class DemoServer:
    def __init__(
        self,
        workdir: Path,
        database_url: str | None = None,
        log: Callable[[str], None] | None = None,
        *,
        name: str = "browser",
        template: DemoTemplate | Callable[[], DemoTemplate] | None = None,
    ):
        """`name` ends the PostgreSQL database's name; `template` (or a function that waits for one and returns
        it) is a built site to copy instead of building one (PostgreSQL only)."""
        self.workdir = Path(workdir)
        self.source_database_url = os.environ.get("DATABASE_URL", "") if database_url is None else database_url
        self.log = log or (lambda message: None)
        self.name = name
        self.template = template
        self.url = ""
        self.timings: dict[str, float] = {}
        self._postgres_name = ""
        self._process: subprocess.Popen | None = None  # the build step running now
        self._server: Server | None = None
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

    def wait_built(self) -> None:
        """Wait for the build started by `start_in_background()`; raise what went wrong."""
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error

    def wait(self) -> str:
        self.wait_built()
        if not self.url:
            self._serve()
        return self.url

    def stop(self) -> None:
        self._stopping = True
        if self._server is not None:
            self._server.stop()
        if self._process is not None:
            stop_process(self._process)
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self._postgres_name:
            drop_postgres_database(self.source_database_url, self._postgres_name)
            self._postgres_name = ""

    def manage(self, *args: str, stdin: str = "") -> str:
        """Run a management command against the demo site's database; return what it printed.

        Browser tests use it to set up what a user cannot do through the site (accounts of a role)
        and to look at what the site stored (the files behind an uploaded image).
        """
        if not self._env:
            raise DemoServerError("the demo server has not been built")
        result = subprocess.run(  # noqa: S603 - manage.py with arguments of our own tests
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

    def serve_another(self, extra_env: dict[str, str], name: str) -> Server:
        """A second server on the same database and media, with settings changed by `extra_env`
        (e.g. two-factor authentication switched on), for tests that must not change the shared server.
        The caller stops it."""
        if not self._env:
            raise DemoServerError("the demo server has not been built")
        return start_server(
            "runserver",
            env=self._env,
            extra_env=extra_env,
            log_path=self.workdir / f"{name}.log",
            timeout=STARTUP_TIMEOUT,
        )

    @property
    def media_root(self) -> Path:
        return self.workdir / "web" / "media"

    def log_tail(self, lines: int = 40) -> str:
        return tail(self.workdir / "server.log", lines)

    # --- Steps -----------------------------------------------------------------------------
    def _build(self) -> None:
        template = self.template() if callable(self.template) else self.template
        if template is not None and not is_postgres(self.source_database_url):
            raise DemoServerError("a demo server starts from a template on PostgreSQL only")
        (self.workdir / "web" / "media").mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        self._env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": self._create_database(template),
            "BROWSER_WEB_ROOT": str(self.workdir / "web"),
            "PYTHONUNBUFFERED": "1",
            "LOG_LEVEL": "WARNING",
        }
        self._env.pop("REDIS_URL", None)  # the browser settings use a local-memory cache
        if template is not None:
            self.timings["copy"] = time.monotonic() - started
            self.log(f"demo server: copied the built site in {self.timings['copy']:.1f} s")
            return
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
        if self._stopping:
            raise DemoServerError("the demo server was stopped while it was being built")
        started = time.monotonic()
        self._server = start_server(
            "runserver", env=self._env, log_path=self.workdir / "server.log", timeout=STARTUP_TIMEOUT
        )
        self.timings["start"] = time.monotonic() - started
        self.url = self._server.url
        self.log(f"demo server: up at {self.url} after {sum(self.timings.values()):.1f} s (logs in {self.workdir})")

    def _create_database(self, template: DemoTemplate | None) -> str:
        """A DATABASE_URL for an empty database of the same engine as the one the tests use, or for a copy of
        `template` (its media copied too)."""
        if not is_postgres(self.source_database_url):
            return f"sqlite:///{self.workdir / 'demo.sqlite3'}"
        name = f"{urlsplit(self.source_database_url).path.lstrip('/') or 'vitrine'}_{self.name}"
        self._postgres_name = name
        if template is not None:
            return copy_demo_template(template, self.source_database_url, name, self.media_root)
        return create_postgres_database(self.source_database_url, name)

    def _popen(self, args: list[str], *, log_path: Path) -> subprocess.Popen:
        if self._stopping:
            raise DemoServerError("the demo server was stopped while it was being built")
        return popen([sys.executable, "manage.py", *args], env=self._env, log_path=log_path)

    def _run_step(self, name: str, args: list[str]) -> None:
        log_path = self.workdir / f"{name}.log"
        self._process = self._popen(args, log_path=log_path)
        try:
            returncode = self._process.wait(timeout=STEP_TIMEOUT)
        except subprocess.TimeoutExpired:
            stop_process(self._process)
            raise DemoServerError(f"manage.py {' '.join(args)} took over {STEP_TIMEOUT} s:\n{tail(log_path)}") from None
        if returncode != 0:
            raise DemoServerError(f"manage.py {' '.join(args)} failed ({returncode}):\n{tail(log_path)}")


class DemoTemplateBuild:
    """The demo site built once (PostgreSQL), in a thread, for demo servers and tests to copy.

    `wait()` returns the DemoTemplate, or raises what went wrong, to every caller; `stop()` drops it.
    """

    def __init__(self, workdir: Path, database_url: str | None = None, log: Callable[[str], None] | None = None):
        self.builder = DemoServer(workdir, database_url, log, name="template")
        if not is_postgres(self.builder.source_database_url):
            raise DemoServerError("a demo template needs DATABASE_URL on PostgreSQL")
        self._started = False
        self._lock = threading.Lock()

    @property
    def timings(self) -> dict[str, float]:
        return self.builder.timings

    def start_in_background(self) -> None:
        with self._lock:
            if not self._started:
                self._started = True
                self.builder.start_in_background()

    def wait(self) -> DemoTemplate:
        self.start_in_background()
        self.builder.wait_built()
        return DemoTemplate(self.builder._env["DATABASE_URL"], self.builder.media_root)

    def stop(self) -> None:
        self.builder.stop()
