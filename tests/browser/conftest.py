"""Browser tests: Playwright with Debian's Chromium against the demo site, served by a subprocess.

Every test in tests/browser gets the `browser` marker and runs after all other tests (once Playwright
starts, its event loop would make Django's ORM refuse synchronous calls in the same process).
The demo server (devtools/demo.py, shared with bench/screenshots.py) is built once per session, in the
background as soon as collection is done, so on a full run the build overlaps the other tests; on PostgreSQL it
is a copy of the session's demo template (tests/demo_template.py), which other tests copy too. `--base-url URL` tests a
site that already runs instead (the 404 tests need DEBUG off there).
"""

import shutil
import tempfile
from pathlib import Path

import pytest

from devtools.chromium import CHROMIUM, CHROMIUM_ARGS, MISSING_CHROMIUM, chromium_available
from devtools.demo import DemoServer
from tests.demo_template import demo_template_waiter

BROWSER_DIR = Path(__file__).resolve().parent
DEMO_SERVER = pytest.StashKey[DemoServer]()


def _is_browser_test(item: pytest.Item) -> bool:
    return BROWSER_DIR in Path(item.path).resolve().parents


def _changes_content(item: pytest.Item) -> bool:
    return item.get_closest_marker("changes_demo_content") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run last; of them, the ones that add content to the demo site run at the very end,
    so the reader tests before them see the demo content as built."""
    browser_items = [item for item in items if _is_browser_test(item)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    others = [item for item in items if not _is_browser_test(item)]
    browser_items.sort(key=_changes_content)  # stable: keeps file order otherwise
    items[:] = others + browser_items


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start building the demo site now, in a thread, when browser tests are going to run."""
    config = session.config
    if config.option.collectonly or config.getoption("--base-url") or not chromium_available():
        return
    if not any(_is_browser_test(item) for item in session.items):
        return
    workdir = Path(tempfile.mkdtemp(prefix="vitrine-demo-"))
    server = DemoServer(workdir, template=demo_template_waiter(config))
    server.start_in_background()
    config.stash[DEMO_SERVER] = server

    def cleanup() -> None:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    config.add_cleanup(cleanup)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A failed browser test shows the end of the demo server's log (tracebacks of 500s are there)."""
    report = yield
    server = item.config.stash.get(DEMO_SERVER, None)
    if report.failed and server is not None and server.url and _is_browser_test(item):
        report.sections.append(("demo server log (last lines)", server.log_tail(60)))
    return report


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    server = config.stash.get(DEMO_SERVER, None)
    if server is not None and server.url:
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in server.timings.items())
        terminalreporter.write_line(f"demo server for browser tests: {sum(server.timings.values()):.1f} s ({steps})")


@pytest.fixture(scope="session", autouse=True)
def _chromium() -> str:
    """Skip every browser test without Chromium (in CI, VITRINE_FAIL_ON_SKIP turns that into a failure)."""
    if not chromium_available():
        pytest.skip(f"{MISSING_CHROMIUM} ({CHROMIUM} ontbreekt)")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    args = CHROMIUM_ARGS if browser_type_launch_args.get("headless", True) else CHROMIUM_ARGS[1:]
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": args}


@pytest.fixture(scope="session")
def demo_url(pytestconfig: pytest.Config) -> str:
    """The root URL of the demo site, without a trailing slash."""
    given = pytestconfig.getoption("--base-url")
    if given:
        return given.rstrip("/")
    server = pytestconfig.stash.get(DEMO_SERVER, None)
    if server is None:  # not started after collection: a test outside tests/browser asked for it
        workdir = Path(tempfile.mkdtemp(prefix="vitrine-demo-"))
        server = DemoServer(workdir, template=demo_template_waiter(pytestconfig))
        server.start_in_background()
        pytestconfig.stash[DEMO_SERVER] = server
        pytestconfig.add_cleanup(lambda: (server.stop(), shutil.rmtree(workdir, ignore_errors=True)))
    return server.wait()


@pytest.fixture(scope="session")
def demo_server(pytestconfig: pytest.Config, demo_url: str) -> DemoServer:
    """The demo server this run built, for tests that also need its database (accounts, stored files)."""
    server = pytestconfig.stash.get(DEMO_SERVER, None)
    if server is None:
        pytest.fail("this test needs the demo server built by the test run, not --base-url")
    return server


@pytest.fixture(scope="session")
def base_url(demo_url: str) -> str:
    """pytest-playwright's base URL: `page.goto("/nl/")` opens the demo site."""
    return demo_url
