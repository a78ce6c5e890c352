"""Tests the page size of the database file: a new file is made with 16 KiB pages (several
headlines a page), and a file made with SQLite's default 4 KiB keeps them and works as before."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from newstui.models import FeedEntry, HeadlineQuery, SourceConfig
from newstui.storage.connections import PAGE_SIZE
from newstui.storage.store import Store

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def _page_size(path: Path) -> int:
    raw = sqlite3.connect(path)
    try:
        return int(raw.execute("PRAGMA page_size").fetchone()[0])
    finally:
        raw.close()


def _store_two(store: Store) -> list[str]:
    (source,) = store.sync_sources([SourceConfig("http://127.0.0.1:9/feed")], 300)
    entries = [
        FeedEntry(guid=f"g{n}", title=f"Storm {n}", link=None, published=NOW, summary="x" * 3000)
        for n in range(2)
    ]
    store.save_poll(source, entries, NOW)
    return [h.title for h in store.headlines(HeadlineQuery(search="storm"))]


def test_a_new_file_has_16_kib_pages_holding_several_headlines(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    store = Store(path)
    try:
        assert PAGE_SIZE == 16_384 == _page_size(path)
        assert sorted(_store_two(store)) == ["Storm 0", "Storm 1"]
        raw = sqlite3.connect(path)
        try:
            # Two headlines of ~3 KiB each share a leaf: at 4 KiB each took a page of its own.
            leaves = raw.execute(
                "SELECT COUNT(*) FROM dbstat WHERE name = 'items' AND pagetype = 'leaf'"
            ).fetchone()[0]
        finally:
            raw.close()
        assert leaves == 1
    finally:
        store.close()


def test_a_file_made_with_4_kib_pages_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA page_size = 4096")
    raw.execute("PRAGMA journal_mode = WAL")
    raw.close()
    store = Store(path)
    try:
        assert sorted(_store_two(store)) == ["Storm 0", "Storm 1"]
    finally:
        store.close()
    assert _page_size(path) == 4096
