"""Every image and document URL in the API is absolute: the VLAIO site shows them on its own host, where a
root-relative `/media/…` would 404. Local media are named on the host (and scheme) the request used, which is
where nginx serves /media/; object storage is covered by tests/serving/test_s3_storage.py."""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.files.base import ContentFile

import pytest
import wagtail_factories

from tests.api.conftest import get_json, make_case
from tests.factories.themes import ThemePageFactory


def image(width: int = 2000, height: int = 1000):
    return wagtail_factories.ImageFactory(file__width=width, file__height=height)


@pytest.fixture
def illustrated_case(case_index):
    document = wagtail_factories.DocumentFactory(title="Reglement", file=ContentFile(b"%PDF-1.4", name="reglement.pdf"))
    ThemePageFactory(code="mobiliteit", title="Mobiliteit", image=image(), image_alt="Een straat")
    body = [
        ("concept", "<p>Een plein met beeld.</p>"),
        ("tips", {"items": ["Toon het."]}),
        ("image", {"image": image(), "alt": "De markt", "credit": "Stad", "caption": ""}),
        (
            "gallery",
            {
                "images": [
                    {"image": image(), "alt": "Voor", "credit": "Stad", "caption": ""},
                    {"image": image(), "alt": "Na", "credit": "Buurt", "caption": ""},
                ]
            },
        ),
        ("document", {"document": document, "title": ""}),
    ]
    return make_case("beeld", title="Een voorbeeld met beeld", body=body, hero_image=image(), hero_image_alt="Plein")


def image_urls(image: dict) -> list[str]:
    """The rendition URLs and every URL of the srcset of one API image."""
    urls = [rendition["url"] for rendition in image["renditions"].values()]
    srcset = [entry.split()[0] for entry in image["srcset"].split(", ")]
    assert len(srcset) == 2
    return urls + srcset


def every_image_url(payload: dict) -> list[str]:
    """Hero, body image and gallery URLs of a case detail."""
    blocks = {block["type"]: block["value"] for block in payload["body"]}
    images = [payload["image"], blocks["image"]["image"], *(item["image"] for item in blocks["gallery"]["images"])]
    return [url for item in images for url in image_urls(item)]


def assert_local_media(urls: list[str], origin: str, media_root: str) -> None:
    """Each URL names `origin` and a file that exists under MEDIA_ROOT (what nginx serves as /media/)."""
    assert urls
    for url in urls:
        assert url.startswith(f"{origin}/media/"), url
        assert (Path(media_root) / urlsplit(url).path.removeprefix("/media/")).is_file(), url


def test_case_detail_image_urls_are_absolute_on_the_request_host(illustrated_case, client, settings):
    payload = get_json(client, f"cases/{illustrated_case.pk}/")
    urls = every_image_url(payload)
    assert len(urls) == 4 * 5  # hero, body image, two gallery images: three renditions and two srcset entries
    assert_local_media(urls, "http://testserver", settings.MEDIA_ROOT)


def test_case_detail_document_url_is_absolute(illustrated_case, client):
    payload = get_json(client, f"cases/{illustrated_case.pk}/")
    document = next(block["value"] for block in payload["body"] if block["type"] == "document")
    assert document["url"].startswith("http://testserver/documents/")
    assert document["url"].endswith("/reglement.pdf")
    assert client.get(urlsplit(document["url"]).path).status_code == 200


def test_case_list_image_urls_are_absolute(illustrated_case, client, settings):
    card = get_json(client, "cases/")["results"][0]
    assert_local_media(image_urls(card["image"]), "http://testserver", settings.MEDIA_ROOT)


def test_theme_image_urls_are_absolute(illustrated_case, client, settings):
    themes = get_json(client, "themes/")
    assert [theme["code"] for theme in themes] == ["mobiliteit"]
    assert_local_media(image_urls(themes[0]["image"]), "http://testserver", settings.MEDIA_ROOT)
    detail = get_json(client, "themes/mobiliteit/")
    assert_local_media(image_urls(detail["image"]), "http://testserver", settings.MEDIA_ROOT)


def test_theme_description_links_to_documents_are_absolute(case_index, client):
    document = wagtail_factories.DocumentFactory(title="Plan", file=ContentFile(b"%PDF-1.4", name="plan.pdf"))
    ThemePageFactory(
        code="mobiliteit",
        description=f'<p>Lees <a linktype="document" id="{document.pk}">het plan</a>.</p>',
    )
    make_case("fiets", title="Fietsen")
    description = get_json(client, "themes/mobiliteit/")["description"]
    assert f'href="http://testserver/documents/{document.pk}/plan.pdf"' in description


def test_urls_follow_the_host_and_https_of_the_request(illustrated_case, client, settings):
    payload = client.get(f"/api/v1/cases/{illustrated_case.pk}/", HTTP_HOST="www.devitrine.be", secure=True).json()
    assert_local_media(every_image_url(payload), "https://www.devitrine.be", settings.MEDIA_ROOT)


def test_urls_are_https_behind_the_trusted_proxy(illustrated_case, client, settings):
    """As in production: nginx says the reader came over https; the URLs must not send the browser to http."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    path = f"/api/v1/cases/{illustrated_case.pk}/"
    payload = client.get(path, HTTP_HOST="www.devitrine.be", HTTP_X_FORWARDED_PROTO="https").json()
    assert_local_media(every_image_url(payload), "https://www.devitrine.be", settings.MEDIA_ROOT)
    # The same path over plain http is cached apart (api/caching.py keys on scheme and host).
    plain = client.get(path, HTTP_HOST="www.devitrine.be").json()
    assert_local_media(every_image_url(plain), "http://www.devitrine.be", settings.MEDIA_ROOT)
