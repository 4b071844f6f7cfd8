"""Public forms: a per-IP rate limit (429 with Retry-After) and a low cap on the number of fields (400)."""

import pytest

from home.public_forms import parse_rate
from reader.profile import COOKIE_NAME
from tests.cases.admin_form import edit_form_data, edit_url
from tests.factories.cases import CasePageFactory

pytestmark = pytest.mark.django_db

PROFILE = "/nl/profiel/"
VALID_PROFILE = {"action": "save", "audience": "lokale-besturen"}


def padded(count: int) -> dict[str, str]:
    return {**VALID_PROFILE, **{f"veld{number}": "x" for number in range(count - len(VALID_PROFILE))}}


def test_a_valid_profile_post_still_saves(taxonomy, client):
    response = client.post(PROFILE, VALID_PROFILE)
    assert response.status_code == 302
    assert response.cookies[COOKIE_NAME].value == "lokale-besturen|"


def test_a_profile_post_with_2000_fields_is_refused_with_a_clear_page(taxonomy, client):
    response = client.post(PROFILE, padded(2000))
    assert response.status_code == 400
    assert COOKIE_NAME not in response.cookies
    assert "Dit verzoek kunnen we niet verwerken" in response.content.decode()


def test_a_post_past_djangos_own_field_limit_is_a_400_not_a_500(taxonomy, client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 100
    settings.PUBLIC_FORM_MAX_FIELDS = 1000  # Django's parser refuses first
    response = client.post(PROFILE, padded(101))
    assert response.status_code == 400
    assert "Dit verzoek kunnen we niet verwerken" in response.content.decode()


def test_the_field_limit_is_read_from_the_settings(taxonomy, client, settings):
    settings.PUBLIC_FORM_MAX_FIELDS = 10
    assert client.post(PROFILE, padded(10)).status_code == 302
    assert client.post(PROFILE, padded(11)).status_code == 400


def test_the_admin_keeps_its_high_field_limit(admin_client, taxonomy):
    case = CasePageFactory(live=False, title="Grote case")
    data = edit_form_data(admin_client, case, title="Grote case, versie 2")
    assert len(data) > 50
    response = admin_client.post(edit_url(case), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.get_latest_revision_as_object().title == "Grote case, versie 2"


@pytest.fixture
def three_per_minute(settings):
    settings.PUBLIC_FORM_RATE = "3/minute"


def test_posts_past_the_rate_limit_get_429_with_retry_after(taxonomy, client, three_per_minute):
    for _attempt in range(3):
        assert client.post(PROFILE, VALID_PROFILE).status_code == 302
    response = client.post(PROFILE, VALID_PROFILE)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert COOKIE_NAME not in response.cookies
    assert "Te veel formulieren verstuurd" in response.content.decode()
    assert client.get(PROFILE).status_code == 200  # reading is not limited


def test_each_client_address_has_its_own_budget(taxonomy, client, three_per_minute):
    for _attempt in range(3):
        client.post(PROFILE, VALID_PROFILE, REMOTE_ADDR="192.0.2.1")
    assert client.post(PROFILE, VALID_PROFILE, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post(PROFILE, VALID_PROFILE, REMOTE_ADDR="192.0.2.2").status_code == 302


def test_a_forged_forwarded_for_does_not_dodge_the_limit(taxonomy, client, three_per_minute):
    for number in range(3):
        client.post(PROFILE, VALID_PROFILE, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    assert client.post(PROFILE, VALID_PROFILE, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_behind_a_declared_proxy_the_forwarded_address_counts(taxonomy, client, three_per_minute, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for _attempt in range(3):
        client.post(PROFILE, VALID_PROFILE, HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert client.post(PROFILE, VALID_PROFILE, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
    assert client.post(PROFILE, VALID_PROFILE, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 302


def test_every_public_form_shares_the_budget_but_the_admin_does_not(taxonomy, client, admin_client, settings):
    settings.PUBLIC_FORM_RATE = "2/minute"
    assert client.post("/nl/", {}).status_code != 429  # a Wagtail page
    assert client.post("/admin/password_reset/", {"email": "niemand@example.org"}).status_code != 429
    assert client.post(PROFILE, VALID_PROFILE).status_code == 429
    for _attempt in range(3):
        assert admin_client.post("/admin/pages/search/", {}).status_code != 429


def test_an_empty_rate_switches_the_limit_off(taxonomy, client, settings):
    settings.PUBLIC_FORM_RATE = ""
    for _attempt in range(5):
        assert client.post(PROFILE, VALID_PROFILE).status_code == 302


def test_rates_use_the_api_notation():
    assert parse_rate("20/minute") == (20, 60)
    assert parse_rate("100/hour") == (100, 3600)
    assert parse_rate("") is None
