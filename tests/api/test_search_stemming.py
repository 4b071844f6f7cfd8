"""Full-text search stems in the requested language on PostgreSQL, and still works on SQLite."""

from django.db import connection

import pytest

from tests.factories.cases import CasePageFactory

needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming needs PostgreSQL")


def titles(client, **params) -> list[str]:
    response = client.get("/api/v1/cases/", params)
    assert response.status_code == 200, response.content
    return [case["title"] for case in response.json()["results"]]


@pytest.fixture
def shop_case(db):
    return CasePageFactory(
        title="Een winkel op de hoek",
        summary="Buren openen samen een winkel in het dorp.",
        body=[("concept", "<p>De laatste winkel van het dorp blijft open.</p>"), ("tips", {"items": ["Samen."]})],
    )


def test_search_finds_the_exact_word_on_every_database(client, shop_case):
    assert titles(client, q="winkel") == ["Een winkel op de hoek"]
    assert titles(client, q="fietsstraat") == []


@needs_postgres
def test_dutch_plural_finds_the_singular_on_postgresql(client, shop_case):
    assert titles(client, q="winkels") == ["Een winkel op de hoek"]


@needs_postgres
def test_search_combines_with_filters_and_facets(client, shop_case):
    CasePageFactory(title="Winkels in Genk", summary="Veel winkels.", population=66_000)
    response = client.get("/api/v1/cases/", {"q": "winkels", "size": "25k-50k"})
    data = response.json()
    assert [case["title"] for case in data["results"]] == ["Een winkel op de hoek"]
    assert data["facets"]["sizes"] == {"25k-50k": 1, "50k-100k": 1}
