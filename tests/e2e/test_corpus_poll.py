"""Tests the whole shared real-world corpus through the path the ticker takes: every feed file
served by a real server on 127.0.0.1, polled in one round by the real Poller into a real DB."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from newstui.feeds.poller import Poller
from newstui.models import SourceConfig
from newstui.net.fetch import Fetcher
from newstui.net.process_pool import shutdown_pool
from newstui.storage.store import Store
from newstui.text.characters import unsafe
from tests.corpus import feed_files
from tests.server import FeedServer

_TYPES = {".json": "application/feed+json", ".html": "text/html", ".htm": "text/html"}


@pytest.fixture
def parse_pool() -> Iterator[None]:
    yield
    shutdown_pool()


@pytest.mark.slow
@pytest.mark.timeout(180)
async def test_every_corpus_feed_polls_into_the_store(
    corpus: Path, feed_server: FeedServer, tmp_path: Path, parse_pool: None
) -> None:
    files = feed_files()
    assert len(files) > 500
    urls: dict[str, str] = {}
    for n, (path, _kind) in enumerate(files):
        suffix = Path(path).suffix.lower()
        content_type = _TYPES.get(suffix, "application/xml")
        # Served as found: bytes untouched, no charset claimed, so each file's own declaration
        # (or its absence) decides, as it does for many real servers.
        urls[path] = feed_server.route(
            f"/c/{n}{suffix}", (corpus / path).read_bytes(), headers={"Content-Type": content_type}
        )
    store = Store(tmp_path / "newstui.db")
    sources = store.sync_sources([SourceConfig(url) for url in urls.values()], 300)
    fetcher = Fetcher()
    try:
        outcomes = await asyncio.wait_for(Poller(store, fetcher).poll_all(sources), 150)
    finally:
        await fetcher.aclose()
    assert len(outcomes) == len(files)

    by_url = {s.url: s for s in store.sources()}
    for path, url in urls.items():
        source = by_url[url]
        assert source.last_status in {"ok", "error"}, (path, source.last_status)
        assert source.last_fetch is not None and source.next_poll is not None, path
        if source.last_status == "error":
            assert source.last_error and source.item_count == 0, path
        for text in (source.display_name, source.last_error or ""):
            assert not unsafe().search(text) and "\n" not in text, (path, text)
    ok = [s for s in by_url.values() if s.last_status == "ok"]
    assert len(ok) > 0.8 * len(files)
    assert store.counts().total == sum(s.item_count for s in by_url.values()) > 4_000

    for h in store.headlines(limit=1_000_000):
        for line in (h.title, h.source_name, h.guid, h.link or ""):
            assert not unsafe().search(line) and "\n" not in line, repr(line[:200])
        assert not unsafe().search(h.summary), repr(h.summary[:200])
        assert h.link is None or h.link.startswith(("http://", "https://"))
    store.close()
    raw = sqlite3.connect(tmp_path / "newstui.db")
    assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    raw.close()
