"""Full-page screenshots of every page type of the reader site, at a phone and a desktop width.

    .venv/bin/python bench/screenshots.py [--base-url URL] [--out var/screenshots] [--widths 390,1280]

Without --base-url it builds and starts the demo site like the browser tests do
(devtools/demo.py; about a minute), and stops it afterwards. The pages are the Dutch
ones of PAGE_TYPES (devtools/pages.py) plus one English case, written to
<out>/<page type>-<width>.png. Needs Debian's Chromium (/usr/bin/chromium). Requests to other hosts
than the site's are blocked, so nothing is fetched from the internet.
"""

import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from playwright.sync_api import Page, Route, sync_playwright  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError  # noqa: E402

from devtools.chromium import CHROMIUM, CHROMIUM_ARGS, MISSING_CHROMIUM, chromium_available  # noqa: E402
from devtools.demo import DemoServer  # noqa: E402
from devtools.pages import PAGE_TYPES, PageType, open_page_type  # noqa: E402

HEIGHT = 900  # viewport height; the screenshot covers the whole page
EXTRA_PAGE_TYPES = ["case-en"]
LOAD_ALL_IMAGES = """() => Promise.all([...document.images].map(image => {
    image.loading = "eager";
    return image.complete ? null : new Promise(done => { image.onload = image.onerror = done; });
}))"""


def log(message: str) -> None:
    print(f"[screenshots] {message}", file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Full-page screenshots of every page type (see bench/README.md).")
    parser.add_argument("--base-url", help="a running site, e.g. http://127.0.0.1:8000 (default: build the demo site)")
    parser.add_argument("--out", type=Path, default=PROJECT / "var" / "screenshots", help="default var/screenshots")
    parser.add_argument("--widths", default="390,1280", help="comma-separated viewport widths (default 390,1280)")
    args = parser.parse_args()
    try:
        args.widths = [int(width) for width in args.widths.split(",") if width.strip()]
    except ValueError:
        parser.error("--widths takes whole numbers, e.g. 390,1280")
    return args


def page_types() -> list[PageType]:
    return [page_type for page_type in PAGE_TYPES if page_type.language == "nl" or page_type.id in EXTRA_PAGE_TYPES]


def shoot(page: Page, page_type: PageType, path: Path) -> str:
    """Screenshot one page; return a problem (wrong status, missing link) or ""."""
    problem = ""
    try:
        open_page_type(page, page_type)
    except AssertionError as error:
        problem = str(error)
    page.evaluate(LOAD_ALL_IMAGES)
    try:
        page.wait_for_load_state("networkidle", timeout=10_000)
    except PlaywrightTimeoutError:
        pass  # a page that keeps polling: take it as it is
    page.screenshot(path=path, full_page=True)
    return problem


def take_screenshots(base_url: str, out: Path, widths: list[int]) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    site_host = urlsplit(base_url).netloc
    problems = []

    def only_the_site(route: Route) -> None:
        if urlsplit(route.request.url).netloc in {site_host, ""} or route.request.url.startswith("data:"):
            route.continue_()
        else:
            log(f"blocked {route.request.url}")
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width in widths:
                context = browser.new_context(base_url=base_url, viewport={"width": width, "height": HEIGHT})
                context.route("**/*", only_the_site)
                page = context.new_page()
                for page_type in page_types():
                    path = out / f"{page_type.id}-{width}.png"
                    problem = shoot(page, page_type, path)
                    if problem:
                        problems.append(f"{path.name}: {problem}")
                    log(f"{path.relative_to(PROJECT) if path.is_relative_to(PROJECT) else path}  {problem}".rstrip())
                context.close()
        finally:
            browser.close()
    return problems


def main() -> int:
    args = parse_args()
    # `kill` ends the run like Ctrl-C does: the demo server stops and its PostgreSQL database is dropped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if not chromium_available():
        log(f"{MISSING_CHROMIUM} ({CHROMIUM} ontbreekt)")
        return 2
    started = time.monotonic()
    if args.base_url:
        problems = take_screenshots(args.base_url.rstrip("/"), args.out.resolve(), args.widths)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="vitrine-demo-"))
        log(f"building the demo site in {workdir} (DATABASE_URL {os.environ.get('DATABASE_URL') or 'unset: SQLite'})")
        try:
            with DemoServer(workdir, log=log) as server:
                problems = take_screenshots(server.url, args.out.resolve(), args.widths)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    log(f"done in {time.monotonic() - started:.0f} s: {args.out}")
    for problem in problems:
        log(f"problem: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
