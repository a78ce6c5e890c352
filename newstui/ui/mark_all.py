"""Provides MarkAllRead: mark read what the list shows, asking first above a threshold, undoable."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from newstui.storage.store import Store
from newstui.ui.store_writes import StoreWrites
from newstui.ui.views import View

ASK_ABOVE = 20
"""Mark-all asks before marking more headlines than this: about a screenful (a 24-row terminal
shows 20 rows of list), so that what it changes beyond what the reader can see is confirmed."""
EVERY = 1 << 40
"""A limit above any number of stored headlines (the store takes a count)."""


@dataclass(frozen=True)
class Marked:
    """One mark-all: the headlines it marked read (only those that were unread) and the view
    they were marked in, described for the notices."""

    ids: tuple[int, ...]
    where: str


class MarkAllRead:
    """Marks read exactly the unread headlines of a view (its kind and every filter: source, tag,
    search, starred), as one write on the app's write thread, and keeps each mark-all of the
    session so that `undo` can mark its headlines unread again, newest first."""

    def __init__(self, store: Store, writes: StoreWrites) -> None:
        self.store = store
        self.writes = writes
        self.done: list[Marked] = []

    async def unread_in(self, view: View) -> Marked:
        """The unread headlines `view` shows (every one, not only those loaded), read off the
        event loop (tens of thousands of rows take a while). Raises StoreError."""
        query = replace(view.query(), unread_only=True)
        found = await asyncio.to_thread(self.store.headlines, query, limit=EVERY)
        return Marked(tuple(h.id for h in found), view.describe())

    async def mark(self, marked: Marked) -> int:
        """Marks `marked` read and remembers it for `undo`; returns how many. Raises StoreError."""
        store, ids = self.store, marked.ids
        await self.writes.run(lambda: store.set_read(ids, True))
        self.done.append(marked)
        return len(ids)

    async def undo(self) -> Marked | None:
        """Marks the headlines of the last mark-all unread again; None when there is none.
        Raises StoreError (the mark-all stays undoable)."""
        if not self.done:
            return None
        marked = self.done[-1]
        store, ids = self.store, marked.ids
        await self.writes.run(lambda: store.set_read(ids, False))
        self.done.pop()
        return marked
