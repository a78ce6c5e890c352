"""Provides the search index's catch-up (schema.py's migration 16): headlines stored above the
index's high-water mark are put in items_fts (and queued for the vocabulary) later, in batches.

Why later: in a cold `fetch` round the index's trigger was ~60 % of the SQLite work of storing
a headline, done inside the write turn the round's other process waits for, and an insert of
a poll's 50 rows made an FTS5 segment of its own that later merges rewrote. One statement over
thousands of stored rows writes the same index for less (25,000 headlines: ~0.2 s of CPU, where
the trigger's share of the round's writers was ~0.4 s; benchmarks/RESULTS.md, defer8).

The rule the triggers keep: a headline whose id is at or below `fts_mark.high` is in the index,
one above it is not. Catching up moves the mark over the rows it indexed in the same
transaction; a row stored at or below the mark (SQLite gives a deleted largest id again) is
indexed by its trigger at once, and deletes and updates touch the index only below the mark.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

Read = Callable[[str, Sequence[object]], list[tuple[Any, ...]]]

INDEX_ROWS = 5_000
"""Headlines one catch-up job indexes at most (~40-60 ms of the writer's time): a search that
must wait for the index, or a ticker's idle writer, lets other writes in between two jobs, and
a batch this large costs about what one over every row does (FTS5 segments of thousands of
rows, not of a poll's few)."""

UNINDEXED_SQL = "SELECT 1 FROM items WHERE id > (SELECT high FROM fts_mark) LIMIT 1"
"""Some headline is not in the search index yet (a seek in the table's rowid order)."""


def behind(read: Read) -> bool:
    """Whether some stored headline is not in the search index yet."""
    return bool(read(UNINDEXED_SQL, ()))


def catch_up(db: sqlite3.Connection, most: int | None = INDEX_ROWS) -> bool:
    """A write job: puts up to `most` headlines above the mark (None: all of them), lowest ids
    first, in items_fts and in the vocabulary's queue (fts_pending), and moves the mark over
    them. True when more are left."""
    high = int(db.execute("SELECT high FROM fts_mark").fetchone()[0])
    if most is None:
        top = db.execute("SELECT MAX(id) FROM items WHERE id > ?", (high,)).fetchone()[0]
    else:
        top = db.execute(
            "SELECT MAX(id) FROM (SELECT id FROM items WHERE id > ? ORDER BY id LIMIT ?)",
            (high, most),
        ).fetchone()[0]
    if top is None:
        return False
    db.execute(
        "INSERT INTO items_fts (rowid, title, summary) "
        "SELECT id, title, summary FROM items WHERE id > ? AND id <= ?",
        (high, top),
    )
    db.execute(
        "INSERT OR IGNORE INTO fts_pending (id) SELECT id FROM items WHERE id > ? AND id <= ?",
        (high, top),
    )
    db.execute("UPDATE fts_mark SET high = ?", (top,))
    return bool(db.execute("SELECT 1 FROM items WHERE id > ? LIMIT 1", (top,)).fetchone())


def catch_up_all(db: sqlite3.Connection) -> None:
    """catch_up of every row, inside a write job that reads the index next (mark_all_read of a
    search): its own transaction sees them indexed."""
    catch_up(db, None)
