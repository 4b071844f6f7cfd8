"""Every body block has a preview in the admin's block picker (preview_value + its own template)."""

from django.urls import reverse

import pytest
import wagtail_factories

from cases.models import CasePage

BODY_BLOCKS = CasePage._meta.get_field("body").stream_block.child_blocks


@pytest.mark.parametrize("name", list(BODY_BLOCKS))
def test_body_block_preview_renders(client, admin_user, name):
    wagtail_factories.ImageFactory()  # image blocks preview the first image in the library
    client.force_login(admin_user)
    block = BODY_BLOCKS[name]
    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    assert block.meta.icon, name
    assert block.meta.description, name
