"""Provides refresh_marks: read marks another process changed (a `mark-read` from a shell or
cron, a second ticker on the same database), shown on the headlines the list holds and on the
open article, as a mark of the ticker's own would be."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import replace

from newstui.models import Headline, HeadlineQuery
from newstui.storage.store import Store, StoreError
from newstui.ui.store_writes import StoreWrites

TRIES = 3
"""Reads at most, each after the ticker's own pending marks: a mark pressed while the marks
were read is read again with it (after that the next look of OtherWrites tries again)."""


async def refresh_marks(
    store: Store,
    writes: StoreWrites,
    held: Callable[[], Sequence[Headline]],
    show: Callable[[Headline], None],
) -> int:
    """Reads the stored read and starred marks of the headlines `held()` returns (the list's
    rows and the open article) on a thread and calls `show` with each whose marks differ;
    how many. A headline the reader changed meanwhile (its object is no longer the one
    held) is left as the reader made it. The ticker's own marks are stored first."""
    for _ in range(TRIES):
        await writes.flushed()
        before = {h.id: h for h in held()}
        if not before:
            return 0
        query = HeadlineQuery().limited_to(before)
        try:
            stored = await asyncio.to_thread(store.headlines, query, limit=len(before))
        except StoreError:
            return 0  # said where the list and the poller read the store
        if writes.pending:
            continue  # a mark pressed meanwhile: read again once it is stored
        now = {h.id: h for h in held()}
        changed = 0
        for mark in stored:
            shown = now.get(mark.id)
            if shown is None or shown is not before[mark.id]:
                continue  # gone from the list, or changed here since the read
            if (shown.read, shown.starred) != (mark.read, mark.starred):
                show(replace(shown, read=mark.read, starred=mark.starred))
                changed += 1
        return changed
    return 0
