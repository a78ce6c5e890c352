"""Provides the write jobs of the sync's tables (storage/synced.py), and the queueing of marks
made here on synced headlines, which the store's mark writes call in their own transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import NamedTuple

_SIGN = 1 << 63
_U64 = 1 << 64
SINCE_MARGIN_US = 1_000_000
"""The listing's `ot` is whole seconds: items stored up to a second before its start may come
again, so their ids are kept that much longer."""


def to_db(item_id: int) -> int:
    """An item id (unsigned 64 bits, as servers write them) as SQLite's signed INTEGER."""
    return item_id - _U64 if item_id >= _SIGN else item_id


def from_db(value: int) -> int:
    return value + _U64 if value < 0 else value


class SubscriptionRow(NamedTuple):
    """A subscription as a source: its server id, feed URL, title ("" for none) and folders."""

    stream_id: str
    url: str
    title: str
    tags: tuple[str, ...]


class SyncedRow(NamedTuple):
    """A synced item as stored: its server id and time, its headline's guid, the server's marks."""

    item_id: int
    crawled_us: int
    guid: str
    read: bool
    starred: bool


def put_state(db: sqlite3.Connection, key: str, value: bytes | str) -> None:
    db.execute(
        "INSERT INTO sync_state (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def reset(db: sqlite3.Connection, account: str) -> None:
    """Forgets another account's sync: its state, queue and item ids; headlines stay."""
    db.execute("DELETE FROM sync_state")
    db.execute("DELETE FROM sync_queue")
    db.execute("DELETE FROM sync_items")
    db.execute("UPDATE sources SET stream_id = NULL WHERE stream_id IS NOT NULL")
    put_state(db, "account", account)


def save_subscriptions(
    db: sqlite3.Connection, wanted: Mapping[str, tuple[str | None, float, str, str]]
) -> None:
    """`wanted`: URL -> (name, refresh, JSON tags, stream id). Those become the active sources;
    every other one is made inactive and loses its stream id."""
    urls = json.dumps(list(wanted))
    db.execute(
        "UPDATE sources SET active = 0, stream_id = NULL "
        "WHERE url NOT IN (SELECT value FROM json_each(?))",
        (urls,),
    )
    db.executemany(
        """INSERT INTO sources (url, name, refresh, tags, stream_id, active)
           VALUES (?, ?, ?, ?, ?, 1)
           ON CONFLICT (url) DO UPDATE SET name = excluded.name, refresh = excluded.refresh,
               tags = excluded.tags, stream_id = excluded.stream_id, active = 1""",
        [(url, *row) for url, row in wanted.items()],
    )


def record_items(
    db: sqlite3.Connection,
    rows: Sequence[tuple[int | None, SyncedRow]],
    since_us: int | None,
) -> None:
    """See SyncTables.record_items. One read finds, for the whole batch, each item's headline
    and whether it was recorded with one before; the writes are two executemany: a first sync's
    pages of 250 cost 3 statements each rather than 3-4 per item."""
    wanted = json.dumps([[source_id, row.guid, to_db(row.item_id)] for source_id, row in rows])
    found = db.execute(
        """SELECT j.key, i.id, x.headline_id IS NOT NULL FROM json_each(?) j
           LEFT JOIN items i ON i.source_id = json_extract(j.value, '$[0]')
               AND i.guid = json_extract(j.value, '$[1]')
           LEFT JOIN sync_items x ON x.server_id = json_extract(j.value, '$[2]')""",
        (wanted,),
    ).fetchall()
    headlines: list[int | None] = [None] * len(rows)
    recorded = [False] * len(rows)
    for index, headline, had in found:
        headlines[index] = headline
        recorded[index] = bool(had)
    db.executemany(
        """INSERT INTO sync_items (server_id, headline_id, crawled_us) VALUES (?, ?, ?)
           ON CONFLICT (server_id) DO UPDATE SET crawled_us = excluded.crawled_us,
               headline_id = COALESCE(excluded.headline_id, sync_items.headline_id)""",
        [
            (to_db(row.item_id), headline, row.crawled_us)
            for (_, row), headline in zip(rows, headlines, strict=True)
        ],
    )
    # Its first record here: the server's marks. Later ones follow the sync's plan. (Only
    # where they differ: a new headline is stored unread and unstarred, as most items are.)
    db.executemany(
        "UPDATE items SET read = ?, starred = ? WHERE id = ? AND (read != ? OR starred != ?)",
        [
            (int(row.read), int(row.starred), headline, int(row.read), int(row.starred))
            for (_, row), headline, had in zip(rows, headlines, recorded, strict=True)
            if headline is not None and not had
        ],
    )
    if since_us is not None:
        put_state(db, "since_us", str(since_us))
        # Ids of pruned items the listing can no longer bring back.
        db.execute(
            "DELETE FROM sync_items WHERE headline_id IS NULL AND crawled_us < ?",
            (since_us - SINCE_MARGIN_US,),
        )


def apply(
    db: sqlite3.Connection, marks: Mapping[int, tuple[bool, bool]], forget: Sequence[int]
) -> list[int]:
    """See SyncTables.apply."""
    db.executemany("DELETE FROM sync_queue WHERE id = ?", [(key,) for key in forget])
    changed: set[int] = set()
    for item_id, values in marks.items():
        server_id = to_db(item_id)
        found = db.execute(
            "SELECT headline_id FROM sync_items WHERE server_id = ?", (server_id,)
        ).fetchone()
        if found is None or found[0] is None:
            continue
        for column, value in zip(("read", "starred"), values, strict=True):
            # The column's name is one of the two above: safe to put in the statement.
            cursor = db.execute(
                f"""UPDATE items SET {column} = ? WHERE id = ? AND {column} != ?
                    AND NOT EXISTS (SELECT 1 FROM sync_queue
                                    WHERE server_id = ? AND mark = ?)""",
                (int(value), found[0], int(value), server_id, column),
            )
            if cursor.rowcount:
                changed.add(int(found[0]))
    return sorted(changed)


def sent(db: sqlite3.Connection, keys: Sequence[int], seen: bytes) -> None:
    db.executemany("DELETE FROM sync_queue WHERE id = ?", [(key,) for key in keys])
    put_state(db, "seen", seen)


def finish(db: sqlite3.Connection, status: Mapping[str, object]) -> None:
    """See SyncTables.finish."""
    put_state(db, "status", json.dumps(status))
    ok = bool(status.get("ok"))
    error = status.get("error")
    db.execute(
        """UPDATE sources SET last_fetch = ?, next_poll = ?, last_status = ?, last_error = ?,
               failures = ? WHERE active = 1 AND stream_id IS NOT NULL""",
        (
            status.get("at"),
            status.get("next"),
            "ok" if ok else "error",
            None if ok else f"sync: {error}",
            0 if ok else status.get("failures", 1),
        ),
    )


def queue_marks(
    db: sqlite3.Connection,
    mark: str,
    value: bool,
    at: float,
    where: str,
    params: Sequence[object] = (),
) -> None:
    """Queues for the server the change of `mark` ("read" or "starred") to `value` on the
    synced headlines `where` selects (a condition on `items i`) whose mark it changes. Run
    before the change itself, in its transaction: the mark and its queued change are one."""
    if mark not in ("read", "starred"):
        raise ValueError(f"not a mark: {mark!r}")
    db.execute(
        f"""INSERT INTO sync_queue (server_id, mark, value, at)
            SELECT x.server_id, ?, ?, ? FROM sync_items x JOIN items i ON i.id = x.headline_id
            WHERE i.{mark} != ? AND ({where})""",
        (mark, int(value), at, int(value), *params),
    )
