"""Provides the story column's SQL: the sizes of stories, and StoryTable, through which a placer
reads and writes stories inside one write transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple

PLACING = "stories_placing"
"""The setting that names the last placing written (a new random value each time): a placer
whose own index was built on another value knows that another process (or a transaction that
was undone) placed headlines since, and rebuilds its index from the stored stories."""


class StoryRecord(NamedTuple):
    """A stored headline as a placer needs it."""

    key: int
    """The headline's id."""
    title: str
    source: int
    """The source's id."""
    published: datetime
    story: int | None
    """Its story, None when not placed yet."""


_RECORD = "SELECT id, title, source_id, published, story FROM items"


def _record(row: tuple[object, ...]) -> StoryRecord:
    key, title, source, published, story = row
    return StoryRecord(
        int(str(key)),
        str(title),
        int(str(source)),
        datetime.fromtimestamp(float(str(published)), UTC),
        None if story is None else int(str(story)),
    )


class StoryTable:
    """The story column within a write transaction (Store.place_stories): every read sees this
    transaction's writes, and no other process writes until it ends."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def token(self) -> str | None:
        """The value the last placing wrote (None before the first)."""
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (PLACING,)).fetchone()
        return None if row is None else str(row[0])

    def newest(self) -> datetime | None:
        """The date of the newest stored headline, placed or not."""
        row = self._db.execute("SELECT MAX(published) FROM items").fetchone()
        return None if row[0] is None else datetime.fromtimestamp(float(row[0]), UTC)

    def placed_since(self, since: datetime) -> list[StoryRecord]:
        """The placed headlines published at `since` or later, for a placer to restore."""
        rows = self._db.execute(
            f"{_RECORD} WHERE published >= ? AND story IS NOT NULL", (since.timestamp(),)
        )
        return [_record(r) for r in rows]

    def count_since(self, since: datetime) -> tuple[int, int]:
        """Headlines published at `since` or later: (placed, not placed yet).

        Two counts that each read one index alone (items_timeline, items_story), not one that
        reads every row's `story` from the table: 34-37 ms against ~1.6 ms after a cold round
        of 25,000 headlines (a 113 MB database), which `fetch` waited for after its round
        (benchmarks/RESULTS.md, cold6)."""
        stamp = since.timestamp()
        total = self._db.execute(
            "SELECT COUNT(*) FROM items WHERE published >= ?", (stamp,)
        ).fetchone()[0]
        waiting = self._db.execute(
            "SELECT COUNT(*) FROM items WHERE story IS NULL AND published >= ?", (stamp,)
        ).fetchone()[0]
        return int(total) - int(waiting), int(waiting)

    def leave_alone(self, before: datetime) -> int:
        """Makes every headline not placed yet and published before `before` a story of its
        own; returns how many."""
        cursor = self._db.execute(
            "UPDATE items SET story = id WHERE story IS NULL AND published < ?",
            (before.timestamp(),),
        )
        return int(cursor.rowcount)

    def pending(self, limit: int) -> list[StoryRecord]:
        """Up to `limit` headlines not placed yet, oldest first (as they should be placed)."""
        rows = self._db.execute(
            f"{_RECORD} WHERE story IS NULL ORDER BY published, id LIMIT ?", (limit,)
        )
        return [_record(r) for r in rows]

    def save(self, stories: Mapping[int, int], merged: Mapping[int, int]) -> str:
        """Writes each headline's story (`stories`: headline id -> story id), then each merge
        (`merged`: absorbed story id -> the story it is part of now, in the order they
        happened); returns the new token, which it stores."""
        self._db.executemany(
            "UPDATE items SET story = ? WHERE id = ?", [(s, k) for k, s in stories.items()]
        )
        for gone, kept in merged.items():
            self._db.execute("UPDATE items SET story = ? WHERE story = ?", (kept, gone))
        import secrets  # here: with hmac and OpenSSL's hashes ~3.5 ms of the ticker's start

        token = secrets.token_hex(8)
        self._db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (PLACING, token),
        )
        return token


_SIZES = (
    "SELECT story, COUNT(*), COUNT(DISTINCT source_id) FROM items WHERE story IN ({}) "
    "GROUP BY story"
)


def sizes(
    read: Callable[[str], list[tuple[Any, ...]]], story_ids: Iterable[int]
) -> dict[int, tuple[int, int]]:
    """Story id -> (headlines, distinct sources) of each placed story among `story_ids`, read
    by `read` (one indexed lookup per story)."""
    wanted = sorted({int(s) for s in story_ids})  # integers only: safe to inline
    found: dict[int, tuple[int, int]] = {}
    for start in range(0, len(wanted), 500):
        marks = ",".join(str(s) for s in wanted[start : start + 500])
        found.update({int(r[0]): (int(r[1]), int(r[2])) for r in read(_SIZES.format(marks))})
    return found
