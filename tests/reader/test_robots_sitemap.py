"""/robots.txt and /sitemap.xml: what crawlers may visit, and every page of the three language trees."""

from datetime import timedelta
from xml.etree.ElementTree import Element

from django.utils import timezone

from wagtail.models import Locale, PageViewRestriction

import pytest
from defusedxml import ElementTree

from tests.reader.conftest import make_case

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.mark.django_db
def test_robots_txt_allows_everything_but_the_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert [line for line in lines if line.startswith("Disallow:")] == ["Disallow: /admin/", "Disallow: /django-admin/"]
    assert "Allow: /" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not any("/api/" in line for line in lines), "the API is public"


@pytest.mark.django_db
def test_robots_txt_uses_the_requests_host(client):
    response = client.get("/robots.txt", HTTP_HOST="www.devitrine.be", secure=True)
    assert "Sitemap: https://www.devitrine.be/sitemap.xml" in response.content.decode().splitlines()


def get_sitemap(client) -> dict[str, Element]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return {url.findtext(f"{SITEMAP}loc"): url for url in root.findall(f"{SITEMAP}url")}


def test_sitemap_lists_the_pages_of_all_three_languages(site, client):
    urls = get_sitemap(client)
    for path in (
        "/nl/",
        "/en/",
        "/fr/",
        "/nl/voorbeelden/",
        "/en/examples/",
        "/fr/exemples/",
        "/nl/themas/mobiliteit/",
        "/en/themes/mobiliteit/",
        "/nl/voorbeelden/pop-ups-lokeren/",
        "/en/examples/pop-up-shops-lokeren/",
        "/fr/exemples/boutiques-lokeren/",
    ):
        assert f"http://testserver{path}" in urls, path
    assert all(
        loc.startswith(("http://testserver/nl/", "http://testserver/en/", "http://testserver/fr/")) for loc in urls
    )


def test_sitemap_entries_carry_lastmod_and_their_language_versions(site, client):
    urls = get_sitemap(client)
    case = urls["http://testserver/en/examples/pop-up-shops-lokeren/"]
    assert case.findtext(f"{SITEMAP}lastmod") == "2024-03-02"
    alternates = {link.get("hreflang"): link.get("href") for link in case.findall(f"{XHTML}link")}
    assert alternates == {
        "nl": "http://testserver/nl/voorbeelden/pop-ups-lokeren/",
        "en": "http://testserver/en/examples/pop-up-shops-lokeren/",
        "fr": "http://testserver/fr/exemples/boutiques-lokeren/",
        "x-default": "http://testserver/nl/voorbeelden/pop-ups-lokeren/",
    }
    assert all(url.findtext(f"{SITEMAP}lastmod") for url in urls.values())


def test_sitemap_leaves_out_drafts_expired_private_and_withdrawn_pages(site, client):
    make_case("zichtbaar", day=1)
    make_case("concept", live=False)
    make_case("verlopen", expire_at=timezone.now() - timedelta(minutes=5))
    private = make_case("prive")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="geheim")
    make_case("ingetrokken").unpublish()
    urls = get_sitemap(client)
    assert "http://testserver/nl/voorbeelden/zichtbaar/" in urls
    for slug in ("concept", "verlopen", "prive", "ingetrokken"):
        assert f"http://testserver/nl/voorbeelden/{slug}/" not in urls, slug


def test_sitemap_costs_the_same_queries_however_many_pages(site, client, django_assert_max_num_queries):
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(5):
        get_sitemap(client)
    for day in range(10):
        make_case(f"extra-{day}", day=day)
    client.get("/sitemap.xml")  # new cases move the content version on: warm again
    with django_assert_max_num_queries(5):
        assert len(get_sitemap(client)) > 10


def test_sitemap_leaves_out_untranslated_aliases(site, client):
    source = make_case("nog-niet-vertaald", day=2)
    alias = source.copy_for_translation(Locale.objects.get(language_code="en"), alias=True)
    assert alias.url == "/en/examples/nog-niet-vertaald/"
    urls = get_sitemap(client)
    assert f"http://testserver{source.url}" in urls
    assert f"http://testserver{alias.url}" not in urls
