"""Cached pages and API answers carry absolute links, so each host and scheme gets its own entry.

Before, a request for another allowed host (or over http instead of https) filled the cache, and every
reader after it got canonical and `next` links to that host.
"""

import pytest

pytestmark = pytest.mark.django_db

OTHER = "staging.vitrine.example"
OURS = "www.vitrine.example"


def test_a_cached_page_keeps_the_canonical_link_of_its_own_host(cases, client, page_cache):
    path = "/nl/voorbeelden/lokeren/"
    other = client.get(path, HTTP_HOST=OTHER)
    assert other.status_code == 200
    assert f'<link rel="canonical" href="http://{OTHER}{path}">' in other.content.decode()

    ours = client.get(path, HTTP_HOST=OURS, secure=True)
    html = ours.content.decode()
    assert f'<link rel="canonical" href="https://{OURS}{path}">' in html
    assert OTHER not in html
    assert client.get(path, HTTP_HOST=OURS, secure=True)["X-Page-Cache"] == "hit"  # still cached, per host


def test_a_cached_api_answer_keeps_the_next_link_of_its_own_host(cases, client):
    path = "/api/v1/cases/?page_size=1"
    assert client.get(path, HTTP_HOST=OTHER).json()["next"].startswith(f"http://{OTHER}/")

    body = client.get(path, HTTP_HOST=OURS, secure=True).json()
    assert body["next"].startswith(f"https://{OURS}/api/v1/cases/")
    assert client.get(path, HTTP_HOST=OURS).json()["next"].startswith(f"http://{OURS}/")
