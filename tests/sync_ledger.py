"""Provides an in-memory SyncLedger for tests of a sync against the real FreshRSS, until the store
keeps synced items itself: plain dicts, every call recorded."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from newstui.sync.engine import Edit, ItemState, Mark, PendingChange, ServerState
from newstui.sync.wire import Subscription, SyncedItem


@dataclass
class MemoryLedger:
    subscriptions: list[Subscription] = field(default_factory=list)
    items: dict[int, SyncedItem] = field(default_factory=dict)
    marks: dict[int, ItemState] = field(default_factory=dict)
    queue: dict[int, PendingChange] = field(default_factory=dict)
    cursor: int | None = None
    last_seen: ServerState | None = None
    calls: list[str] = field(default_factory=list)
    _next_key: int = 0

    # --- what the user does ---

    def change(self, item_id: int, mark: Mark, value: bool, at: float) -> None:
        """The user marks an item here: stored at once and queued for the server."""
        self._next_key += 1
        self.queue[self._next_key] = PendingChange(item_id, mark, value, at, self._next_key)
        old = self.marks[item_id]
        self.marks[item_id] = (
            ItemState(value, old.starred) if mark == "read" else ItemState(old.read, value)
        )

    # --- SyncLedger ---

    def since_us(self) -> int | None:
        return self.cursor

    def seen(self) -> ServerState | None:
        return self.last_seen

    async def save_subscriptions(self, subscriptions: Sequence[Subscription]) -> None:
        self.calls.append("save_subscriptions")
        self.subscriptions = list(subscriptions)

    def known(self, item_ids: Iterable[int]) -> Mapping[int, int]:
        return {i: self.items[i].crawled_us for i in item_ids if i in self.items}

    async def save_items(self, items: Sequence[SyncedItem], since_us: int | None) -> None:
        self.calls.append(f"save_items {len(items)}")
        for item in items:
            self.items[item.item_id] = item
            self.marks[item.item_id] = ItemState(item.read, item.starred)
        self.cursor = since_us

    def local_states(self, server_marked: frozenset[int]) -> Mapping[int, ItemState]:
        # Only what the contract asks for, as a store would query it: the plan must do with it.
        return {
            i: m for i, m in self.marks.items() if not m.read or m.starred or i in server_marked
        }

    def pending(self) -> Sequence[PendingChange]:
        return sorted(self.queue.values(), key=lambda c: c.at)

    async def apply(self, states: Mapping[int, ItemState], forget: Sequence[Hashable]) -> None:
        self.calls.append("apply")
        self.marks.update(states)
        for key in forget:
            self.queue.pop(key, None)  # type: ignore[call-overload]

    async def sent(self, edit: Edit, seen: ServerState) -> None:
        self.calls.append(f"sent {edit.mark}={edit.value}")
        for key in edit.keys:
            self.queue.pop(key, None)  # type: ignore[call-overload]
        self.last_seen = seen

    async def save_seen(self, seen: ServerState) -> None:
        self.last_seen = seen
