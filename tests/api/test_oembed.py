"""GET /api/v1/oembed/ (api/oembed.py) as an oEmbed consumer meets it: the URL of a public case page in, a `rich`
answer with an iframe of its card out; 404 for anything a reader may not see, 501 for XML, strict parameters."""

import re

import pytest

from cases.models.catalogue import refresh_stale_cards
from tests.api.conftest import get_json

pytestmark = pytest.mark.django_db

FIELDS = {"version", "type", "html", "width", "height", "title", "provider_name", "provider_url", "cache_age"}
THUMBNAIL = {"thumbnail_url", "thumbnail_width", "thumbnail_height"}


def case_url(client, case) -> str:
    """The public URL of a case as the API gives it, the way a consumer finds it."""
    return get_json(client, f"cases/{case.pk}/")["url"]


def test_a_case_url_gets_a_rich_answer_with_an_iframe_of_its_card(dataset, client):
    gent = dataset.cases["gent"]
    answer = get_json(client, "oembed/", {"url": case_url(client, gent)})
    assert set(answer) == FIELDS | THUMBNAIL
    assert answer["version"] == "1.0"
    assert answer["type"] == "rich"
    assert answer["title"] == "Autovrije binnenstad Gent"
    assert answer["provider_name"] == "De Vitrine"
    assert answer["provider_url"] == "http://testserver/nl/"
    assert (answer["width"], answer["height"]) == (400, 520)
    assert answer["html"] == (
        f'<iframe src="http://testserver/embed/cases/{gent.pk}/" title="Autovrije binnenstad Gent" width="400" '
        'height="520" loading="lazy" style="border:0;max-width:100%" data-vitrine-embed></iframe>'
    )
    assert answer["thumbnail_url"].startswith("http://testserver/media/images/")
    # The 400x300 crop, or smaller for a small original (never upscaled).
    assert answer["thumbnail_width"] <= 400 and answer["thumbnail_height"] <= 300
    # The iframe shows the card of that case.
    widget = client.get(f"/embed/cases/{gent.pk}/")
    assert widget.status_code == 200
    assert "Autovrije binnenstad Gent" in widget.content.decode()


def test_the_answer_fits_maxwidth_and_maxheight(dataset, client):
    url = case_url(client, dataset.cases["gent"])
    answer = get_json(client, "oembed/", {"url": url, "maxwidth": 320, "maxheight": 300, "format": "json"})
    assert (answer["width"], answer["height"]) == (320, 300)
    assert 'width="320" height="300"' in answer["html"]
    narrow = get_json(client, "oembed/", {"url": url, "maxwidth": 40})
    assert (narrow["width"], narrow["height"]) == (40, 250)
    assert not THUMBNAIL & set(narrow)  # the thumbnail is wider than 40 pixels


def test_a_translation_is_answered_in_its_language(dataset, client):
    answer = get_json(client, "oembed/", {"url": case_url(client, dataset.english)})
    assert answer["title"] == "Pop-up shops in Lokeren"
    assert answer["provider_url"] == "http://testserver/en/"


def test_hidden_unknown_and_foreign_urls_get_404(dataset, client):
    for hidden in dataset.hidden:
        url = f"http://testserver/nl/voorbeelden/{hidden.slug}/"
        body = get_json(client, "oembed/", {"url": url}, status=404)
        assert body["error"] == "not_found"
    gent = case_url(client, dataset.cases["gent"])
    assert get_json(client, "oembed/", {"url": gent.rstrip("/") + "?utm_source=x"})["title"]  # the same page
    for url in (
        "http://testserver/nl/voorbeelden/bestaat-niet/",
        gent.replace("/nl/", "/en/"),  # the Dutch slug in the English tree
        gent.replace("voorbeelden/", "voorbeelden/andere-map/"),  # the right slug at another place
        "http://testserver/nl/",
        "ftp://testserver/nl/voorbeelden/gent/",
        "not a url",
    ):
        assert get_json(client, "oembed/", {"url": url}, status=404)["error"] == "not_found", url


def test_a_url_on_another_host_gets_404(dataset, client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    gent = case_url(client, dataset.cases["gent"])
    assert get_json(client, "oembed/", {"url": gent.replace("testserver", "evil.example")}, status=404)


def test_xml_is_not_implemented(dataset, client):
    body = get_json(client, "oembed/", {"url": case_url(client, dataset.cases["gent"]), "format": "xml"}, status=501)
    assert body["error"] == "not_implemented"


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({}, "url"),
        ({"url": "x", "maxwidth": "0"}, "maxwidth"),
        ({"url": "x", "maxheight": "veel"}, "maxheight"),
        ({"url": "x", "format": "yaml"}, "format"),
        ({"url": "x", "callback": "f"}, "callback"),
    ],
)
def test_bad_parameters_get_the_api_400(dataset, client, params, bad):
    body = get_json(client, "oembed/", params, status=400)
    assert body["error"] == "invalid_parameters"
    assert bad in body["parameters"]
    if bad == "format":
        assert body["parameters"]["format"]["accepted"] == ["json", "xml"]


def test_the_answer_is_cacheable_and_costs_few_queries(dataset, client, django_assert_max_num_queries):
    url = case_url(client, dataset.cases["gent"])  # its renditions are made for the detail ...
    refresh_stale_cards()  # ... and the background task keeps its card in the catalogue
    with django_assert_max_num_queries(4):
        first = client.get("/api/v1/oembed/", {"url": url})
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=300"
    again = client.get("/api/v1/oembed/", {"url": url}, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_the_schema_documents_oembed(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/oembed/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {
        "url",
        "maxwidth",
        "maxheight",
        "format",
        "If-None-Match",
    }
    assert "304" in operation["responses"]
    assert {"200", "400", "404", "501"} <= set(operation["responses"])
    fields = schema["components"]["schemas"]["Oembed"]["properties"]
    assert fields["html"]["description"].startswith("An <iframe>")


def test_the_iframe_is_refused_to_other_sites(dataset, client, settings):
    settings.EMBED_ORIGINS = ["https://www.vlaio.be"]
    answer = get_json(client, "oembed/", {"url": case_url(client, dataset.cases["gent"])})
    src = re.search(r'src="([^"]+)"', answer["html"]).group(1)
    policy = client.get(src.removeprefix("http://testserver"))["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://www.vlaio.be" in policy
