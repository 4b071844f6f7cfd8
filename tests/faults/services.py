"""Real services for fault tests, started and broken by the test itself: no mocks of the client libraries."""

import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

from devtools.server import free_port
from tests.binaries import require_binary


def require_redis_server() -> str:
    return require_binary("redis-server", install="apt-get install redis-server")


def _redis_command(port: int, command: str, timeout: float = 2.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(command.encode() + b"\r\n")
        return conn.recv(1024)


class RedisServer:
    """A redis-server of the test's own on a free port, in its own folder (so a SAVEd dump survives a restart)."""

    def __init__(self, binary: str, workdir: Path):
        self.binary, self.workdir, self.port = binary, workdir, free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(self.workdir), "--dbfilename", "dump.rdb"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                if _redis_command(self.port, "PING", timeout=0.5).startswith(b"+PONG"):
                    return
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.02)

    def stop(self, *, keep_data: bool = False) -> None:
        """Stop the server; with `keep_data`, its keys are written to disk first and load again on `start()`."""
        if keep_data:
            assert _redis_command(self.port, "SAVE").startswith(b"+OK")
        self.process.terminate()
        self.process.wait(timeout=10)

    def freeze(self) -> None:
        """The process stops answering; the kernel still accepts connections for it."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.thaw()
            self.process.kill()
            self.process.wait(timeout=10)


class SilentListener:
    """A TCP port that accepts connections and never answers: a database that hangs."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port = self.socket.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _address = self.socket.accept()
            except OSError:  # closed
                return
            self.accepted.append(conn)  # held open, never read or written

    def close(self) -> None:
        self.socket.close()
        for conn in self.accepted:
            conn.close()
