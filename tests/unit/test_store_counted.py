"""Tests that a poll stored counted (a `fetch` round's way: no ids asked back) stores what
save_poll stores, row for row, and counts only the headlines that were new."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newstui.models import FeedEntry, SourceConfig
from newstui.storage import writes
from newstui.storage.store import Store

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
COUNT = writes.ROWS_PER_INSERT + 30  # two statements, the second one short


def entries(first: int, count: int) -> list[FeedEntry]:
    """Newest first; every fourth undated."""
    return [
        FeedEntry(
            guid=f"g{n}",
            title=f"Harbour vote {n}",
            link=f"http://127.0.0.1/{n}",
            published=None if n % 4 == 0 else NOW - timedelta(minutes=n),
            summary=f"Ward {n} was cautiously hopeful.",
        )
        for n in range(first, first + count)
    ]


def rows(path: Path) -> list[tuple[object, ...]]:
    raw = sqlite3.connect(path)
    try:
        return raw.execute(
            "SELECT id, source_id, guid, title, link, published, summary FROM items ORDER BY id"
        ).fetchall()
    finally:
        raw.close()


def store_twice(path: Path, counted: bool) -> tuple[int, int]:
    """A poll, then one that brings the same headlines and 7 new ones: how many each stored."""
    store = Store(path)
    try:
        (source,) = store.sync_sources([SourceConfig("http://127.0.0.1/feed")], 300)
        found = []
        for first in (7, 0):
            got = entries(first, COUNT)
            if counted:
                found.append(asyncio.run(store.save_poll_counted_async(source, got, NOW)))
            else:
                found.append(len(store.save_poll(source, got, now=NOW)))
        return found[0], found[1]
    finally:
        store.close()


def test_counted_polls_store_the_same_rows_and_count_only_the_new(tmp_path: Path) -> None:
    assert store_twice(tmp_path / "counted.db", counted=True) == (COUNT, 7)
    assert store_twice(tmp_path / "listed.db", counted=False) == (COUNT, 7)
    assert rows(tmp_path / "counted.db") == rows(tmp_path / "listed.db")
    assert len(rows(tmp_path / "counted.db")) == COUNT + 7
