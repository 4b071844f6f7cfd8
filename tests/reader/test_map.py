"""The map page: a fixed-size page whose points come from the API, with links to the listing for readers
without JavaScript. The drawing itself is tested in Chromium (tests/browser/test_map.py)."""

import re
from urllib.parse import urlsplit

import pytest

from cases.models import CasePage
from home.caching import bump_content_version
from tests.reader.conftest import make_case


def map_html(client, path: str = "/nl/kaart/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def placed(site):
    """Three Dutch cases on the map, one without coordinates and one unpublished case with them."""
    cases = [
        make_case(f"kaart-{number}", title=f"Kaartvoorbeeld {number}", lat=51.0 + number / 10, lon=4.0, day=number)
        for number in range(3)
    ]
    make_case("zonder-plaats", title="Voorbeeld zonder plaats")
    make_case("concept", title="Verborgen concept", lat=50.5, lon=4.5).unpublish()
    return cases


def test_the_page_does_not_grow_with_the_number_of_cases(placed, client):
    few = map_html(client)
    for number in range(3, 30):
        make_case(f"kaart-{number}", title=f"Kaartvoorbeeld {number}", lat=50.0 + number / 100, lon=5.0, day=number)
    bump_content_version()
    many = map_html(client)
    assert "3 voorbeelden met een plaats op de kaart." in few
    assert "30 voorbeelden met een plaats op de kaart." in many
    assert abs(len(many.encode()) - len(few.encode())) <= 4  # the count has one digit more
    assert "Kaartvoorbeeld" not in many


def test_the_count_leaves_out_cases_without_coordinates_and_hidden_ones(placed, client):
    html = map_html(client)
    assert "3 voorbeelden met een plaats op de kaart." in html
    assert "Verborgen concept" not in html


def test_the_map_loads_its_points_from_the_api_and_its_scripts_from_our_static_files(placed, client):
    html = map_html(client)
    assert 'data-points-url="/api/v1/cases/points/?locale=nl"' in html
    for script in ("vendor/leaflet/leaflet.js", "vendor/leaflet.markercluster/leaflet.markercluster.js", "js/map.js"):
        assert f'<script src="/static/{script}" defer></script>' in html, script
    assert "vendor/leaflet.markercluster/MarkerCluster.Default.css" in html
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert [url for url in urls if urlsplit(url).netloc not in ("", "testserver")] == []


def test_the_map_region_is_labelled(placed, client):
    region = re.search(r'<div class="map" id="map" role="region" aria-label="([^"]+)"', map_html(client))
    assert region and "Kaart met de voorbeelden" in region.group(1)


def test_without_javascript_the_page_links_to_the_listing_and_per_province(placed, client):
    html = map_html(client)
    assert '<a href="/nl/voorbeelden/">lijst met voorbeelden</a>' in html
    assert '<a href="/nl/voorbeelden/?province=limburg">Limburg</a>' in html
    assert '<a href="/nl/voorbeelden/?province=oost-vlaanderen">Oost-Vlaanderen</a>' in html
    assert '<a href="/nl/voorbeelden/?origin=abroad">Buitenland</a>' in html
    assert "<p data-map-fallback>De kaart heeft JavaScript nodig" in html


def test_the_province_links_lead_to_a_filtered_listing(placed, client):
    make_case("kaart-hasselt", title="Kaartvoorbeeld Hasselt", province="limburg", lat=50.93, lon=5.33)
    listing = client.get("/nl/voorbeelden/", {"province": "limburg"}).content.decode()
    assert "Kaartvoorbeeld Hasselt" in listing
    assert "Kaartvoorbeeld 1" not in listing


TRANSLATED = {
    "en": ("1 example with a location on the map.", "list of examples", "Abroad"),
    "fr": ("1 exemple situé sur la carte.", "liste des exemples", "Étranger"),
}


@pytest.mark.parametrize("language", list(TRANSLATED))
def test_the_page_is_translated_and_asks_for_the_points_of_its_language(trilingual, client, language):
    lead, listing, abroad = TRANSLATED[language]
    CasePage.objects.filter(pk=getattr(trilingual, language).pk).update(lat=51.1, lon=3.99)
    bump_content_version()
    html = map_html(client, f"/{language}/kaart/")
    assert f'data-points-url="/api/v1/cases/points/?locale={language}"' in html
    assert lead in html
    assert f">{listing}</a>" in html
    assert f">{abroad}</a>" in html
