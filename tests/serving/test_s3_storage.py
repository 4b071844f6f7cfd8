"""Object storage against a real S3-compatible server: moto's server mode (moto[server] from PyPI), started by
this module on a free port and spoken to over HTTP by boto3, exactly as an S3 or MinIO would be.

The storage settings are the ones the production settings build from the environment (read from a subprocess
that imports vitrine_cms.settings.production with AWS_STORAGE_BUCKET_NAME and friends set); this process then
runs the app on them: images are created, renditions made, the API and a reader page requested. What must hold:
originals and renditions are objects in the bucket, every URL the API and the page give names the bucket (or
AWS_S3_CUSTOM_DOMAIN), moto hands out the image bytes at those URLs, and nothing lands in MEDIA_ROOT.
"""

import io
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.core.files.base import ContentFile

import pytest
import wagtail_factories
from PIL import Image as PILImage

from cases.models import CaseTheme
from devtools.server import BIN, PROJECT, free_port, popen, stop_process, tail
from tests.binaries import require_binary
from tests.factories.cases import CasePageFactory, default_body
from tests.factories.themes import ThemePageFactory

BUCKET = "vitrine-media"
# moto accepts any credentials; boto3 needs some to sign the bucket's creation.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "vitrine-test", "AWS_SECRET_ACCESS_KEY": "vitrine-test-secret"}
REGION = "eu-west-1"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/*"}
    ],
}


def moto_server_binary() -> str:
    return require_binary("moto_server", install="pip install -r requirements-dev.txt: moto[server]", path=str(BIN))


@pytest.fixture(scope="module")
def moto(tmp_path_factory):
    """http://127.0.0.1:<port> of a moto server of our own, with an empty bucket made through boto3."""
    binary = moto_server_binary()
    import boto3

    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    process = popen([binary, "-H", "127.0.0.1", "-p", str(port)], env=os.environ, log_path=log)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2).close()  # noqa: S310 - our own server
                break
            except (OSError, urllib.error.URLError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto_server did not start:\n{tail(log)}") from None
                time.sleep(0.1)
        client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **lower(CREDENTIALS))
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        # What the README asks of the operator: readers' browsers fetch the objects without credentials.
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
        yield endpoint, client
    finally:
        stop_process(process, timeout=2)  # nothing to flush: the bucket dies with the test


def lower(credentials: dict[str, str]) -> dict[str, str]:
    return {key.lower(): value for key, value in credentials.items()}


def production_storage_settings(environment: dict[str, str]) -> dict:
    """STORAGES["default"] and every AWS_* setting that vitrine_cms.settings.production makes of `environment`."""
    key = tuple(sorted(environment.items()))
    if key not in _PRODUCTION_SETTINGS:  # a second each: once per configuration, not once per test
        _PRODUCTION_SETTINGS[key] = read_production_storage_settings(environment)
    return dict(_PRODUCTION_SETTINGS[key])


_PRODUCTION_SETTINGS: dict[tuple, dict] = {}


def read_production_storage_settings(environment: dict[str, str]) -> dict:
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps({'default': settings.STORAGES['default'], "
        "**{name: getattr(settings, name) for name in dir(settings) if name.startswith('AWS_')}}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vitrine_cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "www.devitrine.be",
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(params=["endpoint", "custom-domain"])
def s3(request, moto, settings, monkeypatch):
    """The app on the bucket, configured as production would be from .env; yields the URL prefix of the bucket's
    objects. With AWS_S3_CUSTOM_DOMAIN (a CDN in front of the bucket) the URLs must name that domain; here it is
    moto again under another name (localhost), since a CDN is not what this test is about."""
    endpoint, client = moto
    environment = {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": endpoint, "AWS_S3_REGION_NAME": REGION}
    if request.param == "custom-domain":
        environment["AWS_S3_CUSTOM_DOMAIN"] = f"localhost:{endpoint.rsplit(':', 1)[1]}/{BUCKET}"
    storage = production_storage_settings(environment)
    assert storage.pop("default") == {"BACKEND": "storages.backends.s3.S3Storage"}
    for name, value in storage.items():
        setattr(settings, name, value)
    if request.param == "custom-domain":
        settings.AWS_S3_URL_PROTOCOL = "http:"  # moto speaks plain http; a real CDN is https (the default)
        prefix = f"http://{environment['AWS_S3_CUSTOM_DOMAIN']}/"
    else:
        prefix = f"{endpoint}/{BUCKET}/"
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    # Last: changing STORAGES makes Django drop the storage it made, so the next use builds an S3 one.
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
    yield prefix, client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=item["Key"])


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the test's own moto server
        return response.status, response.headers.get("Content-Type", ""), response.read()


def assert_served_from_bucket(urls: list[str], prefix: str, client) -> None:
    """Each URL names the bucket, and what moto hands out there is the object, an image."""
    assert urls
    for url in set(urls):
        assert url.startswith(prefix), url
        status, content_type, body = fetch(url)
        assert status == 200, url
        assert content_type.startswith("image/"), (url, content_type)
        key = url.removeprefix(prefix)
        assert body == client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        assert PILImage.open(io.BytesIO(body)).format in {"WEBP", "JPEG", "PNG"}, url


def api_image_urls(image: dict) -> list[str]:
    return [r["url"] for r in image["renditions"].values()] + [e.split()[0] for e in image["srcset"].split(", ")]


@pytest.fixture
def illustrated_case(case_index, s3):
    theme = ThemePageFactory(code="mobiliteit", title="Mobiliteit", image=wagtail_factories.ImageFactory())
    gallery = {"images": [{"image": wagtail_factories.ImageFactory(), "alt": alt} for alt in ("Voor", "Na")]}
    return CasePageFactory(
        slug="in-de-emmer",
        case_themes=[CaseTheme(theme=theme)],
        body=[*default_body(), ("gallery", gallery)],
    )


def test_originals_and_renditions_go_to_the_bucket_and_not_to_media_root(illustrated_case, s3, client, settings):
    prefix, s3_client = s3
    # Asking for them makes the renditions.
    assert client.get(f"/api/v1/cases/{illustrated_case.pk}/").status_code == 200
    assert client.get("/api/v1/themes/").status_code == 200
    keys = {item["Key"] for item in s3_client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
    hero = illustrated_case.hero_image
    assert hero.file.name in keys
    assert hero.file.url == f"{prefix}{hero.file.name}"
    assert {rendition.file.name for rendition in hero.renditions.all()} <= keys
    assert len([key for key in keys if key.startswith("images/")]) >= 3 * 4  # hero, theme, two gallery images
    media_root = Path(settings.MEDIA_ROOT)
    assert not media_root.exists() or not any(media_root.rglob("*"))


def test_api_image_urls_name_the_bucket_and_load(illustrated_case, s3, client):
    prefix, s3_client = s3
    case = client.get(f"/api/v1/cases/{illustrated_case.pk}/").json()
    gallery = next(block["value"] for block in case["body"] if block["type"] == "gallery")
    urls = api_image_urls(case["image"]) + [url for item in gallery["images"] for url in api_image_urls(item["image"])]
    assert len(urls) == 3 * 5
    card = client.get("/api/v1/cases/").json()["results"][0]
    theme = client.get("/api/v1/themes/").json()[0]
    urls += api_image_urls(card["image"]) + api_image_urls(theme["image"])
    assert_served_from_bucket(urls, prefix, s3_client)


def test_reader_page_images_name_the_bucket_and_load(illustrated_case, s3, client):
    prefix, s3_client = s3
    page = client.get(illustrated_case.url)
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'<img[^>]+\bsrc="([^"]+)"', html)
    srcsets = [entry.split()[0] for value in re.findall(r'srcset="([^"]+)"', html) for entry in value.split(", ")]
    og_image = re.findall(r'<meta property="og:image" content="([^"]+)"', html)
    assert len(sources) >= 3  # hero and two gallery images
    assert og_image
    assert not any("/media/" in url and not url.startswith(prefix) for url in sources + srcsets + og_image)
    assert_served_from_bucket(sources + srcsets + og_image, prefix, s3_client)


def test_a_document_link_leads_to_the_bucket(case_index, s3, client):
    prefix, _ = s3
    document = wagtail_factories.DocumentFactory(title="Reglement", file=ContentFile(b"%PDF-1.4 x", name="r.pdf"))
    case = CasePageFactory(slug="met-document", body=[*default_body(), ("document", {"document": document})])
    body = client.get(f"/api/v1/cases/{case.pk}/").json()["body"]
    url = next(block["value"]["url"] for block in body if block["type"] == "document")
    assert url.startswith("http://testserver/documents/")
    answer = client.get(url.removeprefix("http://testserver"))
    assert answer.status_code == 302  # Wagtail's serve view checks privacy, then sends the reader to the object
    assert answer["Location"].startswith(prefix)
    assert fetch(answer["Location"])[2] == b"%PDF-1.4 x"
