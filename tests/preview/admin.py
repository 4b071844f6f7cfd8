"""What the headless preview tests share (here and in tests/api/test_preview.py): a preview taken in the admin."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from tests.cases.admin_form import edit_form_data

CLIENT_URL = "https://www.vlaio.be/de-vitrine/voorbeeld?token={token}"


def with_client_url(settings):
    """The VLAIO site's preview page configured (HEADLESS_PREVIEW_URL), as a fixture's body."""
    settings.HEADLESS_PREVIEW_URL = CLIENT_URL
    return settings


def preview_url(page) -> str:
    return reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])


def take_preview(client, page, **fields):
    """What the preview panel does: post the edit form as it is, then load the preview in mode "vlaio"."""
    data = edit_form_data(client, page, **fields)
    posted = client.post(preview_url(page), data)
    assert posted.status_code == 200 and posted.json()["is_valid"], posted.content
    return client.get(preview_url(page), {"mode": "vlaio", "in_preview_panel": "true"})


def framed_client_url(response) -> str:
    """The VLAIO site's URL that the preview page frames."""
    match = re.search(r'<iframe class="headless-preview__frame" src="([^"]+)"', response.content.decode())
    assert match, response.content.decode()
    return unescape(match.group(1))


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]
