"""{% share_links %}: plain share links, correctly encoded, and the two buttons that need JavaScript."""

from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory

import pytest

from reader.sharing import share_urls
from tests.reader.conftest import make_case

SHARE_JS = Path(settings.BASE_DIR) / "vitrine_cms" / "static" / "js" / "share.js"


class ShareParser(HTMLParser):
    """Every element's attributes and text, in document order."""

    def __init__(self):
        super().__init__()
        self.elements: list[dict] = []
        self._open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(element)
        if tag not in {"meta", "link", "br", "img", "input"}:
            self._open.append(element)

    def handle_endtag(self, tag):
        if self._open and self._open[-1]["tag"] == tag:
            self._open.pop()

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data

    def find(self, tag: str, **attrs) -> list[dict]:
        return [
            element
            for element in self.elements
            if element["tag"] == tag and all(element["attrs"].get(k) == v for k, v in attrs.items())
        ]


def render(template: str, **context) -> ShareParser:
    request = RequestFactory().get("/nl/voorbeelden/")
    html = Template("{% load reader_seo %}" + template).render(Context({"request": request, **context}))
    parser = ShareParser()
    parser.feed(html)
    return parser


TITLE = "Pop-ups & co: 50% minder leegstand?"
URL = "http://testserver/nl/voorbeelden/pop-ups-co/"
EXPECTED = {
    "Delen op LinkedIn": "https://www.linkedin.com/sharing/share-offsite/?url=http%3A%2F%2Ftestserver%2Fnl%2Fvoorbeelden%2Fpop-ups-co%2F",
    "Delen op Facebook": "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2Fnl%2Fvoorbeelden%2Fpop-ups-co%2F",
    "Delen op X": (
        "https://x.com/intent/post?url=http%3A%2F%2Ftestserver%2Fnl%2Fvoorbeelden%2Fpop-ups-co%2F"
        "&text=Pop-ups%20%26%20co%3A%2050%25%20minder%20leegstand%3F"
    ),
    "Delen via e-mail": (
        "mailto:?subject=Pop-ups%20%26%20co%3A%2050%25%20minder%20leegstand%3F"
        "&body=Pop-ups%20%26%20co%3A%2050%25%20minder%20leegstand%3F%0A%0Ahttp%3A%2F%2Ftestserver%2Fnl%2Fvoorbeelden%2Fpop-ups-co%2F"
    ),
    "Delen via WhatsApp": (
        "https://wa.me/?text=Pop-ups%20%26%20co%3A%2050%25%20minder%20leegstand%3F%20"
        "http%3A%2F%2Ftestserver%2Fnl%2Fvoorbeelden%2Fpop-ups-co%2F"
    ),
}


@pytest.fixture
def case(site):
    return make_case("pop-ups-co", title=TITLE)


def test_share_links_are_encoded_plain_links_in_the_same_tab(case):
    html = render("{% share_links page %}", page=case)
    links = {element["text"].strip(): element["attrs"] for element in html.find("a")}
    assert {label: attrs["href"] for label, attrs in links.items()} == EXPECTED
    for attrs in links.values():
        assert attrs["rel"] == "noopener"
        assert "target" not in attrs


def test_share_section_is_labelled_and_announces_copies_politely(case):
    html = render("{% share_links page %}", page=case)
    [section] = html.find("section")
    assert section["attrs"]["class"] == "share"
    [heading] = html.find("h2")
    assert heading["text"] == "Deel dit voorbeeld"
    assert section["attrs"]["aria-labelledby"] == heading["attrs"]["id"]
    assert section["attrs"]["data-copied-message"] == "Link gekopieerd"
    [status] = html.find("p", **{"aria-live": "polite"})
    assert status["attrs"]["role"] == "status"


def test_copy_and_native_share_buttons_are_hidden_until_javascript_shows_them(case):
    html = render("{% share_links page %}", page=case)
    [copy] = html.find("button", **{"class": "share__copy"})
    assert copy["attrs"]["type"] == "button"
    assert "hidden" in copy["attrs"]
    assert "data-share-copy" in copy["attrs"]
    assert copy["attrs"]["data-url"] == URL
    assert copy["text"] == "Kopieer link"
    [native] = html.find("button", **{"class": "share__native"})
    assert "hidden" in native["attrs"]
    assert "data-share-native" in native["attrs"]
    assert native["attrs"]["data-url"] == URL
    assert native["attrs"]["data-title"] == TITLE
    assert native["text"] == "Delen…"
    [script] = html.find("script")
    assert script["attrs"]["src"] == "/static/js/share.js"
    assert "defer" in script["attrs"]


def test_share_links_for_a_url_and_title_outside_the_page_tree(db):
    html = render('{% share_links url="/nl/zoeken/?q=fiets" title="Zoeken" heading="Deel deze zoekopdracht" %}')
    [heading] = html.find("h2")
    assert heading["text"] == "Deel deze zoekopdracht"
    [copy] = html.find("button", **{"class": "share__copy"})
    assert copy["attrs"]["data-url"] == "http://testserver/nl/zoeken/?q=fiets"
    [linkedin] = [a for a in html.find("a") if "LinkedIn" in a["text"]]
    assert linkedin["attrs"]["href"].endswith("?url=http%3A%2F%2Ftestserver%2Fnl%2Fzoeken%2F%3Fq%3Dfiets")


def test_share_urls_keep_non_ascii_titles_intact():
    urls = share_urls(url="https://example.org/fr/", title="Boutiques éphémères")
    assert urls["x"].endswith("&text=Boutiques%20%C3%A9ph%C3%A9m%C3%A8res")


def test_share_script_is_small_and_self_contained():
    script = SHARE_JS.read_text(encoding="utf-8")
    assert len(script.encode("utf-8")) < 2048
    assert "navigator.clipboard" in script
    assert "navigator.share" in script
    assert "http" not in script, "no third-party requests"
    assert "import " not in script
