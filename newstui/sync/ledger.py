"""Provides StoreLedger: the SyncLedger of newstui's store, synced items stored as headlines by
the same call as polled ones (`Store.save_poll`), so every feature sees them alike."""

from __future__ import annotations

import json
import zlib
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, cast

from newstui.models import Headline, Source
from newstui.storage.store import Store
from newstui.storage.synced import SEEN, SubscriptionRow, SyncedRow
from newstui.sync.engine import Edit, ItemState, Mark, PendingChange, ServerState
from newstui.sync.wire import IdSet, Subscription, SyncedItem

Arrived = Callable[[list[tuple[Source, list[Headline]]]], Awaitable[None]]
"""Told of the new headlines of one batch, by subscription (each source as it was before the
sync), once they and their marks are stored; awaited before the next batch is stored."""


class StoreLedger:
    """The sync's view of a Store (newstui.sync.round.SyncLedger). Subscriptions are sources
    (url: the feed's address, or the server's id when it gives none; name: the title; tags:
    the folders); items are headlines of their subscription's source, stored by
    `Store.save_poll_async` and then recorded with their server ids (storage/synced.py)."""

    def __init__(
        self,
        store: Store,
        *,
        refresh: float,
        on_arrival: Arrived | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """`refresh`: seconds between syncs, kept as each subscription's refresh."""
        self.store = store
        self.tables = store.synced
        self.refresh = refresh
        self.on_arrival = on_arrival
        self.clock = clock
        self.changed: list[int] = []
        """Headlines whose marks a sync changed (the server's), since last emptied."""
        self.sources_changed = False
        """Whether the subscriptions changed since last cleared."""
        self._streams: dict[str, Source] | None = None

    # --- reads ------------------------------------------------------------------------------

    def since_us(self) -> int | None:
        return self.tables.since_us()

    def seen(self) -> ServerState | None:
        return decode_seen(self.tables.state(SEEN))

    def known(self, item_ids: Iterable[int]) -> Mapping[int, int]:
        return self.tables.known(item_ids)

    def local_states(self, server_marked: frozenset[int]) -> Mapping[int, ItemState]:
        marks = self.tables.local_marks(server_marked)
        return {item: _STATES[mark] for item, mark in marks.items()}

    def pending(self) -> Sequence[PendingChange]:
        return [
            PendingChange(q.item_id, cast(Mark, q.mark), q.value, q.at, q.key)
            for q in self.tables.pending()
        ]

    # --- writes -----------------------------------------------------------------------------

    async def save_subscriptions(self, subscriptions: Sequence[Subscription]) -> None:
        rows = [
            SubscriptionRow(s.stream_id, s.url or s.stream_id, s.title, s.folders)
            for s in subscriptions
        ]
        if await self.tables.save_subscriptions(rows, self.refresh):
            self.sources_changed = True
        self._streams = self.tables.streams()

    async def save_items(self, items: Sequence[SyncedItem], since_us: int | None) -> None:
        streams = self._streams if self._streams is not None else self.tables.streams()
        groups: dict[str, list[SyncedItem]] = {}
        for item in items:
            groups.setdefault(item.stream_id, []).append(item)
        stored = [(streams[stream], group) for stream, group in groups.items() if stream in streams]
        records: list[tuple[int | None, SyncedRow]] = [
            (None, _row(item))
            for stream, group in groups.items()
            if stream not in streams
            for item in group
        ]
        for source, group in stored:
            records += [(source.id, _row(item)) for item in group]
        news = await self.tables.store_items(
            [(source, _entries(group)) for source, group in stored],
            records,
            since_us,
            self.clock().timestamp(),
        )
        if self.on_arrival is None:
            return
        arrivals = []
        for (source, group), new in zip(stored, news, strict=True):
            if new:
                marks = {item.entry.guid: item for item in group}
                arrivals.append((source, [_marked(h, marks.get(h.guid)) for h in new]))
        if arrivals:
            await self.on_arrival(arrivals)

    async def apply(self, states: Mapping[int, ItemState], forget: Sequence[Hashable]) -> None:
        marks = {item: (state.read, state.starred) for item, state in states.items()}
        self.changed += await self.tables.apply(marks, _keys(forget))

    async def sent(self, edit: Edit, seen: ServerState) -> None:
        await self.tables.sent(_keys(edit.keys), encode_seen(seen))

    async def save_seen(self, seen: ServerState) -> None:
        await self.tables.put_state(SEEN, encode_seen(seen))


_STATES = {(r, s): ItemState(r, s) for r in (False, True) for s in (False, True)}
"""The four states, shared (immutable): a sync reads one per unread item, tens of thousands."""


def _entries(group: Sequence[SyncedItem]) -> list[Any]:
    return [item.entry for item in group]


def _row(item: SyncedItem) -> SyncedRow:
    return SyncedRow(item.item_id, item.crawled_us, item.entry.guid, item.read, item.starred)


def _marked(headline: Headline, item: SyncedItem | None) -> Headline:
    if item is None:
        return headline
    return replace(headline, read=item.read, starred=item.starred)


def _keys(keys: Sequence[Hashable]) -> list[int]:
    return [key for key in keys if isinstance(key, int)]


def encode_seen(seen: ServerState) -> bytes:
    """What a sync saw, for the database: compressed JSON (10,000 ids: ~40 KB, ~5 ms)."""
    doc = {
        "at": seen.at,
        "unread": sorted(seen.unread.ids),
        "unread_complete": seen.unread.complete,
        "starred": sorted(seen.starred.ids),
        "starred_complete": seen.starred.complete,
    }
    return zlib.compress(json.dumps(doc, separators=(",", ":")).encode(), 1)


def decode_seen(blob: bytes | None) -> ServerState | None:
    """The ServerState `encode_seen` wrote; None for nothing or anything unreadable (the next
    sync is then planned as a first one: only the server's changes count, the queue is sent)."""
    if blob is None:
        return None
    try:
        doc = json.loads(zlib.decompress(blob))
        return ServerState(
            IdSet(frozenset(int(i) for i in doc["unread"]), bool(doc["unread_complete"])),
            IdSet(frozenset(int(i) for i in doc["starred"]), bool(doc["starred_complete"])),
            float(doc["at"]),
        )
    except (ValueError, KeyError, TypeError, zlib.error):
        return None
