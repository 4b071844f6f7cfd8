"""The open data page (/nl/open-data/, /en/…, /fr/…): what a reader finds there and that every link works."""

import re

import pytest

from cases.open_data import LICENSE_URL
from home.caching import bump_content_version

PAGES = {
    "nl": ("Open data", "Downloaden", "Licentie", "CSV-bestand, Nederlands"),
    "en": ("Open data", "Download", "Licence", "CSV file, Dutch"),
    "fr": ("Données ouvertes", "Télécharger", "Licence", "Fichier CSV, néerlandais"),
}


def page_html(client, language: str) -> str:
    response = client.get(f"/{language}/open-data/")
    assert response.status_code == 200
    return response.content.decode()


def links(html: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', html)]


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
def test_the_page_explains_the_downloads_and_the_licence_in_each_language(client, site, language):
    html = page_html(client, language)
    title, downloads, licence, first_link = PAGES[language]
    assert f'<html lang="{language}"' in html
    assert f"<h1>{title}</h1>" in html
    assert f">{downloads}</h2>" in html and f">{licence}</h2>" in html
    assert first_link in html
    assert f'href="{LICENSE_URL}" rel="license"' in html
    assert "Modellicentie Gratis Hergebruik v1.0" in html
    hrefs = links(html)
    for export_format in ("csv", "json"):
        for code in ("nl", "en", "fr"):
            assert f"/api/v1/export/cases.{export_format}?locale={code}" in hrefs
    assert {"/api/v1/docs/", "/api/v1/schema/", "/api/v1/catalog.jsonld", "/api/v1/municipalities/"} <= set(hrefs)


def test_the_page_counts_the_cases_of_its_language(client, site):
    assert "Het bestand in deze taal bevat nu 1 gepubliceerd voorbeeld." in page_html(client, "nl")
    assert "The file in this language now holds 1 published example." in page_html(client, "en")


def test_every_download_and_api_link_on_the_page_works(client, site):
    html = page_html(client, "nl")
    api_links = [href for href in links(html) if href.startswith("/api/v1/")]
    assert len(api_links) >= 10
    for href in api_links:
        response = client.get(href, headers={"accept": "text/html,*/*;q=0.8"})  # as a browser follows it
        assert response.status_code == 200, href
    csv_body = b"".join(client.get("/api/v1/export/cases.csv?locale=fr").streaming_content).decode()
    assert "boutiques-lokeren" in csv_body


def test_the_footer_links_to_the_page_in_the_readers_language(client, site):
    for language, label in (("nl", "Open data"), ("en", "Open data"), ("fr", "Données ouvertes")):
        html = client.get(f"/{language}/").content.decode()
        footer = html[html.index('<footer class="site-footer"') :]
        assert f'<a href="/{language}/open-data/">{label}</a>' in footer


def test_the_page_works_without_javascript_and_has_an_accessible_table(client, site):
    html = page_html(client, "nl")
    main = html[html.index("<main") : html.index("</main>")]
    assert "<script" not in main and "<form" not in main
    assert "<caption>" in main and main.count('scope="col"') == 3 and main.count('scope="row"') == 3


def test_the_page_costs_a_fixed_number_of_queries(client, site, django_assert_max_num_queries):
    page_html(client, "nl")
    bump_content_version()  # the page cache and the small per-version caches are rebuilt
    with django_assert_max_num_queries(13):  # the budget of every reader page (tests/reader/test_query_counts.py)
        page_html(client, "nl")
