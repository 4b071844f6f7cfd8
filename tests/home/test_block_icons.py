"""Every block in the block menu shows an icon: its name must be one Wagtail 8 has registered."""

from pathlib import PurePosixPath

from django.apps import apps

from wagtail import blocks, hooks
from wagtail.fields import StreamField

import pytest


def registered_icon_names() -> set[str]:
    paths = []
    for register in hooks.get_hooks("register_icons"):
        paths = register(paths)
    return {PurePosixPath(path).stem for path in paths}


def stream_blocks() -> dict[str, blocks.StreamBlock]:
    """The top-level StreamBlock of every StreamField in the project's models."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField) and field.model is model:
                found[f"{model._meta.label}.{field.name}"] = field.stream_block
    return found


def descendants(block: blocks.Block, path: str):
    """Yield (path, block) for `block` and every block nested in it."""
    yield path, block
    children = getattr(block, "child_blocks", None) or {}
    for name, child in children.items():
        yield from descendants(child, f"{path}.{name}")
    if isinstance(block, blocks.ListBlock):
        yield from descendants(block.child_block, f"{path}.item")


ICONS = registered_icon_names()
BLOCKS = [(path, block) for label, stream in stream_blocks().items() for path, block in descendants(stream, label)]


def test_the_case_and_standard_page_bodies_are_checked():
    labels = set(stream_blocks())
    assert {"cases.CasePage.body", "home.StandardPage.body"} <= labels
    assert "cases.CasePage.body.dos" in dict(BLOCKS)


@pytest.mark.parametrize(("path", "block"), BLOCKS, ids=[path for path, _block in BLOCKS])
def test_every_block_icon_is_a_registered_wagtail_icon(path, block):
    assert block.meta.icon in ICONS, f"{path}: icon {block.meta.icon!r} does not exist in Wagtail 8"
