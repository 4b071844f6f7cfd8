"""A publish purges the CDN in front of the site: tried against a real HTTP server on localhost acting as the CDN,
which receives the PURGE requests of wagtail.contrib.frontend_cache's HTTP backend (cdn.backends.HTTPBackend)."""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.exceptions import ImproperlyConfigured

from wagtail.models import PageViewRestriction

import pytest

from cases.models import CasePage, CaseTheme
from tests.api.conftest import translate
from tests.cases.admin_form import edit_form_data, edit_url
from tests.factories.cases import CasePageFactory
from vitrine_cms.settings import base

pytestmark = pytest.mark.django_db


class FakeCdn(ThreadingHTTPServer):
    """Answers every PURGE with 200 and remembers its path (with the query) and Host header."""

    daemon_threads = True

    def __init__(self):
        self.purged: list[tuple[str, str]] = []
        super().__init__(("127.0.0.1", 0), PurgeHandler)

    @property
    def location(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def paths(self) -> set[str]:
        return {path for path, _host in self.purged}


class PurgeHandler(BaseHTTPRequestHandler):
    def do_PURGE(self):
        self.server.purged.append((self.path, self.headers["Host"]))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn() -> Iterator[FakeCdn]:
    server = FakeCdn()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def purge_through(settings, location: str, timeout: float = 5) -> None:
    settings.WAGTAILFRONTENDCACHE = {
        "default": {"BACKEND": "cdn.backends.HTTPBackend", "LOCATION": location, "TIMEOUT": timeout}
    }


def publish_in_admin(client, case: CasePage, capture, **fields):
    """What an editor does: change the case in the edit form and press Publiceren; the purge goes after the commit."""
    data = edit_form_data(client, case, **fields)
    data["action-publish"] = "action-publish"
    with capture(execute=True):
        response = client.post(edit_url(case), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.live
    return response


@pytest.fixture
def lokeren(taxonomy):
    mobility = CaseTheme(theme=taxonomy["themes"]["mobiliteit"])
    return CasePageFactory(title="Pop-ups in Lokeren", slug="pop-ups-lokeren", case_themes=[mobility])


def test_a_publish_purges_the_case_its_translations_and_their_api_urls(
    admin_client, settings, cdn, lokeren, django_capture_on_commit_callbacks
):
    english = translate(lokeren, "en", "Pop-up shops in Lokeren", "pop-up-shops-lokeren")
    purge_through(settings, cdn.location)

    publish_in_admin(admin_client, lokeren, django_capture_on_commit_callbacks, title="Pop-ups in Lokeren (2025)")

    purged = cdn.paths()
    assert {
        lokeren.url,  # /nl/voorbeelden/pop-ups-lokeren/
        english.url,  # the translation at its own slug
        "/nl/",
        "/nl/voorbeelden/",
        f"/api/v1/cases/{lokeren.pk}/",
        f"/api/v1/cases/{english.pk}/",
        "/api/v1/cases/by-slug/pop-ups-lokeren/",
        "/api/v1/cases/by-slug/pop-ups-lokeren/?locale=nl",
        "/api/v1/cases/by-slug/pop-up-shops-lokeren/?locale=en",
        "/api/v1/cases/",
        "/api/v1/cases/?locale=nl",
        "/api/v1/cases/points/?locale=nl",
        "/api/v1/themes/?locale=nl",
        "/api/v1/themes/mobiliteit/?locale=nl",
        "/api/v1/audiences/?locale=nl",
        "/nl/kaart/",
        "/nl/feed/rss/",
        "/nl/feed/mobiliteit/rss/",
    } <= purged, sorted(purged)
    assert lokeren.url.startswith("/nl/") and english.url.startswith("/en/")
    # The language-swapped copies Wagtail would add by default name pages that do not exist.
    assert "/en/voorbeelden/pop-ups-lokeren/" not in purged
    # The CDN is asked for the public host, as readers reach it.
    assert {host for _path, host in cdn.purged} == {"localhost"}


def test_unpublishing_purges_the_case_too(admin_client, settings, cdn, lokeren, django_capture_on_commit_callbacks):
    purge_through(settings, cdn.location)

    with django_capture_on_commit_callbacks(execute=True):
        lokeren.unpublish()

    assert {lokeren.url, f"/api/v1/cases/{lokeren.pk}/", "/api/v1/cases/?locale=nl"} <= cdn.paths()


def test_a_new_slug_purges_the_old_address(admin_client, settings, cdn, lokeren, django_capture_on_commit_callbacks):
    old_url = lokeren.url
    purge_through(settings, cdn.location)

    publish_in_admin(admin_client, lokeren, django_capture_on_commit_callbacks, slug="pop-ups-lokeren-2025")

    assert {
        old_url,
        "/nl/voorbeelden/pop-ups-lokeren-2025/",
        "/api/v1/cases/by-slug/pop-ups-lokeren/?locale=nl",
        "/api/v1/cases/by-slug/pop-ups-lokeren-2025/?locale=nl",
    } <= cdn.paths()


def test_making_a_section_private_purges_its_pages(settings, cdn, lokeren, django_capture_on_commit_callbacks):
    purge_through(settings, cdn.location)

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=lokeren.get_parent(), restriction_type="login")

    assert {"/nl/voorbeelden/", lokeren.url, f"/api/v1/cases/{lokeren.pk}/"} <= cdn.paths()


def test_without_a_backend_nothing_is_purged(admin_client, settings, cdn, lokeren, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {}

    publish_in_admin(admin_client, lokeren, django_capture_on_commit_callbacks, title="Nieuwe titel")

    assert cdn.purged == []


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_dead_cdn_never_fails_a_publish(admin_client, settings, lokeren, django_capture_on_commit_callbacks, caplog):
    purge_through(settings, f"http://127.0.0.1:{free_port()}")  # nothing listens there

    publish_in_admin(admin_client, lokeren, django_capture_on_commit_callbacks, title="Gepubliceerd zonder CDN")

    assert CasePage.objects.live().get(pk=lokeren.pk).title == "Gepubliceerd zonder CDN"
    assert "Couldn't purge" in caplog.text


@contextmanager
def silent_server() -> Iterator[str]:
    """A CDN that accepts connections and never answers."""
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_a_cdn_that_never_answers_costs_the_publish_at_most_the_timeout_per_url(
    admin_client, settings, lokeren, django_capture_on_commit_callbacks, caplog
):
    with silent_server() as location:
        purge_through(settings, location, timeout=0.05)
        started = time.monotonic()
        publish_in_admin(admin_client, lokeren, django_capture_on_commit_callbacks, title="Trage CDN")
        elapsed = time.monotonic() - started

    assert elapsed < 10
    assert "timed out" in caplog.text


@pytest.mark.parametrize(
    ("backend", "values", "expected"),
    [
        ("", {}, {}),
        (
            "http",
            {"FRONTEND_CACHE_LOCATION": "http://varnish:6081", "FRONTEND_CACHE_TIMEOUT": 3.0},
            {"BACKEND": "cdn.backends.HTTPBackend", "LOCATION": "http://varnish:6081", "TIMEOUT": 3.0},
        ),
        (
            "cloudflare",
            {"CLOUDFLARE_ZONE_ID": "zone", "CLOUDFLARE_BEARER_TOKEN": "secret"},
            {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
                "ZONEID": "zone",
                "BEARER_TOKEN": "secret",
            },
        ),
        (
            "cloudfront",
            {"CLOUDFRONT_DISTRIBUTION_ID": "E123"},
            {"BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend", "DISTRIBUTION_ID": "E123"},
        ),
    ],
)
def test_the_backend_comes_from_the_environment(monkeypatch, backend, values, expected):
    for name, value in values.items():
        monkeypatch.setattr(base, name, value)

    configured = base.frontend_cache_settings(backend)

    assert configured == ({"default": expected} if expected else {})


@pytest.mark.parametrize("backend", ["http", "cloudflare", "cloudfront", "varnish"])
def test_an_incomplete_backend_refuses_to_start(monkeypatch, backend):
    for name in (
        "FRONTEND_CACHE_LOCATION",
        "CLOUDFLARE_ZONE_ID",
        "CLOUDFLARE_BEARER_TOKEN",
        "CLOUDFRONT_DISTRIBUTION_ID",
    ):
        monkeypatch.setattr(base, name, "")

    with pytest.raises(ImproperlyConfigured):
        base.frontend_cache_settings(backend)
