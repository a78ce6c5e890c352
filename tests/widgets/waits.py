"""Provides the bounded waits of the Pilot tests: for a condition, and for the app's writes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.pilot import Pilot

from newstui.ui.app import NewsApp


async def settle(pilot: Pilot[None], until: Callable[[], object], timeout: float = 30.0) -> None:
    """Waits (bounded) until a condition on the app holds; the app works asynchronously. The
    bound is generous: a full article fetched and extracted in a worker process took over 10 s
    on a loaded machine (two xdist workers beside other jobs); a condition that holds returns
    at once, and only one that never holds costs the whole bound."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not until():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.05)


async def written(pilot: Pilot[None], app: NewsApp) -> None:
    """Waits until the writes the app was asked for are stored and reported (they run on the
    app's write thread, off the event loop, so a key press returns before they land)."""
    await app.writes.flushed()
    await app.workers.wait_for_complete(
        [worker for worker in app.workers if worker.group == "store-writes"]
    )
    await pilot.pause()
