"""Provides the demo newsroom: generated feeds and article pages served over HTTP on 127.0.0.1."""

from __future__ import annotations

import gzip
import random
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from types import TracebackType

from newstui.demo.desks import DESKS, DemoDesk
from newstui.demo.page import article_page, front_page
from newstui.demo.render import Entry, feed_document
from newstui.demo.schedule import DeskSchedule
from newstui.demo.serving import Headers, Reply, Server, compressed, not_modified
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
        self._server: Server | None = None
        self._base_url = ""
        if start:
            self.start()

    # --- life cycle -------------------------------------------------------------------------

    def start(self) -> Newsroom:
        """Binds 127.0.0.1 (a free port unless one was given) and serves in a daemon thread."""
        if self._server is None:
            self._server = Server(self._port, self._answer)
            self._base_url = f"http://127.0.0.1:{self._server.port}"
            self._server.start()
        return self

    def stop(self) -> None:
        """Stops serving, ends open connections and frees the port. Harmless when stopped."""
        server, self._server = self._server, None
        if server is not None:
            server.close()

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

    # --- stories ----------------------------------------------------------------------------

    def _advance(self) -> None:
        now = self._clock()
        for schedule in self._schedules.values():
            schedule.advance(now)

    def _entries(self, desk: DemoDesk, limit: int) -> list[Entry]:
        newest = len(self._schedules[desk.slug].times) - 1
        return [self._entry(desk, i) for i in range(newest, max(-1, newest - limit), -1)]

    def _entry(self, desk: DemoDesk, index: int) -> Entry:
        story = make_story(self.seed, desk.slug, index)
        published = datetime.fromtimestamp(self._schedules[desk.slug].times[index], UTC)
        link = f"{self._base_url}/{desk.slug}/{published:%Y/%m/%d}/{index}-{story.slug}"
        guid = f"tag:demo.newstui.invalid,2026:{self.seed}/{desk.slug}/{index}"
        return Entry(story, published, link, guid)

    # --- serving (on the server's threads) --------------------------------------------------

    def _answer(self, path: str, headers: Headers, gzip_ok: bool) -> Reply:
        path = path.split("?", 1)[0]
        with self._lock:
            self._advance()
            for desk in self.desks:
                if path == desk.feed_path:
                    return self._feed_reply(desk, headers, gzip_ok)
            if path == "/" or path.strip("/") in self._by_slug:
                return self._front_reply(path.strip("/"))
            match = _ARTICLE.match(path)
            if match and match[1] in self._by_slug:
                desk, index = self._by_slug[match[1]], int(match[2])
                if index < len(self._schedules[desk.slug].times):
                    return self._article_reply(desk, index, gzip_ok)
        return Reply(404, body=b"not found\n")

    def _feed_reply(self, desk: DemoDesk, headers: Headers, gzip_ok: bool) -> Reply:
        rendered = self._feed(desk)
        extra = {
            "ETag": rendered.etag,
            "Last-Modified": format_datetime(rendered.last_modified, usegmt=True),
            "Cache-Control": "no-cache",
        }
        if not_modified(
            rendered.etag,
            rendered.last_modified,
            headers("If-None-Match"),
            headers("If-Modified-Since"),
        ):
            return Reply(304, headers=extra)
        if not gzip_ok:
            return Reply(200, _CONTENT_TYPES[desk.fmt], rendered.body, extra)
        if rendered.gzipped is None:
            rendered.gzipped = gzip.compress(rendered.body, mtime=0)
        extra.update({"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
        return Reply(200, _CONTENT_TYPES[desk.fmt], rendered.gzipped, extra)

    def _feed(self, desk: DemoDesk) -> _Rendered:
        newest = len(self._schedules[desk.slug].times) - 1
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

    def _article_reply(self, desk: DemoDesk, index: int, gzip_ok: bool) -> Reply:
        entry = self._entry(desk, index)
        neighbours = (self._entry(desk, i) for i in range(index - 1, max(-1, index - 4), -1))
        related = [(e.story.title, e.link) for e in neighbours]
        page = article_page(desk, entry.story, entry.published, entry.link, self.desks, related)
        body, encoding = compressed(page, gzip_ok)
        return Reply(200, _HTML, body, encoding)

    def _front_reply(self, slug: str) -> Reply:
        desks = [self._by_slug[slug]] if slug else self.desks
        latest = sorted(
            (e for d in desks for e in self._entries(d, 10)),
            key=lambda e: e.published,
            reverse=True,
        )
        rows = [(self._by_slug[e.story.desk], e.story.title, e.link) for e in latest[:30]]
        return Reply(200, _HTML, front_page(self.desks, rows))
