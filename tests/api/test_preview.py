"""GET /api/v1/preview/?token=…: the draft an editor previews, for the VLAIO site's preview page.

Tokens are taken the way an editor makes them, through the admin's preview panel (tests/preview/conftest.py).
"""

import time

from django.core.cache import cache

import pytest

from preview.tokens import preview_token_make
from tests.api.conftest import API, get_json
from tests.factories.cases import CasePageFactory
from tests.preview.admin import framed_client_url, take_preview, token_of, with_client_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def headless_preview(settings):
    return with_client_url(settings)


PREVIEW = f"{API}preview/"


@pytest.fixture
def live_case(taxonomy):
    """Published as editors publish (a revision), so it has publication dates, which a preview stores too."""
    case = CasePageFactory(title="Pop-ups in Lokeren", slug="pop-ups-lokeren", live=False)
    case.save_revision().publish()
    case.refresh_from_db()
    assert case.first_published_at is not None
    return case


def preview_token(client, page, **fields) -> str:
    return token_of(framed_client_url(take_preview(client, page, **fields)))


def test_the_token_gives_the_draft_not_the_live_case(admin_client, client, headless_preview, live_case):
    token = preview_token(admin_client, live_case, title="Pop-ups in Lokeren: het concept")

    response = client.get(PREVIEW, {"token": token})

    assert response.status_code == 200
    draft = response.json()
    assert draft["title"] == "Pop-ups in Lokeren: het concept"
    assert draft["id"] == live_case.pk
    assert draft["slug"] == "pop-ups-lokeren"
    assert draft["body"][0]["type"] == "concept"
    # The published case is unchanged for everyone else.
    assert get_json(client, f"cases/{live_case.pk}/")["title"] == "Pop-ups in Lokeren"


def test_the_preview_has_the_detail_shape(admin_client, client, headless_preview, live_case):
    token = preview_token(admin_client, live_case)

    preview = client.get(PREVIEW, {"token": token}).json()

    published = get_json(client, f"cases/{live_case.pk}/")
    # The same keys and facts; the body went through the editor's form (block ids, rich text block keys).
    assert {**preview, "body": None} == {**published, "body": None}
    assert [block["type"] for block in preview["body"]] == [block["type"] for block in published["body"]]


def test_a_draft_that_was_never_published_can_be_previewed(admin_client, client, headless_preview, taxonomy):
    draft = CasePageFactory(live=False, title="Nog geheim voorbeeld")
    get_json(client, f"cases/{draft.pk}/", status=404)

    token = preview_token(admin_client, draft)

    assert client.get(PREVIEW, {"token": token}).json()["title"] == "Nog geheim voorbeeld"


def test_the_preview_is_never_cached(admin_client, client, headless_preview, live_case):
    token = preview_token(admin_client, live_case, title="Eerste versie")

    first = client.get(PREVIEW, {"token": token})

    assert first["Cache-Control"] == "no-store"
    assert not first.has_header("ETag")
    assert not [key for key in cache._cache if ":api:" in key]
    # The editor changes the draft and refreshes the panel: the same token shows the change at once.
    take_preview(admin_client, live_case, title="Tweede versie")
    assert client.get(PREVIEW, {"token": token}).json()["title"] == "Tweede versie"


def test_an_expired_token_is_refused(admin_client, client, headless_preview, live_case):
    token = preview_token(admin_client, live_case)
    headless_preview.HEADLESS_PREVIEW_MAX_AGE = 1
    time.sleep(2.1)

    response = client.get(PREVIEW, {"token": token})

    assert response.status_code == 403
    assert response["Cache-Control"] == "no-store"
    assert response.json()["error"] == "token_expired"
    assert "expired" in response.json()["message"]


def test_a_tampered_token_is_refused(admin_client, client, headless_preview, live_case):
    token = preview_token(admin_client, live_case)
    payload, timestamp, signature = token.split(":")
    other_page = preview_token_make(page_id=live_case.pk + 1, snapshot_id=1).split(":")[0]

    for tampered in (
        f"{payload}:{timestamp}:{signature[:-2]}xx",  # another signature
        f"{other_page}:{timestamp}:{signature}",  # another page and snapshot under this signature
        token[:-5],
        "abc",
    ):
        response = client.get(PREVIEW, {"token": tampered})
        assert response.status_code == 403, tampered
        assert response.json()["error"] == "invalid_token"


def test_a_token_for_a_deleted_page_is_not_found(admin_client, client, headless_preview, live_case):
    token = preview_token(admin_client, live_case)
    live_case.delete()

    response = client.get(PREVIEW, {"token": token})

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("params", "parameter"),
    [({}, "token"), ({"token": ""}, "token"), ({"token": "abc", "locale": "nl"}, "locale")],
)
def test_parameters_are_strict(client, db, params, parameter):
    response = client.get(PREVIEW, params)

    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"
    assert parameter in response.json()["parameters"]


def test_the_preview_costs_a_bounded_number_of_queries(
    admin_client, client, headless_preview, live_case, django_assert_max_num_queries
):
    token = preview_token(admin_client, live_case)
    client.get(PREVIEW, {"token": token})  # renditions made once, as for any detail

    # 21 today: the stored page is rebuilt as Wagtail rebuilds a revision (its foreign keys one by one). Not a list,
    # so it does not grow with the catalogue; one theme and one audience here.
    with django_assert_max_num_queries(24):
        assert client.get(PREVIEW, {"token": token}).status_code == 200
