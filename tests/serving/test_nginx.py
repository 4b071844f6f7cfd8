"""The production shape, started for real: Debian's nginx with deploy/nginx/vitrine.conf in front of a gunicorn of
the production settings, on a fresh database with demo content and collected static files. On PostgreSQL the
database and media are a copy of the session's demo site (tests/demo_template.py); on SQLite, a build of a few
demo cases.

The config is the repository's, rewritten only where a test machine differs from the container: the listening
port, the upstream address, the folder that stands for /srv, and the folder of the files vitrine-env.sh generates
(run here as the container runs it at start). A request "from the TLS terminator" comes from 127.0.0.2, the one
TRUSTED_PROXIES address, with X-Forwarded-Proto: https, as a load balancer in front of nginx would send it.
"""

import gzip
import http.client
import json
import mimetypes
import os
import re
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings as django_settings

import pytest

from devtools.demo import copy_demo_template
from devtools.server import (
    PROJECT,
    Server,
    create_postgres_database,
    drop_postgres_database,
    free_port,
    is_postgres,
    start_server,
    stop_process,
    tail,
)
from tests.binaries import require_binary

NGINX_DIR = PROJECT / "deploy" / "nginx"
HOST = "vitrine.example.org"
VLAIO = "https://www.vlaio.be"
PROXY = "127.0.0.2"  # the TLS terminator (TRUSTED_PROXIES); 127.0.0.1 is any other client
YEAR = "public, max-age=31536000, immutable"
DEMO_CASES = 3  # on SQLite: the first cases of demo/cases-a.json, with their photos: enough to see every kind of file


def nginx_binary() -> str:
    return require_binary("nginx", install="apt-get install nginx", also=("/usr/sbin/nginx",))


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    def text(self) -> str:
        if self.header("Content-Encoding") == "gzip":
            return gzip.decompress(self.body).decode()
        return self.body.decode()


@dataclass
class Site:
    port: int
    root: Path
    gunicorn_log: Path

    def logged(self, line: str, timeout: float = 5) -> bool:
        """Whether gunicorn's access log has `line`; gunicorn writes it after the answer, so wait a little."""
        deadline = time.monotonic() + timeout
        while line not in self.gunicorn_log.read_text():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def request(
        self,
        path: str,
        *,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        source: str = PROXY,
    ) -> Answer:
        """A request to nginx; from the TLS terminator unless `source` says otherwise."""
        sent = {"Host": HOST, "Accept-Encoding": "identity"}
        if source == PROXY:
            sent |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
        sent |= headers or {}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(source, 0))
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            conn.close()


def manage(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT
        )


def wait(process: subprocess.Popen, log: Path, what: str) -> None:
    if process.wait(timeout=600) != 0:
        raise RuntimeError(f"{what} failed:\n{tail(log)}")


def demo_subset(work: Path) -> Path:
    """The first DEMO_CASES demo cases, their photos named by absolute path (import_cases reads them relative
    to the file)."""
    demo = PROJECT / "demo"
    cases = json.loads((demo / "cases-a.json").read_text())["cases"][:DEMO_CASES]
    for case in cases:
        for image in case.get("images") or []:
            image["file"] = str((demo / image["file"]).resolve())
    path = work / "cases.json"
    path.write_text(json.dumps({"cases": cases}))
    return path


def run_env_script(generated: Path, cors_origins: str, trusted_proxies: str) -> subprocess.CompletedProcess:
    """deploy/nginx/vitrine-env.sh as the image's entrypoint runs it, writing into `generated`."""
    return subprocess.run(
        ["/bin/sh", str(NGINX_DIR / "vitrine-env.sh")],
        env={
            **os.environ,
            "VITRINE_NGINX_GENERATED": str(generated),
            "API_CORS_ORIGINS": cors_origins,
            "TRUSTED_PROXIES": trusted_proxies,
        },
        check=False,
        capture_output=True,
        text=True,
    )


