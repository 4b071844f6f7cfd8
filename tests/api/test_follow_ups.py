"""CaseDetail.follow_ups (API 1.5.0): dated follow-ups, newest first, typed in the schema, at no extra query."""

from datetime import date

from django.core.management import call_command

import pytest
import yaml

from tests.api.conftest import make_case, translate
from tests.api.test_query_counts import count_queries
from tests.factories.follow_ups import follow_up

pytestmark = pytest.mark.django_db


def test_the_detail_lists_follow_ups_newest_first(taxonomy, client):
    case = make_case(
        "opgevolgd",
        title="Opgevolgd in Lier",
        year=2021,
        follow_ups=[
            follow_up(date(2024, 4, 2), "Een jaar later draaien er acht pop-ups.", [("pop-ups", "8")]),
            follow_up(date(2025, 4, 1), "Twee jaar later zijn twaalf panden verhuurd.", [("panden verhuurd", "12")]),
        ],
    )
    payload = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert payload["follow_ups"] == [
        {
            "date": "2025-04-01",
            "text": "Twee jaar later zijn twaalf panden verhuurd.",
            "figures": [{"label": "panden verhuurd", "value": "12"}],
        },
        {
            "date": "2024-04-02",
            "text": "Een jaar later draaien er acht pop-ups.",
            "figures": [{"label": "pop-ups", "value": "8"}],
        },
    ]
    listed = client.get("/api/v1/cases/").json()["results"]
    assert all("follow_ups" not in card for card in listed)  # additive, on the detail only


def test_a_case_without_follow_ups_has_an_empty_list(taxonomy, client):
    case = make_case("zonder", title="Zonder opvolging")
    assert client.get(f"/api/v1/cases/{case.pk}/").json()["follow_ups"] == []


def test_a_translation_keeps_the_dates_and_figures_of_its_source(taxonomy, client):
    case = make_case(
        "vertaald",
        title="Vertaald in Lier",
        follow_ups=[follow_up(date(2025, 1, 15), "Het loopt.", [("pop-ups", "8")])],
    )
    french = translate(case, "fr", title="Traduit à Lier", slug="traduit")
    payload = client.get(f"/api/v1/cases/{french.pk}/").json()
    assert [(item["date"], item["figures"][0]["value"]) for item in payload["follow_ups"]] == [("2025-01-15", "8")]


def test_follow_ups_cost_no_query_each(taxonomy, client):
    one = make_case("een", title="Een opvolging", follow_ups=[follow_up(date(2024, 5, 1))])
    many = make_case(
        "veel",
        title="Veel opvolgingen",
        follow_ups=[follow_up(date(2022 + n, 5, 1), figures=[("cijfer", str(n))] * 3) for n in range(4)],
    )
    assert count_queries(client, f"/api/v1/cases/{one.pk}/") == count_queries(client, f"/api/v1/cases/{many.pk}/")


def test_the_schema_types_follow_ups(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["info"]["version"] == "1.5.0"
    components = schema["components"]["schemas"]
    follow_ups = components["CaseDetail"]["properties"]["follow_ups"]
    assert follow_ups["items"] == {"$ref": "#/components/schemas/FollowUp"}
    assert components["FollowUp"]["properties"]["date"] == {
        "type": "string",
        "format": "date",
        "description": "When this was the state of affairs (ISO 8601 date).",
    }
    assert set(components["FollowUp"]["required"]) == {"date", "text", "figures"}
    assert set(components["FollowUpFigure"]["properties"]) == {"label", "value"}
