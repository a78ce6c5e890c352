"""Provides the demo newsroom's HTTP plumbing: a threaded server that sleeps while idle."""

from __future__ import annotations

import contextlib
import gzip
import selectors
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Headers = Callable[[str], str | None]
"""Looks up a request header by name."""


@dataclass
class Reply:
    """What to answer a request with."""

    status: int
    content_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Answer = Callable[[str, Headers, bool], Reply]
"""(path, request headers, whether the client accepts gzip) -> the reply."""


def not_modified(
    etag: str, last_modified: datetime, if_none_match: str | None, if_modified_since: str | None
) -> bool:
    """Whether a conditional GET may get 304, by RFC 9110's rules."""
    # If-None-Match, when sent, decides alone, by weak comparison.
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if if_modified_since is not None:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return last_modified <= since
    return False


def accepts_gzip(value: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (and does not refuse it with q=0)."""
    for part in (value or "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "x-gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def compressed(body: bytes, gzip_ok: bool) -> tuple[bytes, dict[str, str]]:
    """The body to send and its encoding headers."""
    if gzip_ok:
        return gzip.compress(body, mtime=0), {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
    return body, {"Vary": "Accept-Encoding"}


class Server(ThreadingHTTPServer):
    """Answers every request with `answer`; tracks connections so that close() ends them."""

    daemon_threads = True

    def __init__(self, port: int, answer: Answer) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.answer = answer
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._thread = threading.Thread(target=self._serve, name="newstui-demo", daemon=True)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        """Stops serving, frees the port and ends kept-alive connections."""
        self._wake_writer.send(b"x")
        self._thread.join()
        self.server_close()
        # Kept-alive client connections would hold their handler threads; end them too.
        with self.connections_lock:
            for connection in self.connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            self.connections.clear()
        self._wake_reader.close()
        self._wake_writer.close()

    def _serve(self) -> None:
        # Unlike serve_forever, which wakes twice a second to look for shutdown, this sleeps until
        # a client connects or close() writes to the wake-up socket: idle, it uses no CPU.
        with selectors.DefaultSelector() as selector:
            selector.register(self.socket, selectors.EVENT_READ)
            selector.register(self._wake_reader, selectors.EVENT_READ)
            while True:
                events: Iterable[tuple[selectors.SelectorKey, int]] = selector.select()
                if any(key.fileobj is self._wake_reader for key, _ in events):
                    return
                self.handle_request()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "newstui-demo/1"
    disable_nagle_algorithm = True
    """Headers and body go out in two writes; without this each reply waits ~40 ms for an ACK."""
    timeout = 60
    """Idle kept-alive connections close after this many seconds."""
    server: Server

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: object) -> None:
        pass  # the demo runs under a full-screen app: never write to the terminal

    def do_GET(self) -> None:
        self._reply(send_body=True)

    def do_HEAD(self) -> None:
        self._reply(send_body=False)

    def _reply(self, *, send_body: bool) -> None:
        gzip_ok = accepts_gzip(self.headers.get("Accept-Encoding"))
        reply = self.server.answer(self.path, self.headers.get, gzip_ok)
        self.send_response(reply.status)
        for key, value in reply.headers.items():
            self.send_header(key, value)
        if reply.status != 304:
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if send_body and reply.status != 304:
            self.wfile.write(reply.body)
