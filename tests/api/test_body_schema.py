"""A case's body in the OpenAPI document: one schema per block type, chosen by `type`, that real answers match."""

from django.core.management import call_command

from wagtail import blocks

import pytest
import yaml
from openapi_schema_validator import OAS30ReadValidator
from referencing import Registry
from referencing.jsonschema import DRAFT4

from api.body_schema import BodySchema, UndescribedBlock
from cases.models import CasePage
from tests.api.conftest import make_case
from tests.factories.bodies import BODY_TYPES, every_block_body


@pytest.fixture(scope="module")
def openapi(tmp_path_factory) -> dict:
    target = tmp_path_factory.mktemp("schema") / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    return yaml.safe_load(target.read_text())


def validator(openapi: dict, component: str) -> OAS30ReadValidator:
    registry = Registry().with_resource("urn:vitrine", DRAFT4.create_resource(openapi))
    return OAS30ReadValidator({"$ref": f"urn:vitrine#/components/schemas/{component}"}, registry=registry)


def test_every_block_type_of_the_case_body_has_its_own_schema(openapi):
    schemas = openapi["components"]["schemas"]
    block_types = list(CasePage._meta.get_field("body").stream_block.child_blocks)
    assert block_types == BODY_TYPES  # every_block_body() covers them all
    union = schemas["BodyBlock"]
    assert union["discriminator"]["propertyName"] == "type"
    mapping = union["discriminator"]["mapping"]
    assert set(mapping) == set(block_types)
    assert sorted(variant["$ref"] for variant in union["oneOf"]) == sorted(mapping.values())
    for block_type, target in mapping.items():
        variant = schemas[target.rsplit("/", 1)[-1]]
        assert variant["properties"]["type"]["enum"] == [block_type]
        assert variant["required"] == ["type", "id", "value"]
    detail_body = schemas["CaseDetail"]["properties"]["body"]
    assert detail_body["items"] == {"$ref": "#/components/schemas/BodyBlock"}


def test_block_values_are_described_field_by_field(openapi):
    schemas = openapi["components"]["schemas"]
    assert schemas["BodyConceptBlock"]["properties"]["value"]["type"] == "string"
    assert schemas["StepsBlockValue"]["properties"]["steps"] == {"type": "array", "items": {"type": "string"}}
    figures = schemas["ResultsBlockValue"]["properties"]["figures"]
    assert figures["items"] == {"$ref": "#/components/schemas/KeyFigureBlockValue"}
    assert set(schemas["KeyFigureBlockValue"]["required"]) == {"value", "label"}
    assert set(schemas["CaptionedImageBlockValue"]["properties"]) == {"image", "alt", "credit", "caption"}
    assert schemas["BodyImageFile"]["properties"]["renditions"] == {"$ref": "#/components/schemas/RenditionSet"}
    assert schemas["BodyDocumentBlock"]["properties"]["value"]["nullable"] is True
    assert schemas["LinkBlockValue"]["properties"]["external"]["type"] == "boolean"
    # The blocks' descriptions, in English
    assert schemas["BodyTransferabilityBlock"]["description"].startswith("What would a smaller or larger municipality")


def test_a_block_with_its_own_representation_and_no_schema_fails_the_build():
    class MapBlock(blocks.StructBlock):
        lat = blocks.FloatBlock()

        def get_api_representation(self, value, context=None):
            return {"point": [value["lat"], 0]}

    with pytest.raises(UndescribedBlock, match="MapBlock"):
        BodySchema(blocks.StreamBlock([("map", MapBlock())])).build()


def test_a_case_with_every_block_matches_the_schema_exactly(openapi, dataset, client):
    case = make_case(
        "volledig", title="Een volledig voorbeeld", body=every_block_body(linked_page=dataset.cases["gent"])
    )
    payload = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert [block["type"] for block in payload["body"]] == BODY_TYPES
    for block in payload["body"]:
        validator(openapi, "BodyBlock").validate(block)
        # oneOf: the block matches its own type's schema and no other
        matches = [
            name
            for name in openapi["components"]["schemas"]["BodyBlock"]["discriminator"]["mapping"]
            if validator(openapi, f"Body{name.capitalize()}Block").is_valid(block)
        ]
        assert matches == [block["type"]]


def test_a_wrong_value_for_a_block_type_is_refused_by_the_schema(openapi):
    wrong = {"type": "steps", "id": "x", "value": {"items": ["Begin klein."]}}  # a learnings value
    assert not validator(openapi, "BodyBlock").is_valid(wrong)
    assert validator(openapi, "BodyBlock").is_valid({**wrong, "type": "learnings"})
