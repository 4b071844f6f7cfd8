"""One rule for what a reader may see (home/visibility.py), met the way readers and the VLAIO site meet it.

Expired means expire_at has passed while `publish_scheduled` has not run yet: the page is still live
in the database, and nobody may see it anyway.
"""

import time
from datetime import timedelta

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from cases.models import CasePage, CaseTheme, CatalogueEntry
from home.caching import bump_content_version
from home.models import ContentVersion
from tests.factories.themes import ThemePageFactory
from tests.reader.conftest import make_case

pytestmark = pytest.mark.django_db


def expire(page) -> None:
    """What the clock does: expire_at passes; `publish_scheduled` has not run, so the page stays live. The expiry
    was published with the page, so the catalogue row of a case holds it too."""
    moment = timezone.now() - timedelta(minutes=1)
    type(page).objects.filter(pk=page.pk).update(expire_at=moment)
    CatalogueEntry.objects.filter(page_id=page.pk).update(expire_at=moment)
    # The publish would have noted the coming expiry with the content version (home.caching).
    ContentVersion.objects.update(next_expiry=moment)


def test_an_expired_case_is_gone_from_its_page_the_listing_and_the_api(site, client):
    case = make_case("tijdelijke-markt", title="Tijdelijke markt op het plein")
    assert client.get("/nl/voorbeelden/tijdelijke-markt/").status_code == 200
    expire(case)
    assert CasePage.objects.get(pk=case.pk).live  # publish_scheduled has not run
    assert client.get("/nl/voorbeelden/tijdelijke-markt/").status_code == 404
    assert "Tijdelijke markt" not in client.get("/nl/voorbeelden/").content.decode()
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert client.get("/api/v1/cases/by-slug/tijdelijke-markt/").status_code == 404


def test_an_expired_translation_is_no_longer_offered(site, client, trilingual):
    expire(trilingual.en)
    assert client.get(trilingual.en.url).status_code == 404
    html = client.get(trilingual.nl.url).content.decode()
    assert '<link rel="alternate" hreflang="en"' not in html
    assert trilingual.en.url not in html  # nor in the language menu
    assert '<link rel="alternate" hreflang="fr"' in html  # the other translation is still there
    detail = client.get(f"/api/v1/cases/{trilingual.nl.pk}/").json()
    assert set(detail["translations"]) == {"fr"}


def test_an_expired_page_leaves_the_cached_menu_and_the_sitemap_when_its_time_comes(site, client):
    """The menus are cached until content changes; an expiry that passes is such a change."""
    about = client.get("/nl/over-de-vitrine/")
    assert about.status_code == 200
    page = about.context["page"]
    # The editor schedules the expiry and publishes (which bumps the content version) ...
    type(page).objects.filter(pk=page.pk).update(expire_at=timezone.now() + timedelta(seconds=1))
    bump_content_version()
    assert 'href="/nl/over-de-vitrine/"' in client.get("/nl/").content.decode()
    time.sleep(1.2)  # ... and later the moment passes, with nobody publishing anything.
    assert client.get("/nl/over-de-vitrine/").status_code == 404
    assert "/nl/over-de-vitrine/" not in client.get("/sitemap.xml").content.decode()
    assert 'href="/nl/over-de-vitrine/"' not in client.get("/nl/").content.decode()


@pytest.fixture
def protected_theme(site):
    """A theme behind a password with one public case linked to it and to a public theme."""
    secret = ThemePageFactory(code="verborgen-thema", title="Geheime herinrichting")
    case = make_case("open-voorbeeld", title="Een open voorbeeld", themes=("mobiliteit",))
    CaseTheme.objects.create(page=case, theme=secret)
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x")
    return case


def test_a_protected_themes_title_shows_nowhere(protected_theme, client):
    case = protected_theme
    texts = {
        "case page": client.get("/nl/voorbeelden/open-voorbeeld/").content.decode(),
        "listing": client.get("/nl/voorbeelden/").content.decode(),
        "theme index": client.get("/nl/themas/").content.decode(),
        "home": client.get("/nl/").content.decode(),
        "api list": client.get("/api/v1/cases/").content.decode(),
        "api detail": client.get(f"/api/v1/cases/{case.pk}/").content.decode(),
        "api themes": client.get("/api/v1/themes/").content.decode(),
        "feed": client.get("/nl/feed/rss/").content.decode(),
    }
    assert "Een open voorbeeld" in texts["case page"]  # the case itself is public
    leaks = [name for name, text in texts.items() if "Geheime herinrichting" in text]
    assert leaks == []


def test_a_protected_theme_is_not_a_filter_value(protected_theme, client):
    response = client.get("/api/v1/cases/", {"theme": "verborgen-thema"})
    assert response.status_code == 400
    assert "theme" in response.json()["parameters"]
    assert "verborgen-thema" not in response.json()["parameters"]["theme"]["accepted"]
    listing = client.get("/nl/voorbeelden/", {"theme": "verborgen-thema"}).content.decode()
    assert "Geheime herinrichting" not in listing
    assert client.get("/api/v1/themes/verborgen-thema/").status_code == 404
    assert client.get("/nl/feed/verborgen-thema/rss/").status_code == 404
