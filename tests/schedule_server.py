"""A real HTTP server on 127.0.0.1 for the tests of following a program: a threaded
``http.server`` that serves what each test puts at a path (bodies, ETags, redirects, errors, a
server that hangs or never stops sending), and records every request it was sent."""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    """What the server answers at one path."""

    body: bytes = b""
    content_type: str = "application/json"
    etag: str | None = "auto"  # "auto": a strong ETag of the body; None: none sent
    weak: bool = False  # W/"…", as nginx makes it when it compresses
    last_modified: float | None = 1_700_000_000.0
    honours_304: bool = True  # False: a server that always answers 200 (pretalx)
    status: int = 200
    redirect_to: str | None = None
    hang: bool = False  # accept, then never answer
    endless: bool = False  # send the body forever
    gzip: bool = False

    def tag(self) -> str | None:
        if self.etag is None:
            return None
        value = self.etag if self.etag != "auto" else hashlib.sha1(self.body).hexdigest()[:12]
        return f'W/"{value}"' if self.weak else f'"{value}"'


@dataclass
class Request:
    path: str
    headers: dict[str, str]


@dataclass
class ScheduleServer:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: bytes = b"", **options: object) -> str:
        self.routes[path] = Route(body=body, **options)  # type: ignore[arg-type]
        return self.url(path)

    def asked(self, path: str) -> list[Request]:
        return [request for request in self.requests if request.path == path]


def _handler(server: ScheduleServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            server.requests.append(Request(self.path, dict(self.headers.items())))
            route = server.routes.get(self.path)
            if route is None:
                self._send(404, b"<html><body>Not Found</body></html>", "text/html")
                return
            if route.hang:
                server.stop.wait(30)
                return
            if route.redirect_to is not None:
                self.send_response(route.status if route.status in (301, 302, 307, 308) else 302)
                self.send_header("Location", route.redirect_to)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.status == 304:  # a server that says "not modified" whatever it is asked
                self.send_response(304)
                self.end_headers()
                return
            if route.status != 200:
                self._send(route.status, b"<html><body>Error</body></html>", "text/html")
                return
            if route.endless:
                self._endless()
                return
            tag = route.tag()
            if route.honours_304 and tag is not None and self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                self.send_header("ETag", tag)
                self.end_headers()
                return
            body = route.body
            headers = {"Content-Type": route.content_type}
            if tag is not None:
                headers["ETag"] = tag
            if route.last_modified is not None:
                headers["Last-Modified"] = email.utils.formatdate(route.last_modified, usegmt=True)
            if route.gzip:
                body = gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
            self._send(200, body, headers=headers)

        def _endless(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"[" + b"0," * (512 * 1024)
            try:
                while not server.stop.is_set():
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except OSError:
                pass  # the client stopped reading

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str = "application/json",
            headers: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            for name, value in (headers or {"Content-Type": content_type}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that went away (a timeout, the size limit): what the test wants


@pytest.fixture
def schedule_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScheduleServer]:
    """A server on 127.0.0.1 (on a free port); requests to it never go through a proxy, and a
    hanging answer is given up on after half a second."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("ITINERARY_HTTP_TIMEOUT", "0.5")
    state = ScheduleServer(base="")
    httpd = _QuietServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stop.set()
        httpd.shutdown()
        httpd.server_close()
        time.sleep(0)
