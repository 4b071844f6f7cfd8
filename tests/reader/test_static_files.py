"""Static files in production: hashed names, compressed copies and far-future cache headers (whitenoise)."""

import re

from django.core.management import call_command
from django.test import Client

import pytest

# Our own files only: the admin's thousands of files would make the test slow without telling more.
IGNORE = ["wagtail*", "admin", "rest_framework", "drf_spectacular_sidecar", "django_extensions", "wagtaillocalize"]


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_MANIFEST_STRICT = False
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=IGNORE)
    return tmp_path / "static"


def test_pages_link_hashed_static_files_served_with_far_future_cache_headers(site, collected):
    client = Client()  # a new client builds whitenoise anew, over the collected files
    html = client.get("/nl/").content.decode()
    stylesheet = re.search(r'href="(/static/css/vitrine\.[0-9a-f]{12}\.css)"', html).group(1)
    script = re.search(r'src="(/static/js/vitrine\.[0-9a-f]{12}\.js)"', html).group(1)
    for path in (stylesheet, script):
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert response["Cache-Control"] == "max-age=315360000, public, immutable"
        assert response["Content-Encoding"] == "gzip"
