"""nginx gzips API answers and then, as RFC 9110 asks, weakens their ETag ("abc" becomes W/"abc"); browsers send
that weak tag back in If-None-Match. If-None-Match compares weakly, so the API must still answer 304, or every
revalidation behind nginx downloads the whole answer again (tests/serving/test_nginx.py checks it through nginx)."""

import pytest


@pytest.mark.django_db
def test_weak_form_of_the_etag_revalidates(client, taxonomy):
    etag = client.get("/api/v1/themes/")["ETag"]
    assert not etag.startswith("W/")
    response = client.get("/api/v1/themes/", headers={"If-None-Match": f"W/{etag}"})
    assert response.status_code == 304
    assert response["ETag"] == etag


@pytest.mark.django_db
def test_weak_form_of_another_etag_does_not(client, taxonomy):
    response = client.get("/api/v1/themes/", headers={"If-None-Match": 'W/"0123456789abcdef"'})
    assert response.status_code == 200
