"""CORS on the API as the VLAIO website's browser meets it: a revalidating request (If-None-Match) must pass the
preflight, and the ETag of the answer must be readable by its script, or every call downloads the whole list again."""

import pytest

VLAIO = "https://www.vlaio.be"


@pytest.fixture
def vlaio_may_call(settings):
    settings.API_CORS_ORIGINS = [VLAIO]
    settings.CORS_ALLOWED_ORIGINS = [VLAIO]


def preflight(client, origin: str, headers: str):
    return client.options(
        "/api/v1/cases/",
        headers={"Origin": origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": headers},
    )


def header_set(value: str) -> set[str]:
    return {name.strip().lower() for name in value.split(",") if name.strip()}


@pytest.mark.django_db
def test_preflight_of_a_revalidating_request_is_allowed(client, vlaio_may_call):
    response = preflight(client, VLAIO, "if-none-match")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == VLAIO
    assert "if-none-match" in header_set(response["Access-Control-Allow-Headers"])


@pytest.mark.django_db
def test_preflight_from_another_origin_gets_no_permission(client, vlaio_may_call):
    response = preflight(client, "https://evil.example", "if-none-match")
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
def test_the_etag_of_a_cross_origin_answer_is_readable_and_revalidates(client, taxonomy, vlaio_may_call):
    first = client.get("/api/v1/themes/", headers={"Origin": VLAIO})
    assert first.status_code == 200
    assert "etag" in header_set(first["Access-Control-Expose-Headers"])
    again = client.get("/api/v1/themes/", headers={"Origin": VLAIO, "If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == VLAIO
