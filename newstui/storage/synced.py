"""Provides the store's side of syncing with a server (newstui.sync): subscriptions as sources,
each synced headline's server id, the queue of marks not yet on the server, and the sync's state.
Plain values only: storage knows nothing of the sync's own types (newstui.sync.ledger converts)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from typing import NamedTuple

from newstui.models import FeedEntry, Headline, Source
from newstui.storage import queries, sync_writes, writes
from newstui.storage.connections import Readers
from newstui.storage.sync_writes import SubscriptionRow, SyncedRow, from_db, to_db
from newstui.storage.writer import Writer

__all__ = ["QueuedMark", "SubscriptionRow", "SyncTables", "SyncedRow"]

SINCE = "since_us"
"""sync_state keys: where the next listing starts (text, microseconds)."""
SEEN = "seen"
"""What the last sync saw of the server's marks (bytes newstui.sync.ledger encodes)."""
STATUS = "status"
"""How the last sync ended (JSON: at, ok, error, failures, next)."""
ACCOUNT = "account"
"""The server and user this state belongs to: another one starts afresh."""


class QueuedMark(NamedTuple):
    """A read or star change made here, not yet on the server."""

    key: int
    item_id: int
    """The server's id of the item (unsigned 64 bits)."""
    mark: str
    """"read" or "starred"."""
    value: bool
    at: float
    """When it was made: seconds since the epoch, this device's clock."""


