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
    assert {"ordering", "prefer_audience", "prefer_size", "page", "page_size"} <= names
    assert {"200", "400", "429"} <= set(operation["responses"])


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
