"""Provides StoreWrites: the interface's database writes, off the event loop, in order."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from textual.dom import DOMNode
from textual.message import Message

from newstui.storage.store import StoreError
from newstui.ui.messages import WriteFailed

T = TypeVar("T")


class StoreWrites:
    """Runs every write the interface starts (marks, theme, sources, retention) on one thread of
    its own, in the order they were asked for, so that a write waiting for another process's
    lock (up to the store's busy timeout) never freezes the screen, and two quick toggles of
    the same mark land in the order pressed.

    A write that fails with StoreError is reported, never raised into the event loop."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newstui-write")
        self._pending = 0

    @property
    def pending(self) -> int:
        """Writes asked for and not finished yet."""
        return self._pending

    def _start(self, write: Callable[[], T]) -> asyncio.Future[T]:
        # Queued now, not when a worker first runs: the order of the calls is the order of
        # the writes, and `pending` counts a write from the moment it is asked for.
        self._pending += 1
        future = asyncio.get_running_loop().run_in_executor(self._thread, write)
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _future: asyncio.Future[Any]) -> None:
        self._pending -= 1

    async def run(self, write: Callable[[], T]) -> T:
        """Runs `write` on the write thread after those asked for before; its result, or its
        StoreError, comes back here."""
        return await self._start(write)

    async def flushed(self) -> None:
        """Returns once every write asked for so far has finished (a read after it sees them)."""
        if self._pending:
            await asyncio.get_running_loop().run_in_executor(self._thread, _nothing)

    def submit(
        self,
        node: DOMNode,
        write: Callable[[], T],
        done: Callable[[T], Message | None] = lambda _result: None,
        failed: Callable[[str], Message] = WriteFailed,
    ) -> None:
        """Queues `write` at once and posts to `node`, from a worker of its own, what `done` makes
        of the result, or what `failed` makes of the StoreError's message."""
        future = self._start(write)

        async def report() -> None:
            try:
                result = await future
            except StoreError as exc:
                node.post_message(failed(str(exc)))
                return
            message = done(result)
            if message is not None:
                node.post_message(message)

        node.run_worker(report(), group="store-writes")

    def close(self) -> None:
        """Waits for the writes asked for (each bounded by the busy timeout), then ends the
        thread. Blocking: call it off the event loop."""
        self._thread.shutdown(wait=True)


def _nothing() -> None:
    return None
