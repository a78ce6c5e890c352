"""Provides a real HTTP server on 127.0.0.1 for tests: feeds, status codes, ETag/304 and faults."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes | Callable[[], bytes] = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    """When set, sent as ETag, and a matching If-None-Match gets 304."""
    last_modified: str | None = None
    """When set, sent as Last-Modified, and a matching If-Modified-Since gets 304."""
    delay: float = 0.0
    """Seconds to wait before answering."""
    gzip: bool = False
    """Compress the body when the client accepts gzip."""
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None
    """Takes over the whole answer (for faults that need raw control of the socket)."""


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    client_port: int = 0
    """The client's side of the connection: equal ports mean one kept-alive connection."""
    body: bytes = b""
    """What a POST sent (read before the route answers, so the connection stays usable)."""


class FeedServer:
    """A threaded HTTP server whose routes tests set up, and which records every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server._handle_quietly(self)

            def do_HEAD(self) -> None:
                server._handle_quietly(self)

            def do_POST(self) -> None:
                server._handle_quietly(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        # A short poll interval: stop() waits up to one interval, and every test stops a server.
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, body: bytes | str | Callable[[], bytes] = b"", **kw: object) -> str:
        """Serves `body` at `path` (replacing any earlier route) and returns the full URL."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        headers = kw.pop("headers", None) or {}
        if "Content-Type" not in headers and not kw.get("handler"):
            headers = {"Content-Type": "application/xml; charset=utf-8", **headers}  # type: ignore[dict-item]
        self.routes[path] = Route(body=body, headers=headers, **kw)  # type: ignore[arg-type]
        return self.url(path)

    def requests_for(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _handle_quietly(self, req: BaseHTTPRequestHandler) -> None:
        # The client may give up (a cancelled fetch, a timeout under test): not an error.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._handle(req)

    def _handle(self, req: BaseHTTPRequestHandler) -> None:
        length = req.headers.get("Content-Length") or ""
        body = req.rfile.read(int(length)) if length.isdigit() else b""
        with self._lock:
            self.requests.append(
                RecordedRequest(
                    req.command,
                    req.path,
                    {k.lower(): v for k, v in req.headers.items()},
                    req.client_address[1],
                    body,
                )
            )
        route = self.routes.get(req.path)
        if route is None:
            self._send(req, 404, {"Content-Type": "text/plain"}, b"not found")
            return
        if route.delay:
            time.sleep(route.delay)
        if route.handler is not None:
            route.handler(req)
            return
        headers = dict(route.headers)
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        if (route.etag and req.headers.get("If-None-Match") == route.etag) or (
            route.last_modified and req.headers.get("If-Modified-Since") == route.last_modified
        ):
            self._send(req, 304, headers, b"")
            return
        body = route.body() if callable(route.body) else route.body
        if route.gzip and "gzip" in (req.headers.get("Accept-Encoding") or ""):
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        self._send(req, route.status, headers, body)

    @staticmethod
    def _send(
        req: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes
    ) -> None:
        req.send_response(status)
        for key, value in headers.items():
            req.send_header(key, value)
        if status != 304:
            req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        if req.command != "HEAD" and status != 304:
            req.wfile.write(body)
