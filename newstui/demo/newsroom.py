"""Provides the demo newsroom: generated feeds and article pages served over HTTP on 127.0.0.1."""

from __future__ import annotations

import contextlib
import gzip
import random
import re
import selectors
import socket
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from newstui.demo.desks import DESKS, DemoDesk
from newstui.demo.page import article_page, front_page
from newstui.demo.render import Entry, feed_document
from newstui.demo.schedule import DeskSchedule
from newstui.demo.story import make_story
from newstui.models import SourceConfig

FEED_SIZE = 50
"""Each feed lists this many newest stories, as real feeds keep a window."""
_ARTICLE = re.compile(r"^/([a-z]+)/\d{4}/\d{2}/\d{2}/(\d+)(?:-[a-z0-9-]*)?$")
_CONTENT_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
_HTML = "text/html; charset=utf-8"


@dataclass
class _Rendered:
    """A desk's feed as last rendered, kept until the desk publishes again."""

    newest: int
    body: bytes
    etag: str
    last_modified: datetime
    gzipped: bytes | None = None


@dataclass
class _Reply:
    status: int
    content_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class Newsroom:
    """Fictional desks publishing headlines on a seeded schedule, served on 127.0.0.1.

    The schedule is computed from the clock at each request, so no thread publishes and an
    idle newsroom uses no CPU. The same seed gives the same stories in the same order.
    """

    def __init__(
        self,
        *,
        seed: int | None = None,
        interval: float = 4.0,
        clock: Callable[[], float] = time.time,
        start: bool = False,
        port: int = 0,
        refresh: float = 5.0,
        desks: Sequence[DemoDesk] = DESKS,
    ) -> None:
        if interval <= 0:
            raise ValueError("interval must be positive")
        self.seed: int = seed if seed is not None else random.randrange(1, 2**31)
        self.interval = interval
        """Mean seconds between two headlines of the whole newsroom."""
        self.refresh = refresh
        """The poll interval `source_configs` suggests, seconds."""
        self.desks: list[DemoDesk] = list(desks)
        self._clock = clock
        self._port = port
        now = clock()
        mean_gap = interval * len(self.desks)
        self._schedules = {
            d.slug: DeskSchedule(self.seed, d.slug, now, mean_gap) for d in self.desks
        }
        self._by_slug = {d.slug: d for d in self.desks}
        self._lock = threading.Lock()
        self._rendered: dict[str, _Rendered] = {}
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._wake: tuple[socket.socket, socket.socket] | None = None
        self._base_url = ""
        if start:
            self.start()

    # --- life cycle -------------------------------------------------------------------------

    def start(self) -> Newsroom:
        """Binds 127.0.0.1 (a free port unless one was given) and serves in a daemon thread."""
        if self._httpd is not None:
            return self
        httpd = _Server(("127.0.0.1", self._port), _Handler)
        httpd.newsroom = self
        self._wake = socket.socketpair()
        self._httpd = httpd
        self._base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=_serve, args=(httpd, self._wake[1]), name="newstui-demo-newsroom", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stops serving, closes open connections and frees the port."""
        httpd, thread, wake = self._httpd, self._thread, self._wake
        if httpd is None or thread is None or wake is None:
            return
        self._httpd = self._thread = self._wake = None
        wake[0].send(b"x")
        thread.join()
        httpd.server_close()
        httpd.close_connections()
        for end in wake:
            end.close()

    def __enter__(self) -> Newsroom:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- what the app and the CLI use -------------------------------------------------------

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT`, once started."""
        if not self._base_url:
            raise RuntimeError("the newsroom is not started")
        return self._base_url

    def feed_url(self, desk: DemoDesk) -> str:
        return self.base_url + desk.feed_path

    def source_configs(self) -> list[SourceConfig]:
        """One source per desk, polled every `refresh` seconds, named and tagged."""
        return [
            SourceConfig(url=self.feed_url(d), name=d.name, refresh=self.refresh, tags=d.tags)
            for d in self.desks
        ]

    def publish_now(self, desk: DemoDesk | None = None) -> None:
        """Publishes one headline now on `desk`, or on the desk whose next one is due soonest."""
        with self._lock:
            if desk is None:
                slug = min(self._schedules, key=lambda s: self._schedules[s].next_due)
            else:
                slug = desk.slug
            self._schedules[slug].force(self._clock())

    def entries(self, desk: DemoDesk, limit: int = FEED_SIZE) -> list[Entry]:
        """The desk's newest stories published by now, newest first, as its feed lists them."""
        with self._lock:
            self._advance()
            return self._entries(desk, limit)

    # --- serving ----------------------------------------------------------------------------

    def _entries(self, desk: DemoDesk, limit: int) -> list[Entry]:
        times = self._schedules[desk.slug].times
        newest = len(times) - 1
        return [self._entry(desk, i) for i in range(newest, max(-1, newest - limit), -1)]

    def _entry(self, desk: DemoDesk, index: int) -> Entry:
        story = make_story(self.seed, desk.slug, index)
        published = datetime.fromtimestamp(self._schedules[desk.slug].times[index], UTC)
        link = f"{self._base_url}/{desk.slug}/{published:%Y/%m/%d}/{index}-{story.slug}"
        guid = f"tag:demo.newstui.invalid,2026:{self.seed}/{desk.slug}/{index}"
        return Entry(story, published, link, guid)

    def _advance(self) -> None:
        now = self._clock()
        for schedule in self._schedules.values():
            schedule.advance(now)

    def _feed(self, desk: DemoDesk) -> _Rendered:
        schedule = self._schedules[desk.slug]
        newest = len(schedule.times) - 1
        cached = self._rendered.get(desk.slug)
        if cached is not None and cached.newest == newest:
            return cached
        entries = self._entries(desk, FEED_SIZE)
        rendered = _Rendered(
            newest=newest,
            body=feed_document(desk, self._base_url, entries),
            etag=f'"{self.seed:x}-{desk.slug}-{newest}"',
            last_modified=entries[0].published,
        )
        self._rendered[desk.slug] = rendered
        return rendered

    def _answer(self, path: str, headers: Callable[[str], str | None], gzip_ok: bool) -> _Reply:
        path = path.split("?", 1)[0]
        with self._lock:
            self._advance()
            for desk in self.desks:
                if path == desk.feed_path:
                    return self._feed_reply(self._feed(desk), desk, headers, gzip_ok)
            if path == "/" or path.strip("/") in self._by_slug:
                desks = [self._by_slug[path.strip("/")]] if path != "/" else self.desks
                latest = sorted(
                    (e for d in desks for e in self._entries(d, 10)),
                    key=lambda e: -e.published.timestamp(),
                )
                rows = [(self._desk_of(e), e.story.title, e.link) for e in latest[:30]]
                return _Reply(200, _HTML, front_page(self.desks, rows))
            match = _ARTICLE.match(path)
            if match and match[1] in self._by_slug:
                desk, index = self._by_slug[match[1]], int(match[2])
                if index < len(self._schedules[desk.slug].times):
                    entry = self._entry(desk, index)
                    related = [
                        (e.story.title, e.link)
                        for e in (
                            self._entry(desk, i) for i in range(index - 1, max(-1, index - 4), -1)
                        )
                    ]
                    body = article_page(
                        desk, entry.story, entry.published, entry.link, self.desks, related
                    )
                    return _Reply(200, _HTML, _maybe_gzip(body, gzip_ok), _gzip_headers(gzip_ok))
        return _Reply(404, body=b"not found\n")

    def _desk_of(self, entry: Entry) -> DemoDesk:
        return self._by_slug[entry.story.desk]

    @staticmethod
    def _feed_reply(
        rendered: _Rendered, desk: DemoDesk, headers: Callable[[str], str | None], gzip_ok: bool
    ) -> _Reply:
        extra = {
            "ETag": rendered.etag,
            "Last-Modified": format_datetime(rendered.last_modified, usegmt=True),
            "Cache-Control": "no-cache",
        }
        if _not_modified(rendered, headers("If-None-Match"), headers("If-Modified-Since")):
            return _Reply(304, headers=extra)
        body = rendered.body
        if gzip_ok:
            if rendered.gzipped is None:
                rendered.gzipped = gzip.compress(body, mtime=0)
            body = rendered.gzipped
        return _Reply(200, _CONTENT_TYPES[desk.fmt], body, {**extra, **_gzip_headers(gzip_ok)})


