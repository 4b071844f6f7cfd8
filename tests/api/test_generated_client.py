"""A client generated from the live OpenAPI document by a real generator works against a real server.

openapi-python-client (requirements-dev.txt) reads /api/v1/schema/ from the running test server and writes a
typed Python package into a temporary folder, which must happen without a single warning. The package is then
imported and used, strictly (an undeclared status raises), the way the VLAIO site would use it.
"""

import importlib
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import make_case
from tests.factories.bodies import BODY_TYPES, every_block_body
from tests.factories.themes import audience, theme

PACKAGE = "vitrine_client"
GENERATOR = [sys.executable, "-m", "openapi_python_client"]  # the pinned package of this environment
# No ruff run over the generated code (its default post-hooks): it is imported, not read, and this keeps it quick.
CONFIG = "post_hooks: []\n"


def generate(schema_url: str, folder: Path) -> str:
    """Runs the generator on the served document; returns everything it printed."""
    schema = folder / "openapi.json"
    schema.write_bytes(httpx.get(schema_url, params={"format": "json"}).raise_for_status().content)
    config = folder / "config.yaml"
    config.write_text(CONFIG)
    command = [*GENERATOR, "generate", "--path", str(schema), "--config", str(config)]
    command += ["--meta", "none", "--output-path", str(folder / PACKAGE), "--fail-on-warning"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


@pytest.fixture
def client_package(live_server, tmp_path, monkeypatch):
    output = generate(f"{live_server.url}/api/v1/schema/", tmp_path)
    assert "Warning" not in output, output
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module(PACKAGE)
    for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]


def api(package, operation: str):
    """`cases.cases_list` → the generated module vitrine_client.api.cases.cases_list."""
    return importlib.import_module(f"{package.__name__}.api.{operation}")


def model(package, name: str):
    return getattr(importlib.import_module(f"{package.__name__}.models"), name)


@pytest.fixture
def published(live_server, transactional_db, django_db_serialized_rollback):
    """Committed content, so the live server's own database connection sees it (as in test_fuzz.py)."""
    gent = make_case("autovrij-gent", title="Autovrije binnenstad Gent", population=265_000, province="oost-vlaanderen")
    full = make_case(
        "pop-ups-lokeren",
        title="Pop-upwinkels in Lokeren",
        population=42_000,
        province="oost-vlaanderen",
        themes=["duurzaamheid", "mobiliteit"],
        audiences=["ondernemers"],
        body=every_block_body(linked_page=gent),
    )
    make_case("waterplein-zutphen", title="Waterplein in Zutphen", country="NL", population=48_000)
    theme("duurzaamheid")
    audience("ondernemers")
    return {"gent": gent.pk, "full": full.pk}


def test_generated_client_round_trips_every_endpoint(client_package, published, live_server):
    package = client_package
    client = package.Client(base_url=live_server.url, raise_on_unexpected_status=True)

    # One call per endpoint: (generated operation, its arguments) → the parsed answer, checked below.
    answers = {
        operation: api(package, operation).sync_detailed(client=client, **arguments)
        for operation, arguments in [
            (
                "cases.cases_list",
                {
                    "theme": ["mobiliteit"],
                    "size": [model(package, "SizeClassEnum").FROM_25K_TO_50K],
                    "origin": model(package, "CasesListOrigin").DOMESTIC,
                    "ordering": model(package, "CasesListOrdering").TITLE,
                },
            ),
            ("cases.cases_retrieve", {"id": published["full"]}),
            ("cases.cases_by_slug", {"slug": "autovrij-gent"}),
            ("themes.themes_list", {}),
            ("audiences.audiences_list", {"locale": model(package, "AudiencesListLocale").NL}),
            ("municipalities.municipalities_list", {"q": "Lok"}),
        ]
    }
    assert {response.status_code for response in answers.values()} == {200}

    cases = answers["cases.cases_list"].parsed
    assert isinstance(cases, model(package, "CaseList"))
    assert [card.slug for card in cases.results] == ["pop-ups-lokeren"]
    card = cases.results[0]
    assert card.size_class.code == model(package, "SizeClassEnum").FROM_25K_TO_50K
    assert card.province.code == model(package, "ProvinceEnum").OOST_VLAANDEREN
    assert card.locale == model(package, "LocaleEnum").NL
    assert cases.facets.themes.additional_properties["duurzaamheid"] == 1

    detail = answers["cases.cases_retrieve"].parsed
    assert isinstance(detail, model(package, "CaseDetail"))
    expected = [model(package, f"Body{block_type.capitalize()}Block") for block_type in BODY_TYPES]
    assert [type(block) for block in detail.body] == expected  # typed blocks, not dicts
    blocks = {block.type_.value: block.value for block in detail.body}
    assert blocks["steps"].steps == ["Leegstand in kaart brengen.", "Eigenaars aanspreken."]
    assert blocks["results"].figures[0].value == "-30%"
    assert blocks["image"].image.renditions.large.url.startswith(f"{live_server.url}/media/")
    assert isinstance(blocks["gallery"].images[1], model(package, "CaptionedImageBlockValue"))
    assert blocks["video"].provider == model(package, "VideoBlockValueProvider").VIMEO
    assert blocks["document"].file_extension == "pdf"
    assert [link.external for link in blocks["links"].links] == [False, True]
    assert blocks["contact"].phone is None and blocks["concept"].startswith("<p>Zoals in <a href=")

    assert answers["cases.cases_by_slug"].parsed.id == published["gent"]
    assert "duurzaamheid" in {item.code for item in answers["themes.themes_list"].parsed}
    audiences = {item.code: item.case_count for item in answers["audiences.audiences_list"].parsed}
    assert audiences == {"lokale-besturen": 2, "ondernemers": 1}

    municipalities = answers["municipalities.municipalities_list"].parsed
    lokeren = next(item for item in municipalities.results if item.name == "Lokeren")
    assert lokeren.nis_code == "46029" and lokeren.names.fr == "Lokeren"  # merged with Moerbeke in 2025: a new code
    assert lokeren.size_class.code in set(model(package, "SizeClassEnum"))


def test_a_strict_generated_client_accepts_304(client_package, published, live_server):
    client = client_package.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    retrieve = api(client_package, "cases.cases_retrieve")
    first = retrieve.sync_detailed(client=client, id=published["full"])
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"].startswith("public, max-age=")

    again = retrieve.sync_detailed(client=client, id=published["full"], if_none_match=etag)
    assert again.status_code == 304
    assert again.parsed is None and again.content == b""
    assert again.headers["ETag"] == etag
