"""The demo site built once per test session, for the tests that each need a whole site of their own.

Building it (migrate, setup_site, import_cases) takes one to two minutes; on PostgreSQL a copy of a built
database (CREATE DATABASE ... TEMPLATE) and its media folder takes a second. So the browser tests' demo server
(tests/browser/conftest.py), the backup round trip (tests/home/test_backup.py) and nginx in front of gunicorn
(tests/serving/test_nginx.py) each start from a copy of one build, in a database of their own that they may
change. The build starts in the background as soon as collection shows one of them will run, so it overlaps the
other tests. On SQLite there is no template: those tests build their own site, as before.
"""

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from devtools.demo import DemoTemplate, DemoTemplateBuild
from devtools.server import is_postgres

FIXTURE = "demo_template"  # the session fixture of tests/conftest.py
BUILD = pytest.StashKey[DemoTemplateBuild | None]()


def demo_template_build(config: pytest.Config) -> DemoTemplateBuild | None:
    """The session's build, started in the background on the first call; None when the tests run on SQLite."""
    if BUILD in config.stash:
        return config.stash[BUILD]
    database_url = os.environ.get("DATABASE_URL", "")
    if not is_postgres(database_url):
        config.stash[BUILD] = None
        return None
    workdir = Path(tempfile.mkdtemp(prefix="vitrine-demo-template-"))
    build = DemoTemplateBuild(workdir, database_url)
    config.stash[BUILD] = build

    def cleanup() -> None:
        build.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    config.add_cleanup(cleanup)
    build.start_in_background()
    return build


def demo_template_waiter(config: pytest.Config) -> Callable[[], DemoTemplate] | None:
    """For DemoServer(template=...): waits for the session's build (in the server's own build thread)."""
    build = demo_template_build(config)
    return None if build is None else build.wait