def _not_modified(
    rendered: _Rendered, if_none_match: str | None, if_modified_since: str | None
) -> bool:
    # As RFC 9110 says: If-None-Match, when sent, decides alone; weak comparison.
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or rendered.etag in tags
    if if_modified_since is not None:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return rendered.last_modified <= since
    return False


def _maybe_gzip(body: bytes, gzip_ok: bool) -> bytes:
    return gzip.compress(body, mtime=0) if gzip_ok else body


def _gzip_headers(gzip_ok: bool) -> dict[str, str]:
    return (
        {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        if gzip_ok
        else {"Vary": "Accept-Encoding"}
    )


def _accepts_gzip(value: str | None) -> bool:
    for part in (value or "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "x-gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    newsroom: Newsroom

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()

    def close_connections(self) -> None:
        # Kept-alive client connections would hold handler threads; end them with the server.
        with self.connections_lock:
            for connection in self.connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            self.connections.clear()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "newstui-demo/1"
    disable_nagle_algorithm = True
    """Headers and body go out in two writes; without this each reply waits ~40 ms for an ACK."""
    timeout = 60
    """Idle kept-alive connections close after this many seconds."""
    server: _Server

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
        reply = self.server.newsroom._answer(
            self.path, self.headers.get, _accepts_gzip(self.headers.get("Accept-Encoding"))
        )
        self.send_response(reply.status)
        for key, value in reply.headers.items():
            self.send_header(key, value)
        if reply.status != 304:
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if send_body and reply.status != 304:
            self.wfile.write(reply.body)


def _serve(httpd: _Server, wake: socket.socket) -> None:
    # Unlike serve_forever, which wakes twice a second to look for shutdown, this sleeps until a
    # client connects or stop() writes to the wake-up socket: an idle newsroom uses no CPU.
    with selectors.DefaultSelector() as selector:
        selector.register(httpd.socket, selectors.EVENT_READ)
        selector.register(wake, selectors.EVENT_READ)
        while True:
            events: Iterable[tuple[selectors.SelectorKey, int]] = selector.select()
            if any(key.fileobj is wake for key, _ in events):
                return
            httpd.handle_request()
