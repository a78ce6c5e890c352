"""Tests that a reading connection's prepared statements stay few: reads by id inline their ids,
so each batch of arrivals the ticker reads is a statement never used again, and a connection
per reading thread kept 128 of them (~1.3 MiB each connection, benchmarks/ui_soak.py)."""

from __future__ import annotations

import _sqlite3
import ctypes
from pathlib import Path

from newstui.models import HeadlineQuery
from newstui.storage.connections import CACHED_STATEMENTS
from newstui.storage.store import Store
from tests.unit.test_store_threads import filled


def sqlite_memory() -> int:
    """Bytes SQLite holds in this process (its own counter: page caches, statements)."""
    used = ctypes.CDLL(_sqlite3.__file__).sqlite3_memory_used
    used.restype = ctypes.c_int64
    return int(used())


def test_reads_of_ever_new_ids_keep_a_bounded_statement_cache(tmp_path: Path) -> None:
    store = Store(tmp_path / "news.db")
    try:
        ids = filled(store, 300)
        first = frozenset(ids[:3])
        for _ in range(50):  # one statement again and again: its pages and itself cached
            store.stories(HeadlineQuery(ids=first), limit=3)
        before = sqlite_memory()
        for k in range(250):  # as arrivals: new ids each time, each its own statement
            batch = frozenset(ids[k : k + 3])
            assert [row.headline.id for row in store.stories(HeadlineQuery(ids=batch), limit=3)]
        grown = sqlite_memory() - before
    finally:
        store.close()
    # ~12 KiB a statement: 32 of them ~0.37 MiB here, 128 (Python's default) ~1.6 MiB
    assert CACHED_STATEMENTS <= 32
    assert grown < 768 * 1024, grown
