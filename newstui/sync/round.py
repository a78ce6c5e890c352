"""Provides one sync with the server: subscriptions, new items, read and starred marks both ways,
against any storage that offers the SyncLedger calls."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import (
    AsyncGenerator,
    Awaitable,
    Callable,
    Hashable,
    Iterable,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from newstui.sync.engine import (
    Edit,
    ItemState,
    Mark,
    PendingChange,
    ServerState,
    after_sent,
    next_since,
    plan,
)
from newstui.sync.errors import SyncError
from newstui.sync.greader import GReaderClient
from newstui.sync.ids import READ, READING_LIST, STARRED
from newstui.sync.wire import StreamPage, Subscription, SyncedItem

A = TypeVar("A")
B = TypeVar("B")

PIPELINE = 2
"""Item requests in flight during a sync: one answered and parsed while the next is served. More
would only queue at servers that answer one request at a time (PHP's built-in server)."""


class SyncLedger(Protocol):
    """What a sync needs from storage. Each call that writes must commit on its own (one
    transaction), so that a sync killed at any point loses nothing and repeats little; those
    are awaited, so that a store can write off the event loop (newstui.sync.ledger)."""

    def since_us(self) -> int | None:
        """Where the item listing starts (kept by `save_items`); None before the first sync."""

    def seen(self) -> ServerState | None:
        """What the last completed sync saw (kept by `save_seen`); None before the first."""

    async def save_subscriptions(self, subscriptions: Sequence[Subscription]) -> None:
        """The server's subscriptions are the list of sources: add, update, remove to match."""

    def known(self, item_ids: Iterable[int]) -> Mapping[int, int]:
        """Which of these items are stored already: item id -> its `crawled_us`."""

    async def save_items(self, items: Sequence[SyncedItem], since_us: int | None) -> None:
        """Stores new items (their marks as given) and, in the same transaction, the listing's
        new start."""

    def local_states(self, server_marked: frozenset[int]) -> Mapping[int, ItemState]:
        """The stored marks (queued changes included) of the synced items that are unread or
        starred here or whose ids are in `server_marked` (unread or starred on the server): the
        others are read and unstarred on both sides. Returning every synced item is correct
        too, only slower."""

    def pending(self) -> Sequence[PendingChange]:
        """The queued read/star changes, oldest first."""

    async def apply(self, states: Mapping[int, ItemState], forget: Sequence[Hashable]) -> None:
        """Stores marks and drops settled queued changes, in one transaction."""

    async def sent(self, edit: Edit, seen: ServerState) -> None:
        """An edit reached the server: drop its queued changes and keep `seen` (in one
        transaction: `seen` already counts the edit)."""

    async def save_seen(self, seen: ServerState) -> None: ...


@dataclass
class SyncReport:
    """What one sync did, for a status line and the benchmark."""

    subscriptions: int = 0
    listed: int = 0
    """Item ids the listing gave (new and already stored)."""
    new_items: int = 0
    skipped: int = 0
    """Items left out for having no usable id."""
    marks_changed: int = 0
    sent: int = 0
    """Item ids whose marks were sent to the server."""
    overruled: int = 0
    requests: int = 0
    seconds: float = 0.0
    error: SyncError | None = None
    """Why the sync stopped early: what was done before it is kept."""
    done: list[str] = field(default_factory=list)
    """The steps that completed, in order."""


async def sync_once(
    client: GReaderClient,
    ledger: SyncLedger,
    *,
    first_since_us: int | None = None,
    clock: Callable[[], float] = time.time,
) -> SyncReport:
    """One sync: the subscription list, the ids of items stored since the last sync, the contents
    of those not stored yet (`client.page_size` per request, saved batch by batch), the unread
    and starred sets, then the plan: marks stored, queued changes sent. Never raises a
    SyncError: it ends the sync and is returned in `report.error`, with everything done before
    it kept. `first_since_us`: where the first sync's listing starts (None: everything)."""
    report = SyncReport()
    start, requests_before = time.perf_counter(), client.requests
    try:
        await _sync(client, ledger, report, first_since_us, clock)
    except SyncError as error:
        report.error = error
    report.requests = client.requests - requests_before
    report.seconds = time.perf_counter() - start
    return report


async def _sync(
    client: GReaderClient,
    ledger: SyncLedger,
    report: SyncReport,
    first_since_us: int | None,
    clock: Callable[[], float],
) -> None:
    since = ledger.since_us()
    # The two asked for together (one round trip's wait, not two): an item whose subscription
    # was added between the two answers is as it would be in either order, known by its id.
    subscriptions, listing = await _together(
        client.subscriptions(),
        client.item_ids(READING_LIST, since_us=since if since is not None else first_since_us),
    )
    await ledger.save_subscriptions(subscriptions)
    report.subscriptions = len(subscriptions)
    report.done.append("subscriptions")

    report.listed = len(listing.ids)
    known = ledger.known(listing.ids)
    missing = sorted(listing.ids - known.keys())
    # The listing's start moves only once every listed item is stored: a sync cut short lists
    # the same ids again and fetches just the ones still missing.
    crawled = list(known.values())
    batches = [missing[i : i + client.page_size] for i in range(0, len(missing), client.page_size)]
    async with contextlib.aclosing(_fetched(client, batches)) as pages:
        async for number, page in pages:
            report.skipped += page.skipped
            crawled += [item.crawled_us for item in page.items]
            last = number == len(batches) - 1
            await ledger.save_items(page.items, next_since(since, crawled) if last else since)
            report.new_items += len(page.items)
    if not missing and next_since(since, crawled) != since:
        await ledger.save_items([], next_since(since, crawled))
    report.done.append("items")

    # Only once the items are stored: an item stored after the unread list was made would be
    # taken for one read on the server.
    asked_at = clock()
    unread, starred = await _together(client.unread_ids(), client.starred_ids())
    seen = ServerState(unread, starred, asked_at)
    pending = ledger.pending()
    marked = unread.ids | starred.ids | {change.item_id for change in pending}
    result = plan(seen, ledger.seen(), ledger.local_states(marked), pending)
    await ledger.apply(result.states, result.forget)
    report.marks_changed = len(result.states)
    report.overruled = len(result.overruled)
    report.done.append("marks")

    try:
        for edit in result.send:
            state = READ if edit.mark == "read" else STARRED
            if edit.value:
                await client.edit_tag(edit.item_ids, add=state)
            else:
                await client.edit_tag(edit.item_ids, remove=state)
            seen = after_sent(seen, [edit])
            await ledger.sent(edit, seen)
            report.sent += len(edit.item_ids)
    finally:
        # Kept even when an edit failed: the next sync then dates the server's changes from this
        # one (without the failed edits, which stay queued and are sent again).
        await ledger.save_seen(seen)
    report.done.append("sent")


async def _together(first: Awaitable[A], second: Awaitable[B]) -> tuple[A, B]:
    """Both results, the two requests in flight at once; the first error raised, the other
    request then cancelled (a failed sync leaves nothing running)."""
    one, two = asyncio.ensure_future(first), asyncio.ensure_future(second)
    try:
        return await one, await two
    finally:
        for task in (one, two):
            task.cancel()  # nothing for one that is done
        await asyncio.gather(one, two, return_exceptions=True)


async def _fetched(
    client: GReaderClient, batches: list[list[int]]
) -> AsyncGenerator[tuple[int, StreamPage], None]:
    """The batches' items in order, the next batch asked for while this one is parsed and stored
    (the server works while we do): at most PIPELINE requests in flight."""
    tasks: deque[asyncio.Task[StreamPage]] = deque()
    try:
        for number in range(len(batches)):
            while len(tasks) < PIPELINE and number + len(tasks) < len(batches):
                batch = batches[number + len(tasks)]
                tasks.append(asyncio.create_task(client.item_contents(batch)))
            yield number, await tasks.popleft()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def push(client: GReaderClient, ledger: SyncLedger) -> SyncReport:
    """Sends the changes queued since the last sync began, without a whole sync: a mark made
    here reaches the server in seconds rather than at the next sync. The rule (newstui.sync.
    engine) never lets the server overrule a change made after the last sync began, so these
    need no server state; older ones, and any before the first sync, wait for the next sync.
    Never raises a SyncError: it is returned in `report.error`, the changes still queued."""
    report = SyncReport()
    start, requests_before = time.perf_counter(), client.requests
    seen = ledger.seen()
    if seen is not None:
        latest: dict[tuple[int, str], PendingChange] = {}
        replaced: list[Hashable] = []
        for _, change in sorted(enumerate(ledger.pending()), key=lambda p: (p[1].at, p[0])):
            key = (change.item_id, change.mark)
            if key in latest:
                replaced.append(latest[key].key)
            latest[key] = change
        if replaced:
            await ledger.apply({}, replaced)
        sending: dict[tuple[Mark, bool], list[PendingChange]] = {}
        for change in latest.values():
            if change.at > seen.at:
                sending.setdefault((change.mark, change.value), []).append(change)
        try:
            for (mark, value), changes in sorted(sending.items()):
                changes.sort(key=lambda c: c.item_id)
                ids, keys = tuple(c.item_id for c in changes), tuple(c.key for c in changes)
                edit = Edit(mark, value, ids, keys)
                state = READ if mark == "read" else STARRED
                if value:
                    await client.edit_tag(ids, add=state)
                else:
                    await client.edit_tag(ids, remove=state)
                seen = after_sent(seen, [edit])
                await ledger.sent(edit, seen)
                report.sent += len(ids)
        except SyncError as error:
            report.error = error
        report.done.append("sent")
    report.requests = client.requests - requests_before
    report.seconds = time.perf_counter() - start
    return report
