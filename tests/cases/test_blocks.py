from django.core.exceptions import ValidationError

from wagtail.blocks.struct_block import StructBlockValidationError

import pytest

from cases.blocks import (
    CaseBodyStreamBlock,
    ContactBlock,
    DontsBlock,
    DosBlock,
    LearningsBlock,
    ResultsBlock,
    TipsBlock,
)


@pytest.mark.parametrize(
    ("block_class", "heading", "css"),
    [
        (LearningsBlock, "Learnings", "lessons--learnings"),
        (TipsBlock, "Tips & tricks", "lessons--tips"),
        (DosBlock, "Do's", "lessons--dos"),
        (DontsBlock, "Don'ts", "lessons--donts"),
    ],
)
def test_lesson_blocks_render_their_own_heading_and_style(block_class, heading, css):
    block = block_class()
    html = block.render(block.to_python({"items": ["Betrek de eigenaars.", "Start klein."]}))
    assert heading in html
    assert css in html
    assert html.count("<li>") == 2


def test_lesson_blocks_need_at_least_one_item():
    block = LearningsBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"items": []}))


def test_contact_block_needs_a_way_to_reach_the_person():
    block = ContactBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(
            block.to_python({"name": "An Peeters", "organisation": "Stad", "email": "", "phone": "", "website": ""})
        )
    assert "email" in error.value.block_errors
    value = block.clean(
        block.to_python(
            {"name": "An Peeters", "organisation": "", "email": "an@example.org", "phone": "", "website": ""}
        )
    )
    assert block.get_api_representation(value)["email"] == "an@example.org"


def test_contact_block_rejects_a_bad_email():
    block = ContactBlock()
    with pytest.raises(ValidationError):
        block.clean(
            block.to_python({"name": "An", "organisation": "", "email": "geen-adres", "phone": "", "website": ""})
        )


def test_results_block_renders_key_figures():
    block = ResultsBlock()
    html = block.render(block.to_python({"figures": [{"value": "-30%", "label": "leegstand"}], "text": ""}))
    assert "<strong>-30%</strong> leegstand" in html


def test_case_body_allows_one_concept_only():
    block = CaseBodyStreamBlock()
    value = block.to_python([{"type": "concept", "value": "<p>Een</p>"}, {"type": "concept", "value": "<p>Twee</p>"}])
    with pytest.raises(ValidationError):
        block.clean(value)


def test_case_body_api_uses_stable_type_keys():
    block = CaseBodyStreamBlock()
    value = block.to_python(
        [
            {"type": "concept", "value": "<p>Het idee</p>"},
            {"type": "steps", "value": {"steps": ["Eerst", "Dan"]}},
            {"type": "tips", "value": {"items": ["Klein starten"]}},
        ]
    )
    data = block.get_api_representation(value)
    assert [item["type"] for item in data] == ["concept", "steps", "tips"]
    assert data[1]["value"] == {"steps": ["Eerst", "Dan"]}
