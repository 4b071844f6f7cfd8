"""The map page in Chromium: the points come from /api/v1/cases/points/, Leaflet.markercluster groups them,
nothing is fetched from another host than the site's (the tile server of MAP_TILE_URL excepted, answered
here), and the links to the listing stay when JavaScript, the tiles or the points fail.

Runs against the demo site of conftest.py (24 Dutch cases, most placed on the map through their municipality).
"""

import base64
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.axe import assert_no_serious_violations

MAP = "/nl/kaart/"
POINTS = "/api/v1/cases/points/?locale=nl"
# A 1x1 transparent PNG: stands in for the tile server, which tests never reach.
TILE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


class Traffic:
    """Every request of a page by host; tiles are answered with a blank PNG (or fail, with `tiles_fail`),
    any other host is refused."""

    def __init__(self, page: Page, base_url: str, *, tiles_fail: bool = False):
        self.host = urlsplit(base_url).netloc
        self.tile_host = ""
        self.tiles_fail = tiles_fail
        self.elsewhere: list[str] = []
        self.errors: list[str] = []
        page.on("request", self._request)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)
        page.route(lambda url: urlsplit(url).netloc != self.host, self._foreign)

    def _request(self, request) -> None:
        netloc = urlsplit(request.url).netloc
        if netloc not in (self.host, self.tile_host):
            self.elsewhere.append(request.url)

    def _console(self, message) -> None:
        source = message.location.get("url", "")
        if message.type == "error" and urlsplit(source).netloc in ("", self.host) and "tile" not in message.text:
            self.errors.append(message.text)

    def _foreign(self, route: Route) -> None:
        if urlsplit(route.request.url).netloc == self.tile_host and not self.tiles_fail:
            route.fulfill(status=200, content_type="image/png", body=TILE_PNG)
        else:
            route.abort()

    def open(self, page: Page) -> None:
        """Open the map; its tile server is the one the page names (data-tile-url)."""
        html = page.request.get(MAP).text()
        self.tile_host = urlsplit(re.search(r'data-tile-url="([^"]+)"', html).group(1)).netloc
        page.goto(MAP)


def points_count(page: Page) -> int:
    return page.request.get(POINTS).json()["count"]


def represented(page: Page) -> int:
    """How many cases the drawn map stands for: the numbers on the clusters plus the single markers."""
    return page.evaluate(
        """() => {
            const clusters = [...document.querySelectorAll('.marker-cluster')];
            const counted = clusters.reduce((sum, el) => sum + parseInt(el.textContent, 10), 0);
            const single = document.querySelectorAll('.leaflet-marker-icon:not(.marker-cluster)').length;
            return counted + single;
        }"""
    )


def test_the_map_clusters_the_points_of_the_api_and_asks_no_other_host(page: Page, base_url: str):
    traffic = Traffic(page, base_url)
    with page.expect_response(lambda response: POINTS in response.url) as points:
        traffic.open(page)
    assert points.value.status == 200
    count = points_count(page)
    assert count >= 10, count
    expect(page.locator("[data-map]")).to_have_attribute("data-map-ready", str(count))
    expect(page.locator(".marker-cluster").first).to_be_visible()  # the demo's cases are close together
    for _ in range(20):  # markers are added in chunks; let the last one land
        if represented(page) == count:
            break
        page.wait_for_timeout(100)
    assert represented(page) == count
    expect(page.locator("[data-map-status]")).to_be_hidden()
    expect(page.get_by_text("De kaart heeft JavaScript nodig")).to_be_hidden()
    assert traffic.elsewhere == []
    assert traffic.errors == []


def test_a_cluster_opens_with_the_keyboard_until_a_marker_links_to_its_case(page: Page, base_url: str):
    traffic = Traffic(page, base_url)
    traffic.open(page)
    expect(page.locator("[data-map][data-map-ready]")).to_be_attached()
    for _ in range(12):  # each Enter on a cluster zooms in on it; markers stand apart at some zoom level
        single = page.locator(".leaflet-marker-icon:not(.marker-cluster)")
        if single.count():
            break
        cluster = page.locator(".marker-cluster").first
        expect(cluster).to_have_accessible_name(re.compile(r"^\d+ voorbeelden$"))
        cluster.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(500)  # the zoom animation
    single.first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup-content a")).to_have_attribute("href", re.compile(r"/nl/voorbeelden/[^/]+/$"))
    assert_no_serious_violations(page)  # the drawn map: clusters, markers, popup, zoom buttons, attribution
    assert traffic.elsewhere == []
    assert traffic.errors == []


def test_when_the_tiles_fail_the_map_gives_way_to_the_links(page: Page, base_url: str):
    traffic = Traffic(page, base_url, tiles_fail=True)
    traffic.open(page)
    expect(page.locator("[data-map-status]")).to_contain_text("De kaartachtergrond kon niet laden")
    expect(page.locator("[data-map]")).to_be_hidden()
    expect(page.locator(".map-list a")).to_have_count(12)  # eleven provinces and abroad
    with page.expect_navigation():
        page.locator(".map-list a", has_text="Oost-Vlaanderen").click()
    assert urlsplit(page.url).path == "/nl/voorbeelden/" and "province=oost-vlaanderen" in page.url
    expect(page.locator("article.card").first).to_be_visible()
    assert traffic.errors == []


def test_when_the_points_fail_the_reader_is_told_and_gets_the_links(page: Page, base_url: str):
    traffic = Traffic(page, base_url)
    page.route(re.compile(r".*/api/v1/cases/points/.*"), lambda route: route.fulfill(status=503, body="{}"))
    traffic.open(page)
    expect(page.locator("[data-map-status]")).to_contain_text("De voorbeelden voor de kaart konden niet laden")
    expect(page.locator("[data-map]")).to_be_hidden()
    expect(page.locator(".map-list a").first).to_be_visible()


@pytest.fixture
def no_js_page(browser: Browser, browser_context_args: dict):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_without_javascript_the_page_links_to_the_listing(no_js_page: Page):
    page = no_js_page
    page.goto(MAP)
    expect(page.locator("[data-map]")).to_be_hidden()
    expect(page.get_by_text("De kaart heeft JavaScript nodig")).to_be_visible()
    expect(page.get_by_role("link", name="lijst met voorbeelden")).to_have_attribute("href", "/nl/voorbeelden/")
    expect(page.get_by_role("heading", name="Voorbeelden per provincie")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Buitenland").click()
    assert "origin=abroad" in page.url
