"""A real HTTP server on 127.0.0.1 in a thread, for tests that fetch URLs without leaving the machine.

Use the ``local_server`` fixture (import it into a test module: ``from servers import local_server_fixture  #
noqa: F401``) or the :func:`serve` context manager, then register routes::

    url = local_server.page("/a", b"<html>...</html>")
    url = local_server.redirect("/r", "/a")
    url = local_server.add("/slow", Route(body=b"x", delay=2.0))

Requests the server saw are in ``server.requests`` (path and headers), so a test can check what was sent.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

Body = bytes | Callable[[], Iterator[bytes]]


@dataclass(frozen=True)
class Route:
    """What one path answers. ``body`` is bytes or a function returning an iterator of chunks (which may never
    end: the server stops writing when the client hangs up). ``delay`` seconds pass before the status line;
    ``content_length=False`` leaves the header out, so the body is delimited by closing the connection."""

    status: int = 200
    body: Body = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content_length: bool = True


@dataclass(frozen=True)
class SeenRequest:
    path: str
    headers: dict[str, str]


class LocalServer:
    """Routes by exact path (query ignored); unknown paths answer 404."""

    def __init__(self, tls: tuple[Path, Path] | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[SeenRequest] = []
        # Set on shutdown so handlers sleeping in a delay wake up instead of outliving the test.
        self.stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self.scheme = "http"
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
            self.scheme = "https"
        self.port = self._httpd.server_address[1]
        # serve_forever polls for shutdown every 0.5 s by default, which would add that much to every test.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, name="local-http", daemon=True
        )

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8", **kw: Any) -> str:
        headers = {"Content-Type": content_type, **kw.pop("headers", {})}
        return self.add(path, Route(body=body, headers=headers, **kw))

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        return self.add(path, Route(status=status, headers={"Location": to}))

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def _handler_for(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - name fixed by http.server
            path = self.path.split("?", 1)[0]
            server.requests.append(SeenRequest(path, {k.lower(): v for k, v in self.headers.items()}))
            route = server.routes.get(path, Route(status=404, body=b"not found", headers={"Content-Type": "text/plain"}))
            if route.delay and server.stopping.wait(route.delay):
                return
            try:
                self.send_response(route.status)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                if isinstance(route.body, bytes) and route.content_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.send_header("Connection", "close")
                self.end_headers()
                chunks = [route.body] if isinstance(route.body, bytes) else route.body()
                for chunk in chunks:
                    if server.stopping.is_set():
                        return
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading, which is what size-cap tests expect

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature fixed by http.server
            pass

    return Handler


def self_signed_cert(folder: Path, hostname: str) -> tuple[Path, Path]:
    """A certificate for ``hostname`` and its key, made with the openssl command (the test skips without it)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is not installed")
    cert, key = folder / f"{hostname}.crt", folder / f"{hostname}.key"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", f"/CN={hostname}",
         "-addext", f"subjectAltName=DNS:{hostname}"],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return cert, key


@contextmanager
def serve(tls: tuple[Path, Path] | None = None) -> Iterator[LocalServer]:
    """A started server; ``tls`` (certificate, key) makes it speak HTTPS."""
    server = LocalServer(tls).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(name="local_server")
def local_server_fixture() -> Iterator[LocalServer]:
    with serve() as server:
        yield server
