""".ci/audit, CI's check for known-vulnerable pinned packages, run as CI runs it: the real pip-audit against a
vulnerability service on 127.0.0.1 that speaks OSV's query API, since the tests have no internet.
"""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata

import pytest

from devtools.server import PROJECT, free_port

DJANGO = metadata.version("django")
ADVISORY = {
    "id": "GHSA-test-0000-0000",
    "aliases": ["CVE-2099-0001"],
    "summary": "SQL injection in a made-up lookup",
    "affected": [
        {
            "package": {"name": "django", "ecosystem": "PyPI"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "99.0"}]}],
        }
    ],
}


class FakeOsv(ThreadingHTTPServer):
    """POST /v1/query like api.osv.dev: `{}` for a package without advisories, `{"vulns": [...]}` otherwise."""

    def __init__(self, vulnerable: dict[str, list[dict]] | None = None, fail_after: int | None = None):
        self.vulnerable = vulnerable or {}
        self.fail_after = fail_after  # answer 503 after this many queries: a service that goes away mid-audit
        self.queries: list[dict] = []
        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1/query"


class Handler(BaseHTTPRequestHandler):
    server: FakeOsv

    def do_POST(self):
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.queries.append(query)
        if self.server.fail_after is not None and len(self.server.queries) > self.server.fail_after:
            self.send_error(503)
            return
        vulns = self.server.vulnerable.get(query["package"]["name"], [])
        body = json.dumps({"vulns": vulns} if vulns else {}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def osv():
    servers = []

    def start(**kwargs) -> FakeOsv:
        server = FakeOsv(**kwargs)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def audit(osv_url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, ".ci/audit"],
        cwd=PROJECT,
        env={**os.environ, "AUDIT_OSV_URL": osv_url},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_no_known_vulnerability_passes_and_every_runtime_package_was_asked(osv):
    server = osv()
    result = audit(server.url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no known vulnerabilities in" in result.stdout
    asked = {(q["package"]["name"], q["version"]) for q in server.queries}
    assert ("django", DJANGO) in asked
    assert ("sqlparse", metadata.version("sqlparse")) in asked  # a dependency of Django, not pinned by us
    assert ("boto3", metadata.version("boto3")) in asked  # through the extra of django-storages[s3]
    assert not any(name == "pytest" for name, _ in asked)  # development tools are not shipped


def test_a_known_vulnerability_fails_with_the_package_and_its_fix(osv):
    server = osv(vulnerable={"django": [ADVISORY]})
    result = audit(server.url)
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("VULNERABLE"))
    assert line.startswith(f"VULNERABLE django=={DJANGO}: ") and line.endswith("(fixed in: 99.0)")
    assert "GHSA-test-0000-0000" in line and "CVE-2099-0001" in line
    assert "1 known vulnerability" in result.stdout


def test_unreachable_audit_data_is_said_plainly_and_does_not_fail():
    result = audit(f"http://127.0.0.1:{free_port()}/v1/query")  # nobody listens there
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("audit data unreachable: not checked")


def test_a_service_that_fails_during_the_audit_counts_as_unreachable_not_as_clean(osv):
    server = osv(fail_after=3)
    result = audit(server.url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("audit data unreachable: not checked")
    assert "no known vulnerabilities" not in result.stdout
