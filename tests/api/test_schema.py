"""The OpenAPI document: generated without warnings, valid OpenAPI 3, and its docs work offline."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

import pytest
import yaml
from openapi_spec_validator import validate


@pytest.fixture
def openapi(tmp_path) -> dict:
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    return yaml.safe_load(target.read_text())


def test_schema_builds_without_warnings_and_is_valid_openapi(openapi):
    validate(openapi)
    assert openapi["info"]["title"] == "De Vitrine API"
    assert set(openapi["paths"]) == {
        "/api/v1/cases/",
        "/api/v1/cases/points/",
        "/api/v1/cases/{id}/",
        "/api/v1/cases/by-slug/{slug}/",
        "/api/v1/themes/",
        "/api/v1/themes/{code}/",
        "/api/v1/audiences/",
        "/api/v1/oembed/",
        "/api/v1/municipalities/",
        "/api/v1/export/cases.csv",
        "/api/v1/export/cases.json",
        "/api/v1/catalog.jsonld",
        "/api/v1/changes/",
        "/api/v1/preview/",
    }


def test_schema_documents_every_list_parameter_and_error(openapi):
    operation = openapi["paths"]["/api/v1/cases/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {
        "locale",
        "theme",
        "audience",
        "size",
        "country",
        "province",
        "origin",
        "year_min",
        "year_max",
        "q",
    } <= names
    assert {"ordering", "prefer_audience", "prefer_size", "page", "page_size", "updated_since"} <= names
    assert {"200", "400", "429"} <= set(operation["responses"])


def test_the_change_feed_documents_its_parameters_and_its_enums(openapi):
    operation = openapi["paths"]["/api/v1/changes/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {
        "since",
        "cursor",
        "locale",
        "limit",
        "If-None-Match",
    }
    assert {"200", "304", "400", "429"} <= set(operation["responses"])
    schemas = openapi["components"]["schemas"]
    assert schemas["ChangeKindEnum"]["enum"] == ["published", "updated", "removed"]
    assert schemas["RemovalReasonEnum"]["enum"] == ["unpublished", "expired", "deleted", "private"]
    change = schemas["Change"]["properties"]
    assert all(change[key].get("description") for key in ("id", "slug", "locale", "kind", "reason", "time"))
    ordering = next(p for p in openapi["paths"]["/api/v1/cases/"]["get"]["parameters"] if p["name"] == "ordering")
    assert {"-updated", "updated"} <= set(ordering["schema"]["enum"])


@pytest.mark.django_db
def test_docs_are_served_from_our_own_static_files(client):
    for url in ("/api/v1/docs/",):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        external = [src for src in re.findall(r'(?:src|href)="([^"]+)"', html) if src.startswith(("http", "//"))]
        assert external == [], url
        assert "/static/drf_spectacular_sidecar/" in html
    assert client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").status_code == 200


def test_theme_and_audience_keys_are_code_and_label_and_the_old_ones_deprecated(openapi):
    schemas = openapi["components"]["schemas"]
    old_keys = {
        "ThemeRef": ("slug", "title"),
        "AudienceRef": ("slug", "name"),
        "Theme": ("slug", "title"),
        "ThemeDetail": ("slug", "title"),
        "Audience": ("slug", "name"),
    }
    for component, old in old_keys.items():
        properties = schemas[component]["properties"]
        assert not properties["code"].get("deprecated") and not properties["label"].get("deprecated"), component
        assert all(properties[key].get("deprecated") is True for key in old), component
    theme_detail = openapi["paths"]["/api/v1/themes/{code}/"]["get"]
    assert [parameter["name"] for parameter in theme_detail["parameters"] if parameter["in"] == "path"] == ["code"]


def test_the_changelog_describes_the_schema_version(openapi):
    """A schema change bumps info.version and says what changed in api/CHANGELOG.md."""
    changelog = (Path(__file__).resolve().parents[2] / "api" / "CHANGELOG.md").read_text()
    newest = re.search(r"^## (\S+)", changelog, re.MULTILINE).group(1)
    assert newest == openapi["info"]["version"] == settings.SPECTACULAR_SETTINGS["VERSION"]


def test_schema_names_server_licence_and_contact(openapi):
    assert openapi["servers"] == [{"url": settings.PUBLIC_BASE_URL, "description": "De Vitrine (PUBLIC_BASE_URL)"}]
    assert openapi["info"]["license"] == {
        "name": "Modellicentie Gratis Hergebruik v1.0",
        "url": "https://www.vlaanderen.be/digitaal-vlaanderen/onze-oplossingen/open-data/modellicentie-gratis-hergebruik",
    }
    assert openapi["info"]["contact"]["name"] == "Redactie De Vitrine"


def test_description_explains_cors_caching_rate_limits_and_absolute_urls(openapi):
    description = openapi["info"]["description"]
    for words in (
        "API_CORS_ORIGINS",
        "If-None-Match",
        "`304 Not Modified`",
        f"max-age={settings.API_CACHE_MAX_AGE}",
        f"{settings.API_THROTTLE_RATE} requests",
        "`429`",
        "Retry-After",
        "Every URL in an answer is absolute",
        "Modellicentie Gratis Hergebruik",
    ):
        assert words in description, words


def enum_of(openapi: dict, schema: dict) -> list:
    if "$ref" in schema:
        schema = openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in schema:
        return enum_of(openapi, schema["allOf"][0])
    return schema["enum"]


def test_coded_parameters_and_fields_are_enums(openapi):
    operation = openapi["paths"]["/api/v1/cases/"]["get"]
    parameters = {parameter["name"]: parameter["schema"] for parameter in operation["parameters"]}
    sizes = ["lt10k", "10k-25k", "25k-50k", "50k-100k", "gt100k"]
    statuses = ["idea", "pilot", "running", "completed"]
    # The repeatable filters share the answers' enums: one type in a generated client for both
    assert parameters["size"]["items"] == parameters["prefer_size"]["items"] == ref("SizeClassEnum")
    assert parameters["status"]["items"] == ref("CaseStatusEnum")
    assert parameters["province"]["items"] == ref("ProvinceEnum")
    assert enum_of(openapi, parameters["size"]["items"]) == sizes
    assert enum_of(openapi, parameters["status"]["items"]) == statuses
    assert "oost-vlaanderen" in enum_of(openapi, parameters["province"]["items"])
    assert "BE" in parameters["country"]["items"]["enum"]
    assert parameters["origin"]["enum"] == ["domestic", "abroad"]
    orderings = ["-published", "title", "-year", "relevance", "recommended", "-updated", "updated"]
    assert parameters["ordering"]["enum"] == orderings
    assert parameters["ordering"]["x-enum-varnames"] == [
        "PUBLISHED_DESC",
        "TITLE",
        "YEAR_DESC",
        "RELEVANCE",
        "RECOMMENDED",
        "UPDATED_DESC",
        "UPDATED",
    ]
    assert parameters["locale"]["enum"] == ["nl", "en", "fr"]
    assert openapi["components"]["schemas"]["SizeClassEnum"]["x-enum-varnames"][1] == "FROM_10K_TO_25K"

    card = openapi["components"]["schemas"]["CaseCard"]["properties"]
    assert enum_of(openapi, card["locale"]) == ["nl", "en", "fr"]
    for field, enum in (("size_class", "SizeClassEnum"), ("status", "CaseStatusEnum"), ("province", "ProvinceEnum")):
        component = openapi["components"]["schemas"][card[field]["allOf"][0]["$ref"].rsplit("/", 1)[-1]]
        assert component["properties"]["code"]["allOf"] == [ref(enum)], field


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def test_every_get_declares_304_with_etag_and_cache_control_and_429_with_retry_after(openapi):
    for path, operations in openapi["paths"].items():
        operation = operations["get"]
        responses = operation["responses"]
        assert "security" not in operation, path  # anonymous: a generated client needs no key
        if path == "/api/v1/preview/":  # a draft: never cached, so no ETag and no 304
            assert "304" not in responses and "ETag" not in responses["200"].get("headers", {})
            continue
        assert "If-None-Match" in {parameter["name"] for parameter in operation["parameters"]}, path
        assert "content" not in responses["304"], path
        for status in ("200", "304"):
            assert set(responses[status]["headers"]) == {"ETag", "Cache-Control"}, (path, status)
        assert responses["429"]["headers"]["Retry-After"]["schema"]["type"] == "integer", path