class SyncTables:
    """The sync's tables of one Store (`Store.synced`): reads on the caller's connection, writes
    as jobs of the store's writer, each one transaction. Raises StoreError."""

    def __init__(self, writer: Writer, readers: Readers) -> None:
        self._writer = writer
        self._readers = readers

    # Reads

    def state(self, key: str) -> bytes | None:
        rows = self._readers.read("SELECT value FROM sync_state WHERE key = ?", (key,))
        if not rows:
            return None
        value = rows[0][0]
        return value.encode() if isinstance(value, str) else bytes(value)

    def since_us(self) -> int | None:
        value = self.state(SINCE)
        try:
            return int(value) if value is not None else None
        except ValueError:
            return None

    def status(self) -> dict[str, object]:
        """How the last sync ended: {"at", "ok", "error", "failures", "next"} ({} before the
        first); times are seconds since the epoch."""
        value = self.state(STATUS)
        try:
            status = json.loads(value) if value is not None else {}
        except ValueError:
            return {}
        return status if isinstance(status, dict) else {}

    def streams(self) -> dict[str, Source]:
        """The active sources that are the server's subscriptions, by stream id."""
        streams = self._readers.read(
            "SELECT id, stream_id FROM sources WHERE active = 1 AND stream_id IS NOT NULL"
        )
        if not streams:
            return {}
        ids = ",".join(str(int(r[0])) for r in streams)  # integers: safe to inline
        rows = self._readers.read(f"{queries.SOURCE_SQL} WHERE s.id IN ({ids}) ORDER BY s.id")
        by_id = {int(r[0]): str(r[1]) for r in streams}
        return {by_id[source.id]: source for source in map(queries.source, rows)}

    def known(self, item_ids: Iterable[int]) -> dict[int, int]:
        """Which of these items were stored (pruned ones too): item id -> `crawled_us`."""
        ids = json.dumps([to_db(i) for i in item_ids])
        rows = self._readers.read(
            "SELECT server_id, crawled_us FROM sync_items "
            "WHERE server_id IN (SELECT value FROM json_each(?))",
            (ids,),
        )
        return {from_db(int(r[0])): int(r[1]) for r in rows}

    def local_marks(self, marked: Iterable[int]) -> dict[int, tuple[bool, bool]]:
        """Item id -> (read, starred) of the stored synced headlines that are unread or starred
        here, or whose ids are in `marked`."""
        ids = json.dumps([to_db(i) for i in marked])
        rows = self._readers.read(
            """SELECT x.server_id, i.read, i.starred FROM sync_items x
               JOIN items i ON i.id = x.headline_id
               WHERE i.read = 0 OR i.starred = 1
                  OR x.server_id IN (SELECT value FROM json_each(?))""",
            (ids,),
        )
        return {from_db(int(r[0])): (bool(r[1]), bool(r[2])) for r in rows}

    def pending(self) -> list[QueuedMark]:
        """The queued changes, oldest first (by time made, then by queue order)."""
        rows = self._readers.read(
            "SELECT id, server_id, mark, value, at FROM sync_queue ORDER BY at, id"
        )
        return [
            QueuedMark(int(r[0]), from_db(int(r[1])), str(r[2]), bool(r[3]), float(r[4]))
            for r in rows
        ]

    def headline_ids(self, item_ids: Iterable[int]) -> dict[int, int]:
        """Item id -> headline id of the stored (not pruned) ones among `item_ids`."""
        ids = json.dumps([to_db(i) for i in item_ids])
        rows = self._readers.read(
            "SELECT server_id, headline_id FROM sync_items WHERE headline_id IS NOT NULL "
            "AND server_id IN (SELECT value FROM json_each(?))",
            (ids,),
        )
        return {from_db(int(r[0])): int(r[1]) for r in rows}

    # Writes

    async def start(self, account: str) -> bool:
        """Makes `account` (server and user) the one the sync state belongs to; a different
        one than before drops the state, the queue and the item ids (they are another server's:
        the headlines stay). Returns True when it did."""
        if self.state(ACCOUNT) == account.encode():
            return False
        await self._writer.call_async(partial(sync_writes.reset, account=account))
        return True

    async def save_subscriptions(self, rows: Sequence[SubscriptionRow], refresh: float) -> bool:
        """Makes the subscriptions the active sources (by URL; name, tags and stream id as
        given), every other source inactive (its headlines kept). Writes only when something
        changed; returns whether it did."""
        wanted: dict[str, tuple[str | None, float, str, str]] = {}
        for row in rows:  # a URL listed twice: the first one counts
            tags = json.dumps(list(row.tags))
            wanted.setdefault(row.url, (row.title or None, float(refresh), tags, row.stream_id))
        stored = {
            str(r[0]): (r[1], float(r[2]), str(r[3]), r[4])
            for r in self._readers.read(
                "SELECT url, name, refresh, tags, stream_id FROM sources WHERE active = 1"
            )
        }
        if stored == wanted:
            return False
        await self._writer.call_async(partial(sync_writes.save_subscriptions, wanted=wanted))
        return True

    async def record_items(
        self,
        rows: Sequence[tuple[int | None, SyncedRow]],
        since_us: int | None,
    ) -> None:
        """Records the server ids of items just stored by `Store.save_poll` (each with its
        source's id; None for an item of no known subscription, kept as known but not shown),
        sets the marks of those not marked before (the server's), and moves the listing's
        start to `since_us`: one transaction."""
        job = partial(sync_writes.record_items, rows=list(rows), since_us=since_us)
        await self._writer.call_async(job)

    async def store_items(
        self,
        groups: Sequence[tuple[Source, Sequence[FeedEntry]]],
        rows: Sequence[tuple[int | None, SyncedRow]],
        since_us: int | None,
        now_ts: float,
    ) -> list[list[Headline]]:
        """A page of synced items in one job and one transaction: each subscription's entries
        stored as a poll's (`Store.save_poll`'s own write; `now_ts`: seconds since the epoch),
        then `record_items`. Returns each group's new headlines. One job rather than one per
        subscription: a page of a server that polls 200 feeds holds items of most of them, and
        a job each cost more than their rows (a wake-up of the loop each, and the writer cut
        them into several transactions, each flushing the search index)."""
        job = partial(
            _store_items, groups=list(groups), rows=list(rows), since_us=since_us, now_ts=now_ts
        )
        return await self._writer.call_async(job)

    async def apply(
        self, marks: Mapping[int, tuple[bool, bool]], forget: Sequence[int]
    ) -> list[int]:
        """Drops the settled queued changes (`forget`: their keys), then stores the marks
        (item id -> read, starred), each one only where no change to it is still queued (one
        made since the plan was read wins). Returns the ids of the headlines that changed."""
        job = partial(sync_writes.apply, marks=dict(marks), forget=list(forget))
        return await self._writer.call_async(job)

    async def sent(self, keys: Sequence[int], seen: bytes) -> None:
        """An edit reached the server: drops its queued changes and keeps `seen`."""
        await self._writer.call_async(partial(sync_writes.sent, keys=list(keys), seen=seen))

    async def put_state(self, key: str, value: bytes | str) -> None:
        await self._writer.call_async(partial(sync_writes.put_state, key=key, value=value))

    async def finish(self, status: Mapping[str, object]) -> None:
        """Keeps how a sync ended and shows it on every subscription (status, error, last and
        next sync), as a poll does on its source: {"at", "ok", "error", "failures", "next"}."""
        await self._writer.call_async(partial(sync_writes.finish, status=dict(status)))


def _store_items(
    db: sqlite3.Connection,
    groups: Sequence[tuple[Source, Sequence[FeedEntry]]],
    rows: Sequence[tuple[int | None, SyncedRow]],
    since_us: int | None,
    now_ts: float,
) -> list[list[Headline]]:
    news = [writes.save_poll(db, source, entries, now_ts) for source, entries in groups]
    sync_writes.record_items(db, rows, since_us)
    return news
