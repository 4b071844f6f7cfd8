"""A real HTTP receiver on 127.0.0.1 (http.server in a thread) that records what the site sends it."""

import http.server
import socket
import threading
import time
from dataclasses import dataclass, field

import pytest

from webhooks.models import Subscription


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    """Answers `status` after `delay` seconds and keeps every request; `url` is where it listens."""

    url: str = ""
    status: int = 204
    delay: float = 0.0
    requests: list[Received] = field(default_factory=list)


def _handler(receiver: Receiver):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            receiver.requests.append(Received(self.path, dict(self.headers), self.rfile.read(length)))
            if receiver.delay:
                time.sleep(receiver.delay)
            try:
                self.send_response(receiver.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            except OSError:
                pass  # the client gave up waiting (timeout tests)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def receivers():
    """Start a receiver: `receivers(status=500, delay=10)`; all are stopped after the test."""
    servers = []

    def start(**behaviour) -> Receiver:
        state = Receiver(**behaviour)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
        server.daemon_threads = True
        state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/vitrine"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return state

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def receiver(receivers):
    return receivers()


@pytest.fixture
def dead_url():
    """An address where nothing listens (a port just closed again)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks"


@pytest.fixture
def subscription(db, receiver):
    return Subscription.objects.create(url=receiver.url, secret="geheim-van-vlaio", description="VLAIO-website")
