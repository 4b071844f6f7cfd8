"""Every page type of the reader site, as the browser tests (tests/browser) and bench/screenshots.py visit them.

Add a page type by appending a PageType to PAGE_TYPES. Fields:
- `path`: the URL path on the demo site (built from demo/site.json and demo/cases-*.json);
- `follow_first_child`: open `path`, then follow the first link to a page one level below it
  (the first case card of a listing, the first theme of the theme index), so no slug is hard-coded;
- `status`: the HTTP status the page answers with;
- `pending`: the page is not built yet (it 404s): its tests are expected to fail, and pass once it exists;
- `known`: checks that fail on this page today, `{check: reason}` with check one of CHECKS and the
  reason naming the axe rule ids or the problem; that test is then expected to fail, strictly: it turns
  red once the page is fixed, so remove the entry then.
"""

import re
from dataclasses import dataclass, field

from playwright.sync_api import Page


@dataclass(frozen=True)
class PageType:
    id: str
    language: str
    path: str
    follow_first_child: bool = False
    status: int = 200
    pending: str = ""
    known: dict[str, str] = field(default_factory=dict)


NOT_BUILT = "page not built yet"
CHECKS = ("axe", "lang", "img-alt", "skip-link")

PAGE_TYPES: list[PageType] = [
    PageType("home-nl", "nl", "/nl/"),
    PageType("home-en", "en", "/en/"),
    PageType("home-fr", "fr", "/fr/"),
    PageType("listing-nl", "nl", "/nl/voorbeelden/"),
    PageType("listing-en", "en", "/en/examples/"),
    PageType("listing-fr", "fr", "/fr/exemples/"),
    # Saint-Omer, Eeklo and Bree in Dutch; Saint-Omer in English and French.
    PageType("listing-filtered-nl", "nl", "/nl/voorbeelden/?theme=samenwerking&size=10k-25k"),
    PageType("listing-filtered-en", "en", "/en/examples/?theme=samenwerking&size=10k-25k"),
    PageType("listing-filtered-fr", "fr", "/fr/exemples/?theme=samenwerking&size=10k-25k"),
    PageType("case-nl", "nl", "/nl/voorbeelden/", follow_first_child=True),
    PageType("case-en", "en", "/en/examples/", follow_first_child=True),
    PageType("case-fr", "fr", "/fr/exemples/", follow_first_child=True),
    PageType("theme-index-nl", "nl", "/nl/themas/"),
    PageType("theme-index-en", "en", "/en/themes/"),
    PageType("theme-index-fr", "fr", "/fr/themes/"),
    PageType("theme-nl", "nl", "/nl/themas/", follow_first_child=True),
    PageType("theme-en", "en", "/en/themes/", follow_first_child=True),
    PageType("theme-fr", "fr", "/fr/themes/", follow_first_child=True),
    PageType("about-nl", "nl", "/nl/over-de-vitrine/"),
    PageType("about-en", "en", "/en/about/"),
    PageType("about-fr", "fr", "/fr/a-propos/"),
    PageType("privacy-nl", "nl", "/nl/privacy/"),
    PageType("privacy-en", "en", "/en/privacy/"),
    PageType("privacy-fr", "fr", "/fr/confidentialite/"),
    PageType("accessibility-nl", "nl", "/nl/toegankelijkheid/"),
    PageType("accessibility-en", "en", "/en/accessibility/"),
    PageType("accessibility-fr", "fr", "/fr/accessibilite/"),
    PageType("not-found-nl", "nl", "/nl/bestaat-niet/", status=404),
    PageType("not-found-en", "en", "/en/does-not-exist/", status=404),
    PageType("not-found-fr", "fr", "/fr/nexiste-pas/", status=404),
    PageType("search-nl", "nl", "/nl/zoeken/?q=leegstand"),
    PageType("search-en", "en", "/en/zoeken/?q=vacant"),
    PageType("search-fr", "fr", "/fr/zoeken/?q=commerce"),
    PageType("map-nl", "nl", "/nl/kaart/"),
    PageType("map-en", "en", "/en/kaart/"),
    PageType("map-fr", "fr", "/fr/kaart/"),
    PageType("profile-nl", "nl", "/nl/profiel/"),
    PageType("profile-en", "en", "/en/profiel/"),
    PageType("profile-fr", "fr", "/fr/profiel/"),
    PageType("open-data-nl", "nl", "/nl/open-data/"),
    PageType("open-data-en", "en", "/en/open-data/"),
    PageType("open-data-fr", "fr", "/fr/open-data/"),
    PageType("propose-nl", "nl", "/nl/voorstellen/"),
    PageType("propose-en", "en", "/en/submit/"),
    PageType("propose-fr", "fr", "/fr/proposer/"),
]

CHILD_LINKS = "main article a[href], main a[href]"  # card links first


def first_child_url(page: Page, path: str) -> str:
    """The first link on the open page to a page one level below `path`."""
    pattern = re.compile(rf"^{re.escape(path)}[^/?#]+/$")
    hrefs = page.eval_on_selector_all(CHILD_LINKS, "links => links.map(link => link.pathname)")
    for href in hrefs:
        if pattern.match(href):
            return href
    raise AssertionError(f"no link to a page below {path} in <main> of {page.url}")


def open_page_type(page: Page, page_type: PageType) -> None:
    """Load the page for `page_type` in `page` (relative to its base URL) and check its status.

    A wrong status raises AssertionError (a test failure; bench/screenshots.py reports it and goes on).
    """
    response = page.goto(page_type.path)
    if page_type.follow_first_child:
        if response is None or response.status != 200:
            raise AssertionError(f"{page_type.path}: HTTP {response and response.status}")
        response = page.goto(first_child_url(page, page_type.path))
    if response is None:
        raise AssertionError(f"{page_type.path}: no response")
    if response.status != page_type.status:
        raise AssertionError(f"{page.url}: HTTP {response.status}, expected {page_type.status}")
    # Scripts that run on "load" (the map) may still change the page: check what the reader ends up with.
    page.wait_for_load_state("networkidle")
