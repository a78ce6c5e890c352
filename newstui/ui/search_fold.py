"""Provides SearchFold: the ticker folds the headlines queued for the search vocabulary while it is
otherwise idle, so that a search finds them folded."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from contextlib import suppress

from textual.dom import DOMNode

from newstui.storage.store import Store, StoreError

QUIET = 1.0
"""Seconds without an arrival before the fold goes on: a poll round stores its headlines first.
Folding as each batch arrived cost the ticker 1.8 s of CPU in a cold round of 500 feeds
(3.94-4.01 s against 2.12-2.38 s) and 10-20 MB (RESULTS.md, the lead's fourth quiet window)."""
RECHECK = 0.25
"""Seconds between looks at the polls in flight while the fold waits for them to end."""


class SearchFold:
    """Folds what `fts_pending` holds (Store.fold_search_terms: ~0.1 ms a headline, on the
    writer's thread) one job of FOLD_ROWS headlines at a time, each only once no headline has
    arrived for QUIET seconds and no poll is in flight, so that keys, arrivals and writes go
    first. Headlines stored by another process (a `fetch` from cron, the ticker's poll child, an
    earlier run) wait there: until they are folded a search reads FTS5's prefix merge (at
    500,000 stored, "storm" 116-132 ms in tmux with 20,000 queued, 44-64 ms folded).

    `start` after the first paint and after a round; `arrived` at each batch of headlines (the
    fold waits for the round); `now` at `/` (no waiting; joins a fold running, never a second).
    One fold at a time, run as a worker of `node`."""

    def __init__(self, store: Store, node: DOMNode, busy: Callable[[], bool]) -> None:
        """`busy`: a poll is in flight (its headlines about to be stored)."""
        self.store = store
        self.node = node
        self.busy = busy
        self._quiet_from = 0.0
        self._hurry = False
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def running(self) -> bool:
        return not self._idle.is_set()

    def start(self) -> None:
        """Folds what is queued, once the ticker is idle (one read when nothing is)."""
        if not self.running:
            self._idle.clear()
            self.node.run_worker(self._run(), group="search-fold", exit_on_error=False)

    def arrived(self) -> None:
        """Headlines arrived: a fold waits QUIET seconds more (started if none runs)."""
        self._quiet_from = time.monotonic() + QUIET
        self.start()

    async def now(self) -> None:
        """Folds what is queued without waiting for the polls (`/`: a search is being typed),
        and returns once none is (or the store failed: searches are only slower)."""
        self._hurry = True
        self._wake.set()
        self.start()
        await self._idle.wait()

    async def _run(self) -> None:
        try:
            while True:
                if not self._hurry:
                    wait = self._quiet_from - time.monotonic()
                    if wait <= 0 and self.busy():
                        wait = RECHECK
                    if wait > 0:
                        await self._pause(wait)
                        continue
                # One job, then the loop: keys, arrivals and other writes go between two.
                if not await asyncio.to_thread(self.store.fold_search_terms, 1):
                    return
        except StoreError:
            return  # the store's own reads say so where the reader looks
        finally:
            self._hurry = False
            self._idle.set()

    async def _pause(self, seconds: float) -> None:
        self._wake.clear()
        with suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)
