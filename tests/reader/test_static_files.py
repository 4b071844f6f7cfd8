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
        "staticfiles": {"BACKEND": "home.static_storage.StaticFilesStorage"},
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


def test_each_static_url_is_the_manifest_s_hashed_one_and_a_missing_file_still_fails(collected, settings):
    """URLs are kept per process (home/static_storage.py): each must be what whitenoise's storage gives, and a name
    the manifest lacks must fail every time, not once."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    from whitenoise.storage import CompressedManifestStaticFilesStorage

    plain = CompressedManifestStaticFilesStorage()
    names = sorted(plain.hashed_files)
    assert "css/vitrine.css" in names
    for _round in range(2):  # the second round is answered from what the first kept
        assert [staticfiles_storage.url(name) for name in names] == [plain.url(name) for name in names]
    assert re.fullmatch(r"/static/css/vitrine\.[0-9a-f]{12}\.css", staticfiles_storage.url("css/vitrine.css"))
    settings.WHITENOISE_MANIFEST_STRICT = True
    strict = type(staticfiles_storage._wrapped)()
    for _round in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            strict.url("css/bestaat-niet.css")
