"""The admin around the editors' work: its language, De Vitrine's name and logo, no third-party requests."""

import re
from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.urls import reverse

from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.users.models import UserProfile

import pytest

from tests.factories.cases import CasePageFactory

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}
URL = re.compile(r"""(?:https?:)?//[^\s"'()<>]+""", re.IGNORECASE)
# Hosts a page may name without the browser fetching anything: XML namespaces in inline SVG.
NAMESPACE_HOSTS = {"www.w3.org"}


def soup(response):
    return WagtailTestUtils.get_soup(response.content)


def html_lang(response) -> str:
    return soup(response).html["lang"]


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


# --- Language -------------------------------------------------------------------------------


def test_login_page_is_dutch_whatever_the_browser_asks(client):
    response = client.get(reverse("wagtailadmin_login"), **ENGLISH_BROWSER)

    assert html_lang(response) == "nl"
    assert "Inloggen" in soup(response).find("h1").get_text()


def test_dashboard_is_dutch_for_an_editor_who_chose_no_language(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"), **ENGLISH_BROWSER)

    assert html_lang(response) == "nl"
    assert "Dashboard" in response.content.decode()
    assert "Pages" not in soup(response).get_text(" ")


def test_editor_can_switch_the_admin_to_english_in_the_account_settings(admin_client, admin_user):
    account = admin_client.get(reverse("wagtailadmin_account"))
    forms = soup(account).find_all("form")
    index = next(i for i, form in enumerate(forms) if form.find(attrs={"name": "locale-preferred_language"}))
    data = querydict_from_html(account.content.decode(), form_index=index)
    data["name_email-first_name"], data["name_email-last_name"] = "Bea", "Heer"
    data["locale-preferred_language"] = "en"

    assert admin_client.post(reverse("wagtailadmin_account"), data).status_code == 302

    assert UserProfile.get_for_user(admin_user).preferred_language == "en"
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert html_lang(response) == "en"
    assert "Search all pages" in response.content.decode()


def test_account_settings_offer_dutch_english_and_french(admin_client):
    response = admin_client.get(reverse("wagtailadmin_account"))

    select = soup(response).find("select", attrs={"name": "locale-preferred_language"})
    assert sorted(option["value"] for option in select.find_all("option")) == ["", "en", "fr", "nl"]
    assert "Nederlands" in select.find("option", attrs={"value": ""}).get_text()


def test_reader_site_still_follows_the_browser_after_an_admin_visit(admin_client, home_page):
    admin_client.get(reverse("wagtailadmin_home"), **ENGLISH_BROWSER)

    response = admin_client.get("/", **ENGLISH_BROWSER)

    assert response["Location"] == "/en/"


# --- Name and logo --------------------------------------------------------------------------


def static_paths(page_soup, selector: str, attribute: str) -> list[str]:
    return [element[attribute] for element in page_soup.select(selector)]


def test_login_page_carries_de_vitrines_name_and_logo(client):
    page = soup(client.get(reverse("wagtailadmin_login")))

    assert "De Vitrine" in page.title.get_text()
    assert "De Vitrine" in page.find("h1").get_text()
    assert "Wagtail" not in page.title.get_text() + page.find("h1").get_text()
    assert static_paths(page, ".login-logo img", "src") == ["/static/img/admin-logo.svg"]
    assert static_paths(page, "link[rel~=icon]", "href") == ["/static/img/favicon.svg"]


def test_dashboard_carries_de_vitrines_name_and_logo(admin_client):
    page = soup(admin_client.get(reverse("wagtailadmin_home")))

    assert page.title.get_text().strip().endswith("De Vitrine")
    branding = page.find("template", attrs={"data-wagtail-sidebar-branding-logo": True})
    assert branding is not None
    assert 'src="/static/img/admin-logo.svg"' in branding.decode_contents()
    assert 'alt="De Vitrine"' in branding.decode_contents()


def test_admin_logo_is_a_self_contained_svg():
    path = finders.find("img/admin-logo.svg")

    assert path is not None
    svg = Path(path).read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg")
    assert {urlsplit(url).hostname for url in URL.findall(svg)} <= NAMESPACE_HOSTS


# --- No third-party requests ----------------------------------------------------------------


def external_urls(response) -> set[str]:
    """URLs to other hosts that the browser would fetch or that scripts could fetch.

    Plain links (<a href>) are left out: following one is the editor's choice, not a request
    the page makes by itself.
    """
    found = set()
    page = soup(response)
    for element in page.find_all(True):
        for attribute, value in element.attrs.items():
            if (element.name in {"a", "area"} and attribute == "href") or attribute.startswith("xmlns"):
                continue
            found.update(URL.findall(" ".join(value) if isinstance(value, list) else str(value)))
        if element.name in {"script", "style"}:
            found.update(URL.findall(element.get_text()))
    return {url for url in found if urlsplit(url).hostname not in NAMESPACE_HOSTS | {"testserver"} and not example(url)}


def example(url: str) -> bool:
    """An address cut short with an ellipsis is an example in a help text, never fetched."""
    return url.endswith(("…", "\\u2026"))


def admin_pages(case) -> list[str]:
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[case.pk]),
        reverse("wagtailadmin_pages:history", args=[case.pk]),
        reverse("cases:index"),
        reverse("wagtailadmin_account"),
        reverse("wagtailimages:index"),
    ]


def test_admin_pages_make_no_third_party_requests(client, admin_user, taxonomy):
    """admin_user has an e-mail address, which is all Gravatar needs to build an avatar URL."""
    case = CasePageFactory()
    client.force_login(admin_user)

    for url in admin_pages(case):
        response = client.get(url)
        assert response.status_code == 200, url
        assert external_urls(response) == set(), url


def test_login_page_makes_no_third_party_requests(client):
    assert external_urls(client.get(reverse("wagtailadmin_login"))) == set()
