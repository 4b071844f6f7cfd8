"""RSS and Atom feeds of the newest visible cases, per language and per theme."""

from datetime import timedelta
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
from defusedxml import ElementTree

from reader.feeds import FEED_SIZE
from tests.reader.conftest import START, make_case

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def cases(site):
    """Two more visible Dutch cases beside the site's trilingual one, and four that must never show."""
    visible = {
        "fietsstraat": make_case("fietsstraat", title="Fietsstraat in Gent", themes=("mobiliteit",), day=2),
        "zonnepanelen": make_case("zonnepanelen", title="Zonnepanelen op de markt", themes=("duurzaamheid",), day=1),
    }
    make_case("concept", themes=("mobiliteit",), day=5, live=False)
    make_case("verlopen", themes=("mobiliteit",), day=6, expire_at=timezone.now() - timedelta(hours=1))
    private = make_case("prive", themes=("mobiliteit",), day=7)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="geheim")
    make_case("ingetrokken", themes=("mobiliteit",), day=8).unpublish()
    return visible


def get_rss(client, url: str) -> Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    return root.find("channel")


def get_atom(client, url: str) -> Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def rss_titles(channel) -> list[str]:
    return [item.findtext("title") for item in channel.findall("item")]


def test_rss_lists_the_newest_visible_dutch_cases(cases, client):
    channel = get_rss(client, "/nl/feed/rss/")
    assert channel.findtext("title") == "De Vitrine: nieuwste voorbeelden"
    assert channel.findtext("link") == "http://testserver/nl/voorbeelden/"
    assert channel.findtext("language") == "nl"
    assert rss_titles(channel) == ["Fietsstraat in Gent", "Zonnepanelen op de markt", "Pop-ups in Lokeren"]

    item = channel.findall("item")[0]
    assert item.findtext("link") == "http://testserver/nl/voorbeelden/fietsstraat/"
    assert item.findtext("guid") == "http://testserver/nl/voorbeelden/fietsstraat/"
    assert item.findtext("description") == "Samenvatting van fietsstraat."
    assert parsedate_to_datetime(item.findtext("pubDate")) == START + timedelta(days=2)
    assert [category.text for category in item.findall("category")] == ["Mobiliteit"]
    lokeren = channel.findall("item")[2]
    assert [category.text for category in lokeren.findall("category")] == ["Mobiliteit", "Duurzaamheid"]


def test_feeds_of_other_languages_show_their_translations_only(cases, client):
    english = get_rss(client, "/en/feed/rss/")
    assert rss_titles(english) == ["Pop-up shops in Lokeren"]
    item = english.find("item")
    assert item.findtext("link") == "http://testserver/en/examples/pop-up-shops-lokeren/"
    assert item.findtext("description") == "Empty shops."
    assert [category.text for category in item.findall("category")] == ["Mobility", "Sustainability"]
    assert english.findtext("language") == "en"
    assert english.findtext("link") == "http://testserver/en/examples/"
    assert rss_titles(get_rss(client, "/fr/feed/rss/")) == ["Boutiques éphémères à Lokeren"]


def test_theme_feed_shows_only_cases_of_that_theme(cases, client):
    channel = get_rss(client, "/nl/feed/duurzaamheid/rss/")
    assert rss_titles(channel) == ["Zonnepanelen op de markt", "Pop-ups in Lokeren"]
    assert channel.findtext("title") == "De Vitrine: voorbeelden over Duurzaamheid"
    assert channel.findtext("link") == "http://testserver/nl/themas/duurzaamheid/"
    assert rss_titles(get_rss(client, "/nl/feed/mobiliteit/rss/")) == ["Fietsstraat in Gent", "Pop-ups in Lokeren"]


def test_atom_feed_has_absolute_links_dates_and_categories(cases, client):
    feed = get_atom(client, "/nl/feed/atom/")
    assert feed.findtext(f"{ATOM}title") == "De Vitrine: nieuwste voorbeelden"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/nl/feed/atom/"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "De Vitrine"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Fietsstraat in Gent",
        "Zonnepanelen op de markt",
        "Pop-ups in Lokeren",
    ]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == "http://testserver/nl/voorbeelden/fietsstraat/"
    assert first.findtext(f"{ATOM}id") == "http://testserver/nl/voorbeelden/fietsstraat/"
    assert first.findtext(f"{ATOM}summary") == "Samenvatting van fietsstraat."
    assert first.findtext(f"{ATOM}published").startswith("2024-03-03T09:00:00")
    assert first.findtext(f"{ATOM}updated").startswith("2024-03-04T09:00:00")
    assert [category.get("term") for category in first.findall(f"{ATOM}category")] == ["Mobiliteit"]


def test_theme_atom_feed_is_titled_in_the_feeds_language(cases, client):
    feed = get_atom(client, "/en/feed/duurzaamheid/atom/")
    assert "Sustainability" in feed.findtext(f"{ATOM}title")
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://testserver/en/themes/duurzaamheid/"
    assert [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")] == ["Pop-up shops in Lokeren"]


@pytest.mark.parametrize("url", ["/nl/feed/bestaat-niet/rss/", "/en/feed/bestaat-niet/atom/"])
def test_unknown_theme_is_not_found(site, client, url):
    assert client.get(url).status_code == 404


def test_feed_holds_the_newest_twenty(site, client):
    for day in range(1, FEED_SIZE + 3):
        make_case(f"voorbeeld-{day}", day=day)
    titles = rss_titles(get_rss(client, "/nl/feed/rss/"))
    assert len(titles) == FEED_SIZE
    assert titles[0] == f"Voorbeeld voorbeeld-{FEED_SIZE + 2}"
    assert "Pop-ups in Lokeren" not in titles  # the oldest


@pytest.mark.parametrize("url", ["/nl/feed/rss/", "/nl/feed/mobiliteit/atom/"])
def test_feeds_cost_the_same_queries_for_2_or_12_items(site, client, django_assert_max_num_queries, url):
    make_case("een", day=1)
    client.get(url)  # warm the caches of locales, labels and site roots, as in production
    with CaptureQueriesContext(connection) as few:
        assert len(get_rss_or_atom(client, url)) == 2
    budget = len(few)  # counted now: the next request empties the connection's query log
    assert budget <= 8
    for day in range(2, 12):
        make_case(f"meer-{day}", day=day)
    client.get(url)  # new cases move the content version on: warm again
    with django_assert_max_num_queries(budget):
        assert len(get_rss_or_atom(client, url)) == 12


def get_rss_or_atom(client, url: str) -> list:
    if url.endswith("/rss/"):
        return get_rss(client, url).findall("item")
    return get_atom(client, url).findall(f"{ATOM}entry")
