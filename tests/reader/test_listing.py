"""The case listing without JavaScript: a GET form, shareable URLs, facets and forgiving parsing."""

import re

import pytest

from tests.reader.conftest import make_case


@pytest.fixture
def cases(site):
    return {
        "gent": make_case(
            "autovrij-gent",
            title="Autovrije kern Gent",
            themes=("mobiliteit",),
            population=265_000,
            lat=51.05,
            lon=3.72,
        ),
        "bree": make_case("bon-bree", title="Cadeaubon Bree", themes=("duurzaamheid",), population=16_000, day=1),
        "zele": make_case(
            "markt-zele", title="Avondmarkt Zele", themes=("mobiliteit", "duurzaamheid"), population=21_000, day=2
        ),
    }


def page_count(client) -> int:
    return len(titles(client.get("/nl/voorbeelden/")))


def titles(response) -> list[str]:
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_theme_filter_shows_only_that_theme_and_keeps_the_other_counts(cases, client):
    response = client.get("/nl/voorbeelden/", {"theme": "duurzaamheid"})
    found = titles(response)
    assert {"Avondmarkt Zele", "Cadeaubon Bree"} <= set(found)
    assert "Autovrije kern Gent" not in found
    html = response.content.decode()
    assert f">{len(found)} voorbeelden<" in html
    # Disjunctive: while duurzaamheid is chosen, the theme facet still counts every mobiliteit case,
    # so the reader sees what widening the choice would add.
    mobility = len(titles(client.get("/nl/voorbeelden/", {"theme": "mobiliteit"})))
    assert f'<label for="f-theme-mobiliteit">Mobiliteit <span class="count" data-count>{mobility}<' in html
    assert 'id="f-theme-duurzaamheid" name="theme" value="duurzaamheid" checked' in html


def test_active_filters_link_to_the_listing_without_them(cases, client):
    html = client.get("/nl/voorbeelden/", {"theme": "duurzaamheid", "size": "10k-25k"}).content.decode()
    chips = dict(re.findall(r'<a class="chip" href="([^"]+)" data-listing-link>([^<]+)<', html))
    removal = {label.strip(): url.replace("&amp;", "&") for url, label in chips.items()}
    assert removal["Grootte van de gemeente: 10 000 – 25 000 inwoners"] == "?theme=duurzaamheid"
    assert removal["Thema: Duurzaamheid"] == "?size=10k-25k"
    assert {"Avondmarkt Zele", "Cadeaubon Bree"} <= set(titles(client.get("/nl/voorbeelden/?size=10k-25k")))


def test_search_and_sort(cases, client):
    assert titles(client.get("/nl/voorbeelden/", {"q": "Gent"})) == ["Autovrije kern Gent"]
    ordered = titles(client.get("/nl/voorbeelden/", {"ordering": "title"}))
    assert ordered == sorted(ordered) and len(ordered) == page_count(client)


def test_unknown_values_are_ignored_with_a_notice_never_an_error(cases, client):
    response = client.get(
        "/nl/voorbeelden/", {"theme": "bestaat-niet", "year_min": "gisteren", "page": "999", "utm_source": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Onbekende waarde voor thema genegeerd: bestaat-niet." in html
    assert "Geen geldig jaartal genegeerd: gisteren." in html
    assert len(titles(response)) == page_count(client)  # page 999 falls back to the last (only) page


def test_no_match_offers_a_way_out(cases, client):
    html = client.get("/nl/voorbeelden/", {"q": "zwembadrenovatie"}).content.decode()
    assert "Geen voorbeelden gevonden." in html
    assert "Wis alle filters" in html


def test_pagination_keeps_the_filters(site, client):
    for number in range(14):
        make_case(f"voorbeeld-{number}", day=number)
    html = client.get("/nl/voorbeelden/", {"theme": "mobiliteit"}).content.decode()
    total = int(re.search(r">(\d+) voorbeelden<", html).group(1))
    assert total >= 14
    assert 'href="?theme=mobiliteit&amp;page=2"' in html
    assert len(titles(client.get("/nl/voorbeelden/", {"theme": "mobiliteit", "page": "2"}))) == total - 12


def test_theme_page_lists_its_cases_with_the_other_filters(cases, client):
    response = client.get("/nl/themas/duurzaamheid/", {"size": "10k-25k"})
    assert {"Avondmarkt Zele", "Cadeaubon Bree"} <= set(titles(response))
    assert "Autovrije kern Gent" not in titles(response)
    assert 'name="theme"' not in response.content.decode()  # the theme is the page itself


def test_search_page_finds_cases_and_matching_themes(cases, client):
    html = client.get("/nl/zoeken/", {"q": "mobiliteit"}).content.decode()
    assert "Zoekresultaten voor “mobiliteit”" in html
    assert '?theme=mobiliteit">Mobiliteit</a>' in html


def test_language_switcher_keeps_the_listing_filters(cases, client):
    html = client.get("/nl/voorbeelden/", {"theme": "mobiliteit"}).content.decode()
    assert re.search(r'href="/en/[^"]*\?theme=mobiliteit" hreflang="en"', html)


def test_not_found_page_is_friendly_and_in_the_language_of_the_url(site, client):
    response = client.get("/fr/nexiste-pas/")
    assert response.status_code == 404
    assert '<html lang="fr">' in response.content.decode()


def test_server_error_page_renders_without_database_or_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Er ging iets mis aan onze kant" in html
    assert 'lang="fr"' in html