def render_config(
    work: Path, nginx_port: int, web_port: int, *, cors_origins: str = VLAIO, trusted_proxies: str = PROXY
) -> Path:
    """vitrine.conf with the container's paths and ports replaced, inside a main nginx.conf like the image's."""
    generated = work / "generated"
    script = run_env_script(generated, cors_origins, trusted_proxies)
    assert script.returncode == 0, script.stderr
    conf = (NGINX_DIR / "vitrine.conf").read_text()
    replacements = {
        "server web:8000;": f"server 127.0.0.1:{web_port};",
        "listen 80 default_server;": f"listen 127.0.0.1:{nginx_port} default_server;",
        "root /srv;": f"root {work / 'srv'};",
        "/etc/nginx/vitrine/": f"{generated}/",
    }
    for old, new in replacements.items():
        assert old in conf, f"deploy/nginx/vitrine.conf no longer contains {old!r}: update this test"
        conf = conf.replace(old, new)
    (work / "vitrine.conf").write_text(conf)
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / "temp" / name).mkdir(parents=True, exist_ok=True)
    # The image's nginx.conf, with every path in the work folder; as root, workers stay root so they can read it.
    main = f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    access_log {work}/access.log;
    client_body_temp_path {work}/temp/body;
    proxy_temp_path {work}/temp/proxy;
    fastcgi_temp_path {work}/temp/fastcgi;
    uwsgi_temp_path {work}/temp/uwsgi;
    scgi_temp_path {work}/temp/scgi;
    include {work}/vitrine.conf;
}}
"""
    (work / "nginx.conf").write_text(main)
    return work / "nginx.conf"


def build(
    env: dict[str, str], work: Path, processes: list[subprocess.Popen], started: float, *, database: bool = True
) -> None:
    """Migrate, set up the site, import the demo cases (unless `database` is already built); collectstatic (no
    database needed) alongside."""
    # collectstatic needs no database: it runs while the database is built.
    static = manage(env, work / "collectstatic.log", "collectstatic", "--no-input", "-v", "0")
    processes.append(static)
    steps = {
        "migrate": ["migrate", "--no-input", "-v", "0"],
        "setup_site": ["setup_site"],
        "import_cases": ["import_cases", str(demo_subset(work))],
    }
    for step, args in steps.items() if database else ():
        process = manage(env, work / f"{step}.log", *args)
        processes.append(process)
        wait(process, work / f"{step}.log", step)
        print(f"\n{step}: done after {time.monotonic() - started:.1f} s", end="")
    wait(static, work / "collectstatic.log", "collectstatic")
    print(f"\ncollectstatic: done after {time.monotonic() - started:.1f} s", end="")


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo_template):
    binary = nginx_binary()
    started = time.monotonic()
    work = tmp_path_factory.mktemp("nginx")
    (work / "srv" / "media").mkdir(parents=True)
    source_url = os.environ.get("DATABASE_URL", "")
    db_name = f"{urlsplit(source_url).path.lstrip('/') or 'vitrine'}_nginx"
    if demo_template is not None:
        database_url = copy_demo_template(demo_template, source_url, db_name, work / "srv" / "media")
        print(f"\ndemo site copied after {time.monotonic() - started:.1f} s", end="")
    elif is_postgres(source_url):
        database_url = create_postgres_database(source_url, db_name)
    else:
        database_url = f"sqlite:///{work / 'site.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vitrine_cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(work / "srv" / "media"),
        "STATIC_ROOT": str(work / "srv" / "static"),
        "API_CORS_ORIGINS": VLAIO,
        "API_NUM_PROXIES": "1",  # as docker-compose.yml sets it: nginx is the one proxy
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    processes: list[subprocess.Popen] = []
    web: Server | None = None
    try:
        build(env, work, processes, started, database=demo_template is None)
        gunicorn_log = work / "gunicorn-access.log"
        web = start_server(
            "gunicorn",
            env=env,
            log_path=work / "gunicorn.log",
            check_path="/health/live",
            workers=2,
            args=[
                "--access-logfile",
                str(gunicorn_log),
                "--access-logformat",
                "%(U)s xff=%({x-forwarded-for}i)s proto=%({x-forwarded-proto}i)s host=%({host}i)s",
            ],
        )
        nginx_port = free_port()
        conf = render_config(work, nginx_port, web.port)
        test = subprocess.run(
            [binary, "-t", "-c", str(conf), "-e", str(work / "error.log")], check=False, capture_output=True
        )
        assert test.returncode == 0, test.stderr.decode()
        nginx = subprocess.Popen([binary, "-c", str(conf), "-e", str(work / "error.log")])
        processes.append(nginx)
        site = Site(nginx_port, work, gunicorn_log)
        deadline = time.monotonic() + 10
        while True:
            try:
                if site.request("/health/live").status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or nginx.poll() is not None:
                raise RuntimeError(f"nginx did not answer:\n{tail(work / 'error.log')}")
            time.sleep(0.05)
        print(f"\nnginx in front of gunicorn (production settings) ready in {time.monotonic() - started:.1f} s")
        yield site
    finally:
        for process in processes:
            stop_process(process)
        if web is not None:
            web.stop()
        if is_postgres(source_url):
            drop_postgres_database(source_url, db_name)


@pytest.fixture(scope="module")
def case_detail(site) -> Answer:
    listing = json.loads(site.request("/api/v1/cases/?page_size=50").text())
    for case in listing["results"]:
        detail = site.request(f"/api/v1/cases/{case['id']}/")
        if "/media/images/" in detail.text():
            return detail
    pytest.fail("no case of the demo has an image in the API")


def image_paths(answer: Answer) -> list[str]:
    """Paths of the rendition URLs in an API answer (which are absolute: see the test below)."""
    return [urlsplit(url).path for url in re.findall(r'"(https?://[^"/]+/media/images/[^"\s]+)"', answer.text())]


def test_reader_page_through_nginx(site):
    page = site.request("/nl/")
    assert page.status == 200
    assert page.header("Content-Type").startswith("text/html")
    assert "<html" in page.text()


def test_api_through_nginx(site):
    answer = site.request("/api/v1/cases/")
    assert answer.status == 200
    assert answer.header("Content-Type") == "application/json"
    assert json.loads(answer.text())["results"]


def test_image_url_from_the_api_is_served_by_nginx_for_a_year_with_cors_for_vlaio(site, case_detail):
    paths = image_paths(case_detail)
    assert paths
    image = site.request(paths[0], headers={"Origin": VLAIO})
    assert image.status == 200
    assert image.header("Content-Type") == mimetypes.guess_type(paths[0])[0]
    assert image.header("Content-Type").startswith("image/")
    assert image.header("Cache-Control") == YEAR
    assert image.header("Access-Control-Allow-Origin") == VLAIO
    assert "Origin" in image.header("Vary")
    assert image.body == (site.root / "srv" / paths[0].lstrip("/")).read_bytes()
    # nginx answered from disk: gunicorn never saw the request (the page's own line shows the log is written).
    site.request("/nl/?after=image")
    assert site.logged("/nl/ xff=")
    assert paths[0] not in site.gunicorn_log.read_text()


def test_image_gets_no_cors_header_for_another_origin(site, case_detail):
    image = site.request(image_paths(case_detail)[0], headers={"Origin": "https://evil.example"})
    assert image.status == 200
    assert "Access-Control-Allow-Origin" not in image.headers


def test_absolute_urls_in_the_api_name_the_public_host_and_https(site, case_detail):
    """The Host and X-Forwarded-Proto that nginx passes on are what the app builds absolute URLs from."""
    case = json.loads(case_detail.text())
    assert case["url"].startswith(f"https://{HOST}/nl/")
    # Every rendition URL, srcset entries included, is absolute on the host and scheme the reader used: what
    # precedes each /media/ is that origin, never a quote, a space or a comma (a root-relative URL).
    media_origins = re.findall(r'([^"\s,]*)/media/', case_detail.text())
    assert media_origins
    assert set(media_origins) == {f"https://{HOST}"}


def test_original_image_has_a_shorter_cache(site):
    originals = sorted((site.root / "srv" / "media" / "original_images").iterdir())
    original = site.request(f"/media/original_images/{originals[0].name}", headers={"Origin": VLAIO})
    assert original.status == 200
    assert original.header("Cache-Control") == "public, max-age=3600"
    assert original.header("Access-Control-Allow-Origin") == VLAIO


def test_hashed_static_file_from_the_manifest_is_immutable_and_gzipped(site):
    page = site.request("/nl/").text()
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
    manifest = json.loads((site.root / "srv" / "static" / "staticfiles.json").read_text())["paths"]
    assert stylesheet.removeprefix("/static/") in manifest.values()  # the hashed name
    plain = site.request(stylesheet)
    assert plain.status == 200
    assert plain.header("Content-Type").startswith("text/css")
    assert plain.header("Cache-Control") == YEAR
    zipped = site.request(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert zipped.header("Content-Encoding") == "gzip"
    assert zipped.text() == plain.text()


def test_unhashed_static_file_is_cached_briefly(site):
    manifest = json.loads((site.root / "srv" / "static" / "staticfiles.json").read_text())["paths"]
    name = next(name for name in manifest if name.endswith(".css"))
    answer = site.request(f"/static/{name}")
    assert answer.status == 200
    assert answer.header("Cache-Control") == "public, max-age=3600"


@pytest.mark.parametrize("path", ["/nl/", "/api/v1/cases/"])
def test_text_from_the_app_is_gzipped(site, path):
    answer = site.request(path, headers={"Accept-Encoding": "gzip"})
    assert answer.status == 200
    assert answer.header("Content-Encoding") == "gzip"
    assert len(answer.body) < len(answer.text().encode()) / 2


def test_api_revalidation_through_nginx_gets_304(site):
    """nginx turns the ETag of a gzipped answer into a weak one; the browser sends that back."""
    first = site.request("/api/v1/themes/", headers={"Accept-Encoding": "gzip", "Origin": VLAIO})
    assert first.header("Access-Control-Expose-Headers")
    again = site.request(
        "/api/v1/themes/", headers={"Accept-Encoding": "gzip", "Origin": VLAIO, "If-None-Match": first.header("ETag")}
    )
    assert again.status == 304


def test_body_over_the_upload_limit_is_refused_by_nginx(site):
    limit = django_settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=30, source_address=(PROXY, 0))
    try:
        conn.putrequest("POST", "/admin/images/multiple/add/", skip_host=True)
        conn.putheader("Host", HOST)
        conn.putheader("X-Forwarded-Proto", "https")
        conn.putheader("Content-Type", "multipart/form-data; boundary=x")
        conn.putheader("Content-Length", str(limit + 2 * 1024 * 1024))
        conn.endheaders()
        assert conn.getresponse().status == 413
    finally:
        conn.close()


def test_an_upload_at_the_limit_passes_nginx(site):
    """A file of WAGTAILIMAGES_MAX_UPLOAD_SIZE in its multipart form reaches the app (which refuses it for
    lack of a login, not nginx for its size)."""
    body = b"x" * (django_settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + 64 * 1024)
    answer = site.request(
        "/admin/images/multiple/add/",
        method="POST",
        body=body,
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert answer.status != 413
    assert answer.status in {302, 400, 403}


def test_the_spreadsheet_import_takes_a_zip_of_photos_larger_than_one_image(site):
    """The admin's import form carries a zip of up to 100 MB (cases/importer/uploads.py): nginx lets it through to
    the app (which refuses it for lack of a login), and still refuses a body past that."""
    body = b"x" * (30 * 1024 * 1024)
    headers = {"Content-Type": "multipart/form-data; boundary=x"}
    answer = site.request("/admin/voorbeelden/importeren/", method="POST", body=body, headers=headers)
    assert answer.status in {302, 400, 403}
    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=30, source_address=(PROXY, 0))
    try:
        conn.putrequest("POST", "/admin/voorbeelden/importeren/", skip_host=True)
        conn.putheader("Host", HOST)
        conn.putheader("X-Forwarded-Proto", "https")
        conn.putheader("Content-Type", "multipart/form-data; boundary=x")
        conn.putheader("Content-Length", str(120 * 1024 * 1024))
        conn.endheaders()
        assert conn.getresponse().status == 413
    finally:
        conn.close()


def test_documents_are_not_served_around_their_privacy_check(site):
    folder = site.root / "srv" / "media" / "documents"
    folder.mkdir(exist_ok=True)
    (folder / "private.pdf").write_bytes(b"%PDF-1.4 secret")
    assert site.request("/media/documents/private.pdf").status == 404


def test_hidden_folders_under_media_are_not_served(site):
    """A restore keeps the media it replaced in a hidden folder inside MEDIA_ROOT (home/backup.py), documents
    included: nginx must not hand those out."""
    kept = site.root / "srv" / "media" / ".vitrine-restore-before-20261207" / "documents"
    kept.mkdir(parents=True, exist_ok=True)
    (kept / "private.pdf").write_bytes(b"%PDF-1.4 secret")
    (kept.parent / "original_images").mkdir(exist_ok=True)
    (kept.parent / "original_images" / "old.jpg").write_bytes(b"old")
    for path in ("documents/private.pdf", "original_images/old.jpg"):
        assert site.request(f"/media/.vitrine-restore-before-20261207/{path}").status == 404
    assert site.request("/media/images/.hidden.webp").status == 404


def test_the_app_gets_one_forwarded_address_and_the_scheme_only_from_the_trusted_proxy(site):
    site.request("/nl/?from=proxy", headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.9"})
    forged = site.request(
        "/nl/?from=client",
        headers={"X-Forwarded-For": "198.51.100.66", "X-Forwarded-Proto": "https"},
        source="127.0.0.1",
    )
    # From the proxy: the last address it added (the client it saw), and its scheme; nothing more.
    assert site.logged("/nl/ xff=203.0.113.9 proto=https host=vitrine.example.org")
    # From anyone else, a forged X-Forwarded-For or X-Forwarded-Proto never reaches the app: it sees plain
    # http from 127.0.0.1 and sends the reader to https.
    assert site.logged("/nl/ xff=127.0.0.1 proto=http host=vitrine.example.org")
    assert forged.status == 301
    assert forged.header("Location") == f"https://{HOST}/nl/?from=client"


def test_health_live_is_proxied(site):
    answer = site.request("/health/live", source="127.0.0.1", headers={"Host": "anything.example"})
    assert answer.status == 200
    assert json.loads(answer.text()) == {"status": "ok"}


def test_config_is_valid_without_cors_origins_or_trusted_proxies(tmp_path):
    """What a fresh .env gives: both lists empty, and nginx must still start."""
    binary = nginx_binary()
    conf = render_config(tmp_path, free_port(), free_port(), cors_origins="", trusted_proxies="")
    result = subprocess.run(
        [binary, "-t", "-c", str(conf), "-e", str(tmp_path / "error.log")], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("cors_origins", "trusted_proxies"),
    [('https://www.vlaio.be"; return 200 "x', ""), ("www.vlaio.be", ""), ("", "10.0.0.0/8; allow all")],
)
def test_env_script_refuses_what_is_no_origin_or_address(tmp_path, cors_origins, trusted_proxies):
    """A typo must stop the container with a message, not become nginx configuration."""
    result = run_env_script(tmp_path / "generated", cors_origins, trusted_proxies)
    assert result.returncode == 1
    assert "is not an" in result.stderr
