"""Provides the sync plan: from the server's state and this device's queued changes, which read
and starred marks to store and which edits to send. Pure: no network, no storage.

The rule, "the later change wins":

- A change made here is queued (a PendingChange, dated by this device's clock) until the server
  has it. A change made on the server (another device) carries no date in the Google Reader API;
  it is dated by the syncs that saw it: it happened after the previous sync that saw the old
  state (`previous.at`) and before this one.
- So a queued change is overruled only when the server's mark changed since the previous sync
  AND that previous sync began after the queued change was made: the server's change is then
  certainly the later one.
- Otherwise the queued change is sent and kept: either the server did not change (ours is the
  only change), or both changed between the same two syncs, where the order cannot be known and
  this device's change wins (as NetNewsWire and news-flash do).
- Several queued changes of one mark of one item: the latest (by date, then queue order) counts.
- Marks of items with nothing queued follow the server.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from newstui.sync.wire import IdSet

Mark = Literal["read", "starred"]
OVERLAP_US = 120 * 1_000_000
"""How far back (microseconds) the next sync lists items before the newest one already stored:
a server may commit items stored slightly earlier after a sync saw later ones (FreshRSS numbers
items when it inserts them and commits per feed). Listing ids is cheap and known ones are not
fetched again, so the margin is generous."""


@dataclass(frozen=True, slots=True)
class PendingChange:
    """A read or star change made on this device, queued until the server has it."""

    item_id: int
    mark: Mark
    value: bool
    at: float
    """When the user made it: seconds since the epoch, this device's clock."""
    key: Hashable = None
    """The queue's own handle for it (a row id), handed back in plans."""


@dataclass(frozen=True, slots=True)
class ItemState:
    read: bool
    starred: bool


@dataclass(frozen=True, slots=True)
class ServerState:
    """The server's unread and starred item ids as one sync saw them."""

    unread: IdSet
    starred: IdSet
    at: float
    """When that sync asked: seconds since the epoch, this device's clock."""

    def value(self, item_id: int, mark: Mark) -> bool | None:
        """The server's read or starred mark of an item; None when it is not known (an id set
        cut short at its cap that does not list the item)."""
        ids = self.unread if mark == "read" else self.starred
        if item_id in ids.ids:
            return mark == "starred"
        return None if not ids.complete else mark == "read"


@dataclass(frozen=True, slots=True)
class Edit:
    """One `edit-tag` to send: set `mark` to `value` on `item_ids`."""

    mark: Mark
    value: bool
    item_ids: tuple[int, ...]
    keys: tuple[Hashable, ...]
    """The queued changes it carries out: forget them once it was sent."""


@dataclass
class SyncPlan:
    states: dict[int, ItemState] = field(default_factory=dict)
    """Marks to store: only the local items whose stored marks differ from the plan's."""
    send: list[Edit] = field(default_factory=list)
    """At most four edits (read, unread, star, unstar), ids sorted."""
    forget: list[Hashable] = field(default_factory=list)
    """Queued changes settled without sending: the server already agrees, a later change in the
    queue replaced them, or the server's later change overruled them."""
    overruled: list[PendingChange] = field(default_factory=list)
    """Those overruled by the server's later change (worth a line in a log)."""


def plan(
    server: ServerState,
    previous: ServerState | None,
    local: Mapping[int, ItemState],
    pending: Sequence[PendingChange],
) -> SyncPlan:
    """The plan for one sync. `local`: the marks stored for items this device has, changes in
    `pending` included; `previous`: what the last completed sync saw (None before the first)."""
    result = SyncPlan()
    latest: dict[tuple[int, Mark], PendingChange] = {}
    for _, queued in sorted(enumerate(pending), key=lambda pair: (pair[1].at, pair[0])):
        key = (queued.item_id, queued.mark)
        if key in latest:
            result.forget.append(latest[key].key)
        latest[key] = queued
    decided: dict[tuple[int, Mark], bool] = {}
    sending: dict[tuple[Mark, bool], list[PendingChange]] = {}
    for key, change in latest.items():
        now = server.value(change.item_id, change.mark)
        if now == change.value:
            result.forget.append(change.key)
            decided[key] = change.value
            continue
        before = previous.value(change.item_id, change.mark) if previous is not None else None
        changed_there = before is not None and now is not None and before != now
        if changed_there and previous is not None and previous.at >= change.at:
            result.forget.append(change.key)
            result.overruled.append(change)
            if now is not None:
                decided[key] = now
            continue
        decided[key] = change.value
        sending.setdefault((change.mark, change.value), []).append(change)
    for (mark, value), changes in sorted(sending.items()):
        changes.sort(key=lambda c: c.item_id)
        result.send.append(
            Edit(mark, value, tuple(c.item_id for c in changes), tuple(c.key for c in changes))
        )
    # Once per local item (tens of thousands in a sync with nothing new): ServerState.value
    # inlined, and a state made only for the few that change.
    unread, unread_all = server.unread.ids, server.unread.complete
    starred_ids, starred_all = server.starred.ids, server.starred.complete
    for item_id, stored in local.items():
        read = decided.get((item_id, "read")) if decided else None
        if read is None:
            read = False if item_id in unread else (True if unread_all else stored.read)
        starred = decided.get((item_id, "starred")) if decided else None
        if starred is None:
            starred = True if item_id in starred_ids else (False if starred_all else stored.starred)
        if read != stored.read or starred != stored.starred:
            result.states[item_id] = ItemState(read, starred)
    return result


def after_sent(seen: ServerState, edits: Iterable[Edit]) -> ServerState:
    """`seen` as the server stands once `edits` were sent: what the next plan's `previous` must
    be, or the next sync would take our own edits for the server's later change."""
    unread, starred = set(seen.unread.ids), set(seen.starred.ids)
    for edit in edits:
        target = unread if edit.mark == "read" else starred
        present = (not edit.value) if edit.mark == "read" else edit.value
        if present:
            target.update(edit.item_ids)
        else:
            target.difference_update(edit.item_ids)
    return ServerState(
        IdSet(frozenset(unread), seen.unread.complete),
        IdSet(frozenset(starred), seen.starred.complete),
        seen.at,
    )


def next_since(since_us: int | None, crawled_us: Iterable[int]) -> int | None:
    """Where the next sync's item listing starts (`ot`): OVERLAP_US before the newest item the
    server stored that this sync fetched; unchanged when it fetched none. Server times only, so a
    wrong clock here cannot skip items."""
    newest = max((c for c in crawled_us if c > 0), default=None)
    if newest is None:
        return since_us
    candidate = newest - OVERLAP_US
    return candidate if since_us is None else max(since_us, candidate)
