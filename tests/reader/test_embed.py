"""The embeddable case list (/embed/cases/, reader/embed.py) as an embedding site and its readers meet it: who may
frame it, what it shows (never a hidden case), what it never does (cookies, outside requests), its strict
parameters, its query budget, the listing's "Insluiten" code and the case page's oEmbed discovery link."""

import html
import os
import re
import subprocess
import sys
from urllib.parse import parse_qsl, urlsplit

from wagtail.models import PageViewRestriction

import pytest

from cases.models.catalogue import refresh_stale_cards
from devtools.server import PROJECT
from home.caching import bump_content_version
from tests.reader.conftest import make_case
from tests.reader.test_visibility import expire

pytestmark = pytest.mark.django_db

VLAIO = "https://www.vlaio.be"
URL_ATTR = re.compile(r'\b(?:src|href|srcset|action|poster)="([^"]*)"')
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


@pytest.fixture(autouse=True)
def _embed_origins(settings):
    settings.EMBED_ORIGINS = [VLAIO]


@pytest.fixture
def cases(site):
    """Three visible Dutch cases, newest last, next to the site's trilingual Lokeren case (the oldest)."""
    return [
        make_case("deelfietsen-tienen", title="Deelfietsen in Tienen", themes=("mobiliteit",), day=10),
        make_case("markt-hasselt", title="Avondmarkt in Hasselt", themes=("duurzaamheid",), day=20),
        make_case("pleinen-gent", title="Groene pleinen in Gent", themes=("mobiliteit",), day=30, population=265_000),
    ]


