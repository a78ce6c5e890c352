"""Tests that a poll's headlines stored many to a statement are stored as one at a time stored
them: every one, in the feed's order, each counted and found by search, on every SQLite."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.models import FeedEntry, HeadlineQuery, SourceConfig
from newstui.storage import writes
from newstui.storage.store import Store

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
COUNT = writes.ROWS_PER_INSERT * 2 + 50  # three statements, the last one short


def feed() -> list[FeedEntry]:
    """Newest first, as feeds list them; every third entry undated."""
    return [
        FeedEntry(
            guid=f"g{n}",
            title=f"Harbour {'storm' if n % 2 else 'vote'} {n}",
            link=f"http://127.0.0.1/{n}",
            published=None if n % 3 == 0 else NOW - timedelta(minutes=n),
            summary=f"Residents of ward {n} were cautiously hopeful.",
        )
        for n in range(COUNT)
    ]


def stored(path: Path) -> tuple[list[tuple[str, str]], int, int, int, list[str]]:
    """(guid, title) of every headline newest first, their count, the source's counted total,
    the search matches of "storm", and the undated guids in row id order."""
    store = Store(path)
    try:
        (source,) = store.sync_sources([SourceConfig("http://127.0.0.1/feed")], 300)
        new = store.save_poll(source, feed(), now=NOW)
        rows = store.headlines(limit=COUNT + 1)
        storms = store.headlines(HeadlineQuery(search="storm"), limit=COUNT)
        (counted,) = store.sources()
    finally:
        store.close()
    raw = sqlite3.connect(path)
    undated = [g for (g,) in raw.execute("SELECT guid FROM items WHERE published = ? ORDER BY id",
                                         (NOW.timestamp(),))]  # fmt: skip
    raw.close()
    assert len({h.id for h in new}) == len(new) == COUNT
    return [(h.guid, h.title) for h in rows], len(rows), counted.item_count, len(storms), undated


@pytest.mark.parametrize("returning", [True, False], ids=["many-a-statement", "one-a-statement"])
def test_a_large_poll_is_stored_whole_in_order_counted_and_searchable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, returning: bool
) -> None:
    if returning and not writes.RETURNING:
        pytest.skip(f"SQLite {sqlite3.sqlite_version} has no RETURNING (3.35)")
    monkeypatch.setattr(writes, "RETURNING", returning)
    rows, total, counted, storms, undated = stored(tmp_path / "n.db")
    assert total == counted == COUNT
    assert storms == COUNT // 2
    # Undated entries are stored oldest first (the feed reversed), so the newest-first
    # timeline shows them in the feed's own order.
    assert undated == [f"g{n}" for n in reversed(range(0, COUNT, 3))]
    assert rows[0] == ("g0", "Harbour vote 0")
