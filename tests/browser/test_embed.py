"""The embed widget in Chromium, on another site's page: a municipality pastes the "Insluiten" code of our listing
into a page of its own (served by a tiny http.server on another port). From an origin in EMBED_ORIGINS the widget
renders and the page receives its height and fits the iframe to it; the same page from an origin that is not
listed gets nothing: Chromium refuses to frame the widget (CSP frame-ancestors).

The demo site is served a second time with EMBED_ORIGINS set (DemoServer.serve_another), because the origin of
the embedding page is only known once its server has a port. `localhost` and `127.0.0.1` on the same port are two
origins, so one http.server plays both the allowed and the refused site.
"""

import html
import re
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from devtools.demo import DemoServer
from tests.browser.axe import assert_no_serious_violations

HEIGHT_MESSAGES = """
window.vitrineHeights = [];
window.addEventListener("message", (event) => {
    if (event.data && event.data.type === "vitrine:embed-height") window.vitrineHeights.push(event.data.height);
});
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the test output is no place for an access log
        pass


@pytest.fixture
def municipality_site(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A static site on a free port of 127.0.0.1 (also reachable as localhost): its folder and its port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield tmp_path, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def embedding_server(demo_server: DemoServer, municipality_site) -> Iterator[str]:
    """The demo site, allowing only the municipality's site at http://localhost:<port> to frame its widgets."""
    _folder, port = municipality_site
    server = demo_server.serve_another({"EMBED_ORIGINS": f"http://localhost:{port}"}, name="server-embed")
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def context(browser: Browser, browser_context_args: dict) -> Iterator[BrowserContext]:
    context = browser.new_context(**browser_context_args, locale="nl-BE")
    context.add_init_script(HEIGHT_MESSAGES)
    yield context
    context.close()


def embed_code(context: BrowserContext, listing_url: str) -> str:
    """What an editor of the municipality copies from the "Insluiten" dialog of a filtered listing."""
    page = context.new_page()
    page.goto(listing_url)
    page.get_by_text("Insluiten", exact=True).click()  # a <details>: opens without our script too
    code = page.get_by_label("Code om in te sluiten")
    expect(code).to_be_visible()
    page.get_by_role("button", name="Kopieer de code").click()
    expect(code).to_be_focused()  # selected, so the keyboard can copy it where the clipboard is not allowed
    expect(
        page.get_by_role("status").filter(has_text=re.compile("Code gekopieerd|De code is geselecteerd"))
    ).to_be_visible()
    assert_no_serious_violations(page)  # the listing with the dialog open
    value = code.input_value()
    page.close()
    return value


def test_an_allowed_site_shows_the_widget_and_fits_it_to_its_height_and_another_is_refused(
    context: BrowserContext, embedding_server: str, municipality_site
):
    folder, port = municipality_site
    code = embed_code(context, f"{embedding_server}/nl/voorbeelden/?theme=mobiliteit")
    assert "theme=mobiliteit" in html.unescape(code)
    (folder / "index.html").write_text(
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Gemeente Voorbeeldegem</title></head>'
        f"<body><h1>Kernversterking in onze gemeente</h1>{code}</body></html>",
        encoding="utf-8",
    )

    allowed = context.new_page()
    allowed.goto(f"http://localhost:{port}/index.html")
    widget = allowed.frame_locator("iframe[data-vitrine-embed]")
    expect(widget.locator(".embed-card").first).to_be_visible()
    assert 1 <= widget.locator(".embed-card").count() <= 6
    link = widget.locator(".embed-card__title a").first
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("href", re.compile(rf"^{re.escape(embedding_server)}/nl/voorbeelden/"))
    allowed.wait_for_function("() => window.vitrineHeights.length > 0")
    reported = allowed.evaluate("() => window.vitrineHeights[window.vitrineHeights.length - 1]")
    assert reported > 100
    # The code's own script fitted the iframe to the height the widget reported (it starts at 640).
    expect(allowed.locator("iframe[data-vitrine-embed]")).to_have_attribute("height", str(reported))

    widget_page = context.new_page()  # the widget on its own, as axe can read it
    widget_page.goto(f"{embedding_server}/embed/cases/?theme=mobiliteit")
    assert_no_serious_violations(widget_page)

    refusals = []
    refused = context.new_page()
    refused.on("console", lambda message: refusals.append(message.text))
    refused.goto(f"http://127.0.0.1:{port}/index.html")
    expect(refused.locator("h1")).to_have_text("Kernversterking in onze gemeente")
    refused.wait_for_timeout(1000)
    assert any("frame-ancestors" in text and f"http://localhost:{port}" in text for text in refusals), refusals
    frame = refused.frames[1]
    assert frame.url.startswith("chrome-error://") or not frame.content().count("embed-card")
    assert refused.evaluate("() => window.vitrineHeights.length") == 0
