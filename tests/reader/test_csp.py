"""Content-Security-Policy (home/csp.py, settings in base.py): strict on every reader page and the API,
looser only for the admin and Swagger UI, report-only by environment variable, and a fresh nonce
even on a page from the whole-page cache."""

import os
import re
import subprocess
import sys

from django.conf import settings as django_settings

import pytest

HEADER = "Content-Security-Policy"
REPORT_ONLY = "Content-Security-Policy-Report-Only"
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
SRC_ATTR = re.compile(r"\bsrc\s*=", re.IGNORECASE)
NONCE_ATTR = re.compile(r'\bnonce="([^"]*)"')


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def reader_urls(trilingual) -> list[str]:
    return [
        "/nl/",
        "/en/",
        "/nl/voorbeelden/",
        "/nl/voorbeelden/?theme=mobiliteit",
        trilingual.nl.url,
        trilingual.fr.url,
        "/nl/themas/",
        "/nl/themas/mobiliteit/",
        "/nl/over-de-vitrine/",
        "/nl/zoeken/?q=lokeren",
        "/nl/kaart/",
        "/nl/profiel/",
        "/nl/feed/rss/",
        "/nl/bestaat-niet/",
    ]


def assert_strict(response, header: str = HEADER) -> None:
    assert header in response, f"{response.request['PATH_INFO']}: no {header}"
    policy = directives(response[header])
    script_src = policy["script-src"]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    html = response.content.decode()
    for attributes in SCRIPT_TAG.findall(html):
        if SRC_ATTR.search(attributes):
            continue
        nonce = NONCE_ATTR.search(attributes)
        assert nonce and f"'nonce-{nonce.group(1)}'" in script_src, f"inline <script{attributes}> without the nonce"


@pytest.fixture
def test_every_reader_page_has_a_strict_policy_and_nonced_inline_scripts(trilingual, client):
    seen_json_ld = False
    for url in reader_urls(trilingual):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_strict(response)
        seen_json_ld |= 'type="application/ld+json"' in response.content.decode()
    assert seen_json_ld  # the check above did meet an inline script


def test_the_api_and_its_errors_have_a_strict_policy(site, client):
    for url in ("/api/v1/cases/", "/api/v1/themes/", "/api/v1/schema/", "/api/v1/bestaat-niet/"):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_strict(response)


def test_reader_images_may_come_from_the_tile_server_and_videos_from_the_two_players(site, client, settings):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    policy = directives(client.get("/nl/kaart/")[HEADER])
    assert "https://*.tiles.example.org" in policy["img-src"]
    assert policy["frame-src"] == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
    assert policy["style-src"] == ["'self'"]


def test_only_the_admin_and_the_api_docs_allow_inline_scripts(site, client, admin_user):
    for url in ("/admin/login/", "/api/v1/docs/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response[HEADER])
        assert "'unsafe-inline'" in policy["script-src"], url
        assert policy["object-src"] == ["'none'"]
    client.force_login(admin_user)
    assert directives(client.get("/admin/")[HEADER])["frame-ancestors"] == ["'self'"]


def test_report_only_sends_the_same_policy_without_enforcing_it(trilingual, client, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    for url in ("/nl/", trilingual.nl.url, "/api/v1/cases/"):
        response = client.get(url)
        assert HEADER not in response
        assert_strict(response, REPORT_ONLY)
    assert "'unsafe-inline'" in client.get("/admin/login/")[REPORT_ONLY]


@pytest.mark.parametrize(("value", "enforced"), [("", True), ("0", True), ("1", False), ("true", False)])
def test_the_environment_variable_switches_report_only(value, enforced):
    """The switch is read when the settings load, so it is checked in a fresh interpreter."""
    code = (
        "from django.conf import settings;"
        "print(bool(settings.CONTENT_SECURITY_POLICY), bool(settings.CONTENT_SECURITY_POLICY_REPORT_ONLY))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vitrine_cms.settings.test", "CSP_REPORT_ONLY": value}
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=django_settings.BASE_DIR
    ).stdout.split()
    assert output == [str(enforced), str(not enforced)]


def test_a_cached_page_gets_a_fresh_nonce_that_matches_its_header(trilingual, client, settings):
    settings.READER_PAGE_CACHE_TIMEOUT = 60
    nonces = []
    for expected in ("miss", "hit", "hit"):
        response = client.get(trilingual.nl.url)
        assert response["X-Page-Cache"] == expected
        assert_strict(response)
        nonces.append(NONCE_ATTR.search(response.content.decode()).group(1))
    assert len(set(nonces)) == 3