def directives(response) -> dict[str, list[str]]:
    parts = (part.split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def titles(response) -> list[str]:
    return [
        html.unescape(title)
        for title in re.findall(r'embed-card__title"><a [^>]*>([^<]+)<span', response.content.decode())
    ]


def test_the_widget_lists_the_newest_matching_cases_with_links_that_open_our_site(cases, client):
    response = client.get("/embed/cases/", {"theme": "mobiliteit", "limit": 2})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert titles(response)[:2] == ["Groene pleinen in Gent", "Deelfietsen in Tienen"]
    page = response.content.decode()
    assert '<html lang="nl">' in page
    assert 'href="http://testserver/nl/voorbeelden/pleinen-gent/" target="_blank" rel="noopener"' in page
    assert "(opent in een nieuw tabblad)" in page
    # The footer leads to the full listing with the same filter; three Dutch mobility cases in all.
    assert 'href="http://testserver/nl/voorbeelden/?theme=mobiliteit"' in page
    assert "Bekijk alle 3 voorbeelden op De Vitrine" in page


def test_the_widget_speaks_the_language_it_is_asked_for(cases, client, trilingual):
    response = client.get("/embed/cases/", {"locale": "fr"})
    assert titles(response) == ["Boutiques éphémères à Lokeren"]
    assert f'href="http://testserver{trilingual.fr.url}"' in response.content.decode()
    assert '<html lang="fr">' in response.content.decode()


def test_only_the_embed_origins_may_frame_the_widget_and_every_other_page_stays_denied(cases, client, settings):
    settings.EMBED_ORIGINS = [VLAIO, "https://*.gemeente.be"]
    for url in ("/embed/cases/", f"/embed/cases/{cases[0].pk}/", "/embed/cases/?limit=99", "/embed/cases/999999/"):
        response = client.get(url)
        assert directives(response)["frame-ancestors"] == ["'self'", VLAIO, "https://*.gemeente.be"], url
        assert "X-Frame-Options" not in response, url
        assert directives(response)["script-src"] == ["'self'"], url  # the rest of the reader policy holds
    for url in ("/nl/voorbeelden/", cases[0].url, "/api/v1/cases/", "/api/v1/oembed/?url=x"):
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert directives(response)["frame-ancestors"] == ["'none'"], url


def test_without_embed_origins_only_our_own_pages_may_frame_it(cases, client, settings):
    settings.EMBED_ORIGINS = []
    assert directives(client.get("/embed/cases/"))["frame-ancestors"] == ["'self'"]


def test_the_widget_sets_no_cookie_and_asks_nothing_of_another_site(cases, client):
    client.cookies["vitrine_profiel"] = "lokale-besturen|44021"  # a reader who has a profile on our site
    for url in ("/embed/cases/?limit=24", f"/embed/cases/{cases[0].pk}/", "/embed/cases/?theme=x"):
        response = client.get(url)
        assert "Set-Cookie" not in str(response.serialize_headers()), url
        assert not response.cookies, url
        page = response.content.decode()
        for address in URL_ATTR.findall(page):
            for part in html.unescape(address).split(","):
                target = part.strip().split(" ")[0]
                assert target.startswith(("/", "http://testserver/")), f"{url}: {target}"
        for attributes in SCRIPT_TAG.findall(page):  # only our own script file, nothing inline
            assert 'src="/static/js/embed.js"' in attributes, attributes
        assert "<style" not in page and " style=" not in page


def test_drafts_private_expired_and_withdrawn_cases_never_appear(cases, client, site):
    draft = make_case("concept-leuven", title="Nog een concept", live=False, day=40)
    private = make_case("besloten-mol", title="Besloten voorbeeld", day=41)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    expired = make_case("verlopen-geel", title="Verlopen voorbeeld", day=42)
    expire(expired)
    withdrawn = make_case("ingetrokken-lier", title="Ingetrokken voorbeeld", day=43)
    withdrawn.unpublish()
    listed = titles(client.get("/embed/cases/", {"limit": 24}))
    assert listed == ["Groene pleinen in Gent", "Avondmarkt in Hasselt", "Deelfietsen in Tienen", "Pop-ups in Lokeren"]
    for hidden in (draft, private, expired, withdrawn):
        response = client.get(f"/embed/cases/{hidden.pk}/")
        assert response.status_code == 404
        assert hidden.title not in response.content.decode()
        assert "Voorbeeld niet gevonden" in response.content.decode()


def test_one_case_is_embedded_as_its_card_in_its_own_language(client, trilingual):
    response = client.get(f"/embed/cases/{trilingual.en.pk}/")
    assert response.status_code == 200
    assert titles(response) == ["Pop-up shops in Lokeren"]
    assert '<html lang="en">' in response.content.decode()
    assert client.get(f"/embed/cases/{trilingual.en.pk}/", {"locale": "nl"}).status_code == 400


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("theme=onbekend", "theme"),
        ("theme=mobiliteit,geen-thema", "theme"),
        ("size=reusachtig", "size"),
        ("limit=0", "limit"),
        ("limit=25", "limit"),
        ("limit=zes", "limit"),
        ("limit=%C2%B2", "limit"),
        ("limit=1&limit=2", "limit"),
        ("locale=de", "locale"),
        ("year_min=2020&year_max=2010", "year_min"),
        ("ordering=relevance", "ordering"),
        ("page=2", "page"),
        ("utm_source=nieuwsbrief", "utm_source"),
    ],
)
def test_a_bad_parameter_gets_a_400_page_that_names_it(cases, client, query, parameter):
    response = client.get(f"/embed/cases/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Deze ingesloten lijst klopt niet" in page
    assert f"<code>{parameter}</code>" in page


def test_a_400_page_speaks_the_language_asked_for(cases, client):
    page = client.get("/embed/cases/?locale=en&limit=100").content.decode()
    assert '<html lang="en">' in page
    assert "This embedded list is not right" in page


def test_the_widget_costs_the_same_few_queries_for_one_case_or_twenty_four(
    client, django_assert_max_num_queries, settings
):
    """Measured as the first request after a publish: the content version, the private paths, the theme
    vocabulary and the catalogue index are read again, then the case index (for the footer link) and the cards."""
    settings.READER_PAGE_CACHE_TIMEOUT = 900  # kept like the reader's pages (off in the other tests)
    for number in range(30):
        make_case(f"voorbeeld-{number}", day=number)
    # The first reader after a publish makes the renditions, then the background task keeps the cards in the catalogue.
    client.get("/embed/cases/?limit=24")
    refresh_stale_cards()
    for limit in (1, 24):
        bump_content_version()  # a publish: nothing kept from before
        with django_assert_max_num_queries(6):
            assert len(titles(client.get(f"/embed/cases/?limit={limit}&theme=mobiliteit"))) == limit
    with django_assert_max_num_queries(1):  # a repeat is kept until the content changes: only the version is read
        assert len(titles(client.get("/embed/cases/?limit=24&theme=mobiliteit"))) == 24


def test_a_publish_shows_in_the_kept_widget_at_once(cases, client, settings):
    settings.READER_PAGE_CACHE_TIMEOUT = 900
    assert titles(client.get("/embed/cases/?limit=1")) == ["Groene pleinen in Gent"]
    make_case("nieuw-in-aalst", title="Nieuw in Aalst", day=50)
    assert titles(client.get("/embed/cases/?limit=1")) == ["Nieuw in Aalst"]


def test_the_listing_offers_the_embed_code_of_its_current_filters(cases, client):
    page = client.get("/nl/voorbeelden/", {"theme": "mobiliteit", "size": "gt100k", "ordering": "title"})
    text = page.content.decode()
    assert '<summary class="embed-dialog__toggle">Insluiten</summary>' in text
    assert '<label for="embed-code">Code om in te sluiten</label>' in text
    code = html.unescape(re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', text, re.S).group(1))
    src = re.search(r'<iframe src="([^"]+)"', code).group(1)
    assert code.count("data-vitrine-embed") == 2  # the iframe, and the script that fits its height
    parts = urlsplit(html.unescape(src))
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "http://testserver/embed/cases/"
    assert parse_qsl(parts.query) == [
        ("theme", "mobiliteit"),
        ("size", "gt100k"),
        ("ordering", "title"),
        ("locale", "nl"),
    ]
    widget = client.get(f"{parts.path}?{parts.query}")
    assert titles(widget) == ["Groene pleinen in Gent"]


def test_the_embed_dialog_is_translated(site, client):
    english = client.get("/en/examples/").content.decode()
    french = client.get("/fr/exemples/").content.decode()
    assert ">Embed</summary>" in english
    assert ">Intégrer</summary>" in french
    assert "locale=en" in english


def test_a_case_page_announces_its_oembed_answer(client, trilingual):
    page = client.get(trilingual.nl.url).content.decode()
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)" title="([^"]+)">', page)
    assert link is not None
    assert html.unescape(link.group(2)) == "Pop-ups in Lokeren"
    answer = client.get(html.unescape(link.group(1)))
    assert answer.status_code == 200
    assert answer.json()["title"] == "Pop-ups in Lokeren"
    src = re.search(r'src="([^"]+)"', answer.json()["html"]).group(1)
    assert titles(client.get(urlsplit(src).path)) == ["Pop-ups in Lokeren"]
    assert "json+oembed" not in client.get("/nl/voorbeelden/").content.decode()  # case pages only


@pytest.mark.parametrize(
    ("value", "starts"),
    [
        ("https://www.vlaio.be, http://localhost:8001", True),
        ("https://*.gemeente.be", True),
        ("https://www.vlaio.be; script-src *", False),  # would add a directive to the header
        ("https://www.vlaio.be/pagina/", False),
        ("www.vlaio.be", False),
    ],
)
def test_embed_origins_must_be_origins(value, starts):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vitrine_cms.settings.test", "EMBED_ORIGINS": value}
    code = "from django.conf import settings; print(settings.EMBED_ORIGINS)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=PROJECT, capture_output=True, text=True, check=False
    )
    assert (result.returncode == 0) is starts, result.stderr[-500:]
    if not starts:
        assert "is not an origin such as https://www.vlaio.be" in result.stderr
