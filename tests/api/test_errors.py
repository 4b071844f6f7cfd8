"""Bad requests: a 400 (or 404/405) with one JSON shape that names each bad parameter; never a 500."""

import pytest

from cases.places import CaseStatus, Province, SizeClass
from tests.api.conftest import get_json
from tests.conftest import AUDIENCE_SLUGS, THEME_CODES
from tests.factories.cases import CasePageFactory

ORDERINGS = ["-published", "title", "-year", "relevance", "recommended", "-updated", "updated"]

# query string, bad parameter, English message (or part of it), accepted values (None: no list)
BAD_LIST_PARAMETERS = [
    ("theme=vervoer", "theme", "Unknown value(s): vervoer.", sorted(THEME_CODES)),
    ("theme=mobiliteit,vervoer", "theme", "Unknown value(s): vervoer.", sorted(THEME_CODES)),
    ("audience=burgers", "audience", "Unknown value(s): burgers.", sorted(AUDIENCE_SLUGS)),
    ("prefer_audience=burgers", "prefer_audience", "Unknown value(s): burgers.", sorted(AUDIENCE_SLUGS)),
    ("size=huge", "size", "Unknown value(s): huge.", SizeClass.values),
    ("prefer_size=10k", "prefer_size", "Unknown value(s): 10k.", SizeClass.values),
    ("country=XX", "country", "Unknown value(s): XX.", None),
    ("province=gent", "province", "Unknown value(s): gent.", Province.values),
    ("status=done", "status", "Unknown value(s): done.", CaseStatus.values),
    ("origin=mars", "origin", "mars", ["domestic", "abroad"]),
    ("page_size=1000", "page_size", "less than or equal to 100", None),
    ("page_size=0", "page_size", "greater than or equal to 1", None),
    ("page_size=-5", "page_size", "greater than or equal to 1", None),
    ("page_size=ten", "page_size", "A valid integer is required.", None),
    ("page=0", "page", "greater than or equal to 1", None),
    ("page=abc", "page", "A valid integer is required.", None),
    ("page=99", "page", "Page 99 does not exist; the last page is 1.", None),
    ("page=2&page_size=100", "page", "Page 2 does not exist; the last page is 1.", None),
    ("year_min=abc", "year_min", "A valid integer is required.", None),
    ("year_max=2O20", "year_max", "A valid integer is required.", None),
    ("year_min=1200", "year_min", "greater than or equal to 1900", None),
    ("year_min=2022&year_max=2018", "year_min", "year_min is later than year_max.", None),
    ("ordering=newest", "ordering", "newest", ORDERINGS),
    ("ordering=relevance", "ordering", "relevance needs a search term in q.", ORDERINGS),
    ("updated_since=gisteren", "updated_since", "Not an ISO 8601 date and time", None),
    ("locale=de", "locale", "de", ["nl", "en", "fr"]),
    ("q=" + "a" * 201, "q", "no more than 200 characters", None),
    ("thema=mobiliteit", "thema", "Unknown parameter.", None),
    ("page_sise=5", "page_sise", "Unknown parameter.", None),
]


def assert_error_shape(response, parameters: set[str]) -> dict:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error", "message", "parameters"}
    assert body["error"] == "invalid_parameters"
    assert isinstance(body["message"], str) and body["message"]
    assert set(body["parameters"]) == parameters
    for problem in body["parameters"].values():
        assert set(problem) <= {"message", "accepted"}
        assert isinstance(problem["message"], str) and problem["message"]
    return body


@pytest.mark.parametrize("bad", BAD_LIST_PARAMETERS, ids=[row[0][:30] for row in BAD_LIST_PARAMETERS])
def test_bad_list_parameter_is_a_400_naming_it_in_english(taxonomy, client, bad):
    query, name, message, accepted = bad
    response = client.get(f"/api/v1/cases/?{query}", headers={"Accept-Language": "nl"})
    problem = assert_error_shape(response, {name})["parameters"][name]
    assert message in problem["message"]
    if accepted is not None:
        assert problem["accepted"] == accepted


