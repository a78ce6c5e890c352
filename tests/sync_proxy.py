"""Provides a forwarding HTTP proxy on 127.0.0.1 in front of a real server (FreshRSS), for tests
that need to count a client's requests, hold one of them (to kill the client mid-sync), or make
the server answer 503 as if it were down, without changing the server itself."""

from __future__ import annotations

import contextlib
import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class SyncProxy:
    """Forwards every request to `upstream` (scheme, host and port of the real server)."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream_host = parts.hostname or "127.0.0.1"
        self.upstream_port = parts.port or 80
        self.paths: list[str] = []
        """Every request's path, in order."""
        self.down = False
        """Answer 503 to everything (the server is down behind a proxy that is up)."""
        self.hold_path: str | None = None
        self.hold_after = 0
        self.hold_most_ids: int | None = None
        """The request whose path contains `hold_path` after this many such is held."""
        self.holding = threading.Event()
        """Set once a request is held."""
        self.release = threading.Event()
        self._seen = 0
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                proxy._forward(self)

            def do_POST(self) -> None:
                proxy._forward(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def url(self, path: str) -> str:
        """The proxy's address for the server's `path` (e.g. `/api/greader.php`)."""
        return f"http://127.0.0.1:{self.port}{path}"

    def hold(self, path_part: str, after: int, *, most_ids: int | None = None) -> None:
        """Holds the request whose path contains `path_part` that comes after `after` such;
        with `most_ids`, only requests whose form has at most that many `i` fields count (the
        syncer asks for pages of items two at a time, which may arrive in either order)."""
        self.hold_path, self.hold_after, self._seen = path_part, after, 0
        self.hold_most_ids = most_ids
        self.holding.clear()
        self.release.clear()

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def _forward(self, req: BaseHTTPRequestHandler) -> None:
        length = req.headers.get("Content-Length") or ""
        body = req.rfile.read(int(length)) if length.isdigit() else None
        with self._lock:
            self.paths.append(req.path)
            held = False
            ids = (body or b"").count(b"i=")  # "i=" starts each item id field of a form
            if (
                self.hold_path is not None
                and self.hold_path in req.path
                and (self.hold_most_ids is None or ids <= self.hold_most_ids)
            ):
                self._seen += 1
                held = self._seen == self.hold_after + 1
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if held:
                self.holding.set()
                self.release.wait(60)
            if self.down:
                self._answer(req, 503, {"Content-Type": "text/plain"}, b"down for maintenance")
                return
            headers = {k: v for k, v in req.headers.items() if k.lower() not in ("host",)}
            upstream = http.client.HTTPConnection(self.upstream_host, self.upstream_port, 60)
            try:
                upstream.request(req.command, req.path, body=body, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                kept = {
                    k: v
                    for k, v in answer.getheaders()
                    if k.lower() not in ("transfer-encoding", "connection", "content-length")
                }
                self._answer(req, answer.status, kept, data)
            finally:
                upstream.close()

    @staticmethod
    def _answer(
        req: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes
    ) -> None:
        req.send_response(status)
        for key, value in headers.items():
            req.send_header(key, value)
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)
