"""The Content-Security-Policy in Chromium: reader pages, the map, the API docs (Swagger UI) and the
Wagtail admin work with the policy enforced, and the browser reports no violation on any of them.

Violations are collected two ways: the `securitypolicyviolation` event of every document and frame,
and Chromium's console messages about the policy. These tests only read the demo content
(they add an account, not pages), so they run with the reader tests.
"""

import base64
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from devtools.demo import DemoServer
from tests.browser.admin import create_accounts, log_in

VIDEO_CASE = "/nl/voorbeelden/nachteconomie-gent-nachtplan/"  # demo/cases-a.json: a case with a video_url
TILE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportCspViolation(
        `${event.disposition} ${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
        + `on ${event.documentURI} (${event.sourceFile}:${event.lineNumber})`
    );
});
"""
CASE_ID = """
from cases.models import CasePage
print(CasePage.objects.get(locale__language_code="nl", slug="nachteconomie-gent-nachtplan").pk)
"""


class Violations:
    """Every policy violation and policy console message in a browser context."""

    def __init__(self, context: BrowserContext):
        self.found: list[str] = []
        context.expose_binding("reportCspViolation", lambda _source, text: self.found.append(text))
        context.add_init_script(LISTEN)
        context.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.found.append(f"console: {message.text}")

    def assert_none(self, page: Page) -> None:
        page.wait_for_timeout(300)  # events of the last requests arrive after the load
        assert not self.found, "\n".join(self.found)


@pytest.fixture
def context(browser: Browser, browser_context_args: dict) -> Iterator[BrowserContext]:
    context = browser.new_context(**browser_context_args, locale="nl-BE", viewport={"width": 1400, "height": 1000})
    yield context
    context.close()


@pytest.fixture
def violations(context: BrowserContext) -> Violations:
    return Violations(context)


def enforced_policy(response) -> dict[str, list[str]]:
    """The directives of an enforced (not report-only) policy of a page's response."""
    header = response.header_value("content-security-policy")
    assert header, f"{response.url}: no Content-Security-Policy"
    parts = (part.split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def test_reader_pages_work_with_the_strict_policy(context: BrowserContext, violations: Violations):
    page = context.new_page()
    page.route(
        re.compile(r"https://(www\.youtube-nocookie\.com|player\.vimeo\.com)/.*"),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>speler</p>"),
    )
    policy = enforced_policy(page.goto("/nl/"))
    assert "'unsafe-inline'" not in policy["script-src"]
    expect(page.locator("h1")).to_be_visible()

    page.goto(VIDEO_CASE)
    expect(page.locator("script[type='application/ld+json']")).to_have_count(1)
    page.locator("figure[data-video] [data-video-play]").click()
    expect(page.locator("figure[data-video] iframe")).to_have_count(1)
    expect(page.frame_locator("figure[data-video] iframe").locator("p")).to_have_text("speler")

    page.goto("/nl/voorbeelden/")
    count = page.locator("#results-count").inner_text()
    page.check("#f-theme-samenwerking")  # vitrine.js fetches the results and swaps them in place
    page.wait_for_url(re.compile(r"theme=samenwerking"))
    expect(page.locator("#results-count")).not_to_have_text(count)
    violations.assert_none(page)


def test_the_map_draws_its_tiles_and_markers_with_the_policy(
    context: BrowserContext, violations: Violations, base_url: str
):
    host = urlsplit(base_url).netloc
    page = context.new_page()
    page.route(  # the tile server of MAP_TILE_URL, answered here: the test machines have no internet
        lambda url: urlsplit(url).netloc != host,
        lambda route: route.fulfill(status=200, content_type="image/png", body=TILE_PNG),
    )
    page.goto("/nl/kaart/")
    expect(page.locator("[data-map]")).to_be_visible()
    expect(page.locator(".leaflet-tile-loaded").first).to_be_attached()
    expect(page.locator("[data-map][data-map-ready]")).to_be_attached()  # points fetched from the API, clustered
    expect(page.locator(".leaflet-marker-icon").first).to_be_visible()
    violations.assert_none(page)


def test_the_api_docs_show_the_operations_with_the_policy(context: BrowserContext, violations: Violations):
    page = context.new_page()
    enforced_policy(page.goto("/api/v1/docs/"))
    expect(page.locator(".opblock-summary-path", has_text=re.compile(r"^/api/v1/cases/$"))).to_be_visible()
    page.locator(".opblock-summary-path", has_text=re.compile(r"^/api/v1/cases/$")).click()
    expect(page.locator(".opblock-body").first).to_be_visible()  # Swagger's own script opened it
    violations.assert_none(page)


def test_the_admin_works_with_its_policy(
    context: BrowserContext, violations: Violations, demo_url: str, demo_server: DemoServer
):
    create_accounts(demo_server, {"csp-beheerder": "Beheerder"})
    case_id = int(demo_server.manage("shell", "-c", CASE_ID).strip().splitlines()[-1])
    login = context.new_page()
    enforced_policy(login.goto(f"{demo_url}/admin/login/"))
    expect(login.locator("#id_username")).to_be_visible()
    login.close()

    page = log_in(context, demo_url, "csp-beheerder")  # ends on the dashboard
    expect(page.locator("main")).to_be_visible()
    page.goto(f"{demo_url}/admin/pages/{case_id}/edit/")
    tabs = page.get_by_role("tab")
    expect(tabs.first).to_be_visible()
    assert tabs.count() > 1
    tabs.nth(1).click()  # Wagtail's own scripts switch tabs
    expect(tabs.nth(1)).to_have_attribute("aria-selected", "true")
    violations.assert_none(page)


def test_an_injected_inline_script_is_refused_and_reported(context: BrowserContext, violations: Violations):
    """What the policy is for: markup that slips into a reader page cannot run a script."""
    page = context.new_page()
    page.goto(VIDEO_CASE)
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true;";
            document.body.append(script);
        }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.injected") is None
    assert any("enforce script-src-elem blocked inline" in found for found in violations.found), violations.found
