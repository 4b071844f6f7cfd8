"""A NUL character anywhere in a request is a 400, never a 500 (PostgreSQL text cannot hold it).

Run these against PostgreSQL: SQLite stores NUL without complaint, so there the 500 did not show.
"""

import pytest

from themes.models import ThemePage

BRANDED_400 = "Dit verzoek kunnen we niet verwerken"


@pytest.fixture
def theme_url(site) -> str:
    return ThemePage.objects.get(code="mobiliteit", locale__language_code="nl").url


def assert_branded_400(response) -> None:
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert BRANDED_400 in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/nl/zoeken/?q=%00",
        "/nl/zoeken/?q=markt%00&thema=mobiliteit",
        "/nl/voorbeelden/?q=a%00b",
        "/nl/voorbeelden/?thema=mobi%00liteit",
        "/en/zoeken/?q=%00",
        "/nl/voorbeelden/?%00=1",
        "/nl/zoeken/?q%00=markt",
        "/nl/voorbeelden/%00/",
    ],
)
def test_a_nul_in_a_reader_url_is_the_branded_400_page(client, site, url):
    assert_branded_400(client.get(url))


def test_a_nul_on_a_theme_page_is_the_branded_400_page(client, theme_url):
    assert_branded_400(client.get(f"{theme_url}?q=%00"))
    assert_branded_400(client.get(f"{theme_url}?doelgroep=%00"))


def test_a_nul_in_a_posted_form_is_the_branded_400_page(client, site):
    assert_branded_400(client.post("/nl/profiel/", {"audience": "ondernemers", "municipality": "44\x00021"}))
    assert_branded_400(client.post("/nl/profiel/", {"audience\x00": "ondernemers"}))


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/cases/?q=%00", "q"),
        ("/api/v1/cases/?theme=mobiliteit&q=pop%00up", "q"),
        ("/api/v1/themes/?locale=n%00l", "locale"),
        ("/api/v1/cases/?a%00b=1", "a\x00b"),
    ],
)
def test_a_nul_in_an_api_url_is_the_json_400(client, site, url, parameter):
    response = client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"] == "invalid_parameters"
    assert body["message"]
    assert list(body["parameters"]) == [parameter]
    assert body["parameters"][parameter]["message"]


def test_a_nul_in_an_api_path_is_the_json_400(client, site):
    response = client.get("/api/v1/cases/by-slug/pop%00ups/")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_parameters"


@pytest.mark.parametrize("url", ["/nl/zoeken/?q=%FF%FE", "/nl/voorbeelden/?q=%E2%82", "/api/v1/cases/?q=%C3%28"])
def test_broken_percent_encoding_is_read_with_replacement_characters_not_an_error(client, site, url):
    """Django decodes what is not UTF-8 to U+FFFD, which PostgreSQL stores fine: an ordinary search."""
    response = client.get(url)

    assert response.status_code == 200


def test_ordinary_requests_pass(client, site, theme_url):
    assert client.get("/nl/zoeken/?q=pop-up").status_code == 200
    assert client.get(theme_url).status_code == 200
    assert client.get("/api/v1/cases/?q=markt").status_code == 200
