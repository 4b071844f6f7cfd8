"""Programs some tests start for real (redis-server, nginx, moto's S3 server), found once, in one way.

Without the program the test skips, and under VITRINE_FAIL_ON_SKIP=1 (CI) it fails at once, naming what to
install: a test that needs something must never pass by being skipped (tests/conftest.py also fails the run on
any skip).
"""

import os
import shutil

import pytest


def require_binary(name: str, *, install: str, path: str | None = None, also: tuple[str, ...] = ()) -> str:
    """The path of `name` (on `path`, else PATH, else one of `also`), or skip/fail with how to `install` it."""
    found = shutil.which(name, path=path) or next((p for p in also if os.access(p, os.X_OK)), None)
    if found is None:
        message = f"{name} is not installed ({install})"
        if os.environ.get("VITRINE_FAIL_ON_SKIP"):
            pytest.fail(message)
        pytest.skip(message)
    return found
