""" "Voorbeeld op vlaio.be" in Chromium: an editor changes a case without saving, picks that preview mode, and the
VLAIO site's preview page (a real HTTP server on localhost standing in for vlaio.be) gets a token, reads the draft
with it from GET /api/v1/preview/ and shows it in the admin's preview panel.

The shared demo server has no HEADLESS_PREVIEW_URL; this test starts a second one on the same database with it.
"""

import json
import threading
from collections.abc import Iterator
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit
from urllib.request import urlopen

import pytest
from playwright.sync_api import Browser, expect

from devtools.demo import DemoServer
from tests.browser.admin import create_accounts, log_in

EDITOR = "lotte-voorbeeld"
DRAFT_TITLE = "Concepttitel die alleen vlaio.be te zien krijgt"
FIRST_DUTCH_CASE = """
from cases.models import CasePage
case = CasePage.objects.live().filter(locale__language_code="nl").order_by("pk").first()
print(case.pk, case.title, sep="|")
"""


class FakeVlaio(ThreadingHTTPServer):
    """The VLAIO site's preview page: reads the draft from the API with the token it was given, shows its title."""

    daemon_threads = True

    def __init__(self):
        self.api = ""  # the Vitrine server to ask, set once it runs
        self.answers: list[dict] = []
        super().__init__(("127.0.0.1", 0), PreviewPage)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class PreviewPage(BaseHTTPRequestHandler):
    def do_GET(self):
        token = parse_qs(urlsplit(self.path).query).get("token", [""])[0]
        with urlopen(f"{self.server.api}/api/v1/preview/?token={quote(token)}", timeout=30) as response:  # noqa: S310
            draft = json.load(response)
            self.server.answers.append({"token": token, "cache": response.headers["Cache-Control"], **draft})
        body = f"<!DOCTYPE html><html lang='nl'><title>vlaio.be</title><h1>{escape(draft['title'])}</h1></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def vlaio_and_vitrine(demo_server: DemoServer) -> Iterator[tuple[FakeVlaio, str]]:
    vlaio = FakeVlaio()
    threading.Thread(target=vlaio.serve_forever, daemon=True).start()
    server = demo_server.serve_another(
        {"HEADLESS_PREVIEW_URL": f"{vlaio.url}/de-vitrine/voorbeeld?token={{token}}"}, name="server-preview"
    )
    vlaio.api = server.url
    try:
        yield vlaio, server.url
    finally:
        server.stop()
        vlaio.shutdown()
        vlaio.server_close()


def test_an_editor_previews_an_unsaved_change_on_vlaio(
    browser: Browser, demo_server: DemoServer, vlaio_and_vitrine: tuple[FakeVlaio, str]
) -> None:
    vlaio, vitrine = vlaio_and_vitrine
    create_accounts(demo_server, {EDITOR: "Redacteur"})
    case_id, live_title = demo_server.manage("shell", "-c", FIRST_DUTCH_CASE).strip().splitlines()[-1].split("|")
    context = browser.new_context(locale="nl-BE", viewport={"width": 1600, "height": 1000})
    page = log_in(context, vitrine, EDITOR)

    page.goto(f"{vitrine}/admin/pages/{case_id}/edit/")
    page.get_by_role("textbox", name="Titel").first.fill(DRAFT_TITLE)
    page.locator('[data-side-panel-toggle="preview"]').click()
    # First the site's own preview of the unsaved form (Wagtail ignores a mode chosen while it loads).
    own_preview = page.frame_locator("#w-preview-iframe").get_by_role("heading", level=1)
    expect(own_preview).to_have_text(DRAFT_TITLE, timeout=15_000)
    page.locator("#id_preview_mode").select_option(label="Voorbeeld op vlaio.be")

    # Wagtail loads each preview in a new iframe and swaps it in once loaded: the newest one in this mode.
    panel = page.frame_locator('[data-w-preview-target="iframe"][src*="mode=vlaio"]').last
    expect(panel.get_by_text("Dit concept zoals vlaio.be het toont")).to_be_visible()
    client = panel.frame_locator(".headless-preview__frame")
    expect(client.get_by_role("heading", level=1)).to_have_text(DRAFT_TITLE, timeout=15_000)

    answer = vlaio.answers[-1]
    assert answer["token"]
    assert (answer["id"], answer["title"], answer["cache"]) == (int(case_id), DRAFT_TITLE, "no-store")
    # Nothing was saved: readers and the API still see the published title.
    with urlopen(f"{vitrine}/api/v1/cases/{case_id}/", timeout=30) as response:  # noqa: S310
        assert json.load(response)["title"] == live_title
    context.close()
