"""Tests that a server's Retry-After is kept in a column of its own (sources.retry_until,
migration 12) rather than read back from the status text: stored where a 429/503 answer is,
read by server_wait, cleared by the next answer, and filled from the old status text in
databases made before."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newstui.feeds.poll_state import Jitter, failed, next_state, server_wait
from newstui.feeds.poller import Poller
from newstui.models import Source, SourceConfig, SourceStatus
from newstui.net.fetch import Fetcher, FetchResult
from newstui.storage import schema
from newstui.storage.store import Store
from tests.feeds import Item, rss
from tests.server import FeedServer

NOW = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)


async def test_a_429s_wait_is_stored_and_read_back_and_ends_with_the_next_answer(
    store: Store, feed_server: FeedServer
) -> None:
    url = feed_server.route("/f.xml", "slow down", status=429, headers={"Retry-After": "3600"})
    (source,) = store.sync_sources([SourceConfig(url)], 300)
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, jitter=0)
        await poller.poll_source(source)
        (waiting,) = store.sources()
        assert waiting.last_fetch is not None
        assert waiting.retry_until == waiting.last_fetch + timedelta(seconds=3600)
        assert server_wait(waiting) == waiting.retry_until
        assert "Retry-After: 3600 s" in (waiting.last_error or "")  # still said to the user
        # Whatever the status says now, the wait is the column's (a status rewritten, e.g. by
        # a store error's message, no longer loses it).
        store.save_states([replace(waiting, last_error="HTTP 429")])
        assert server_wait(store.sources()[0]) == waiting.retry_until
        feed_server.route("/f.xml", rss([Item("Harbour opens", "http://127.0.0.1:9/a")]))
        await poller.poll_source(store.sources()[0])
    (answered,) = store.sources()
    assert answered.last_status == "ok" and answered.retry_until is None
    assert server_wait(answered) is None


def test_a_status_that_only_reads_like_a_wait_is_no_wait() -> None:
    # A failure's text is partly the server's or the page's (a problem, a redirect target):
    # only an answer's Retry-After header makes a wait.
    source = Source(id=1, url="http://127.0.0.1:9/f", name=None, feed_title=None, refresh=300.0)
    state = failed(
        replace(source, last_fetch=NOW),
        "not a feed: the page says (Retry-After: 86400 s)",
        NOW,
        Jitter(0, random.Random(1)),
    )
    assert state.retry_until is None and server_wait(state) is None


def test_a_later_failure_without_a_wait_ends_it(store: Store) -> None:
    (source,) = store.sync_sources([SourceConfig("http://127.0.0.1:9/f")], 300)
    jitter = Jitter(0, random.Random(1))
    asked = failed(replace(source, last_fetch=NOW), "HTTP 503", NOW, jitter, retry_after=60)
    assert server_wait(asked) == NOW + timedelta(seconds=60)
    later = NOW + timedelta(minutes=5)
    url = source.url
    refused = next_state(asked, FetchResult(url, url, None, error="refused"), None, later, jitter)
    assert refused.retry_until is None and server_wait(refused) is None


def _old_database(path: Path, rows: list[tuple[str, str, str | None, float | None]]) -> None:
    """A file at the version before migration 12, with sources (url, status, error, fetch)."""
    raw = sqlite3.connect(path)
    for number in range(1, 12):
        schema.apply(raw, number)
    raw.executemany(
        "INSERT INTO sources (url, refresh, last_status, last_error, last_fetch) "
        "VALUES (?, 300, ?, ?, ?)",
        rows,
    )
    raw.commit()
    raw.close()


def test_migration_12_fills_the_wait_from_the_old_status_text(tmp_path: Path) -> None:
    at = NOW.timestamp()
    said = "HTTP 429; the server asked for no poll sooner (Retry-After: 901 s)"
    _old_database(
        tmp_path / "old.db",
        [
            ("http://127.0.0.1:9/a", "error", said, at),
            ("http://127.0.0.1:9/b", "error", said.replace("HTTP 429", "HTTP 503 (at x)"), at),
            ("http://127.0.0.1:9/c", "error", "HTTP 429 (Retry-After: 9 s) then refused", at),
            ("http://127.0.0.1:9/d", "error", "odd (Retry-After: 1x2 s)", at),
            ("http://127.0.0.1:9/e", "ok", said, at),  # not a failure: no wait
            ("http://127.0.0.1:9/f", "error", said, None),  # never fetched: no moment
            ("http://127.0.0.1:9/g", "error", None, at),
            ("http://127.0.0.1:9/h", "error", "x (Retry-After: 5 s) (Retry-After: 70 s)", at),
        ],
    )
    store = Store(tmp_path / "old.db")
    try:
        assert store.schema_version == len(schema.MIGRATIONS) >= 12
        waits = {s.url[-1]: s.retry_until for s in store.sources()}
        kept = {s.url[-1]: s.last_error for s in store.sources()}
    finally:
        store.close()
    assert waits == {
        "a": NOW + timedelta(seconds=901),
        "b": NOW + timedelta(seconds=901),
        "c": None,
        "d": None,
        "e": None,
        "f": None,
        "g": None,
        "h": NOW + timedelta(seconds=70),  # the last one, as the old reading's `$` took
    }
    assert kept["a"] == said  # the status the user sees is left as it was


def test_a_new_database_has_the_column(store: Store) -> None:
    (source,) = store.sync_sources([SourceConfig("http://127.0.0.1:9/f")], 300)
    assert source.retry_until is None and source.last_status is SourceStatus.NEW