def test_unknown_theme_lists_every_theme_slug(taxonomy, client):
    response = client.get("/api/v1/cases/", {"theme": "vervoer"})
    accepted = assert_error_shape(response, {"theme"})["parameters"]["theme"]["accepted"]
    assert accepted == sorted(THEME_CODES)


def test_unknown_country_lists_iso_codes(taxonomy, client):
    accepted = client.get("/api/v1/cases/", {"country": "XX"}).json()["parameters"]["country"]["accepted"]
    assert {"BE", "NL", "FR", "DE"} <= set(accepted)
    assert "XX" not in accepted


def test_unknown_parameter_lists_the_known_ones(taxonomy, client):
    accepted = client.get("/api/v1/cases/", {"thema": "mobiliteit"}).json()["parameters"]["thema"]["accepted"]
    assert {"theme", "audience", "size", "country", "province", "origin", "year_min", "year_max", "q"} <= set(accepted)
    assert {"ordering", "prefer_audience", "prefer_size", "page", "page_size", "locale", "status"} <= set(accepted)


def test_every_bad_parameter_is_named_at_once(taxonomy, client):
    response = client.get("/api/v1/cases/", {"theme": "vervoer", "page_size": "1000", "year_min": "abc", "foo": "1"})
    assert_error_shape(response, {"theme", "page_size", "year_min", "foo"})


@pytest.mark.parametrize("language", ["nl", "fr", "en", "nl-BE,nl;q=0.9"])
def test_error_messages_are_english_whatever_the_browser_language(taxonomy, client, language):
    query = {"page_size": "1000", "year_min": "abc", "locale": "xx", "thema": "x", "ordering": "relevance"}
    english = client.get("/api/v1/cases/", query, headers={"Accept-Language": "en"}).json()
    response = client.get("/api/v1/cases/", query, headers={"Accept-Language": language})
    assert response.json() == english
    assert english["parameters"]["page_size"]["message"] == "Ensure this value is less than or equal to 100."
    assert english["parameters"]["year_min"]["message"] == "A valid integer is required."


def test_page_beyond_the_last_names_the_last_page(dataset, client):
    response = client.get("/api/v1/cases/", {"page": "3", "page_size": "4"})
    assert assert_error_shape(response, {"page"})["parameters"]["page"]["message"] == (
        "Page 3 does not exist; the last page is 2."
    )
    assert get_json(client, "cases/", {"page": "2", "page_size": "4"})["next"] is None


def test_an_empty_result_still_has_a_first_page(taxonomy, client):
    payload = get_json(client, "cases/", {"theme": "data", "page": "1"})
    assert (payload["count"], payload["results"]) == (0, [])


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("themes/?locale=de", "locale"),
        ("themes/mobiliteit/?locale=de", "locale"),
        ("audiences/?locale=de", "locale"),
        ("cases/by-slug/gent/?locale=de", "locale"),
        ("themes/?page=1", "page"),
        ("audiences/?theme=mobiliteit", "theme"),
        ("cases/by-slug/gent/?slug=x", "slug"),
    ],
)
def test_other_endpoints_reject_bad_parameters_too(taxonomy, client, path, name):
    assert_error_shape(client.get(f"/api/v1/{path}"), {name})


def test_case_by_id_takes_no_parameters(taxonomy, client):
    response = client.get(f"/api/v1/cases/{CasePageFactory().pk}/", {"locale": "en"})
    assert_error_shape(response, {"locale"})


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path", ["cases/", "cases/{id}/", "cases/by-slug/schrijftest/", "themes/", "themes/mobiliteit/", "audiences/"]
)
def test_writing_is_405_with_a_json_body(taxonomy, client, method, path):
    url = "/api/v1/" + path.format(id=CasePageFactory(slug="schrijftest").pk)
    response = getattr(client, method)(url, {"title": "x"}, content_type="application/json")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "method_not_allowed"
    assert method.upper() in response.json()["message"]
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("path", ["nothing/", "case/", "cases/abc/", "cases/by-slug/"])
def test_unknown_api_path_is_404_json(taxonomy, client, path):
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "not_found"
