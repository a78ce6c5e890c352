"""Provides NetThread: an event loop on a thread of its own for the ticker's HTTP and polling."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from newstui.net.fetch import Fetcher, FetchResult

T = TypeVar("T")

CLOSE_TIMEOUT = 10.0
"""Seconds `close` waits for what runs on the thread to end and the fetcher to close."""


class Fetches(Protocol):
    """What fetching feeds and pages asks of a fetcher: `Fetcher.fetch`'s signature (a Fetcher,
    or a ThreadFetcher that runs one on a NetThread)."""

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = ...,
        max_bytes: int | None = None,
    ) -> FetchResult: ...


class NetThread:
    """An asyncio loop on a daemon thread, with the one Fetcher used there.

    Why: on the interface's loop, a round of 500 polls queued ~2,000 HTTP callbacks between a
    key and its repaint (benchmarks/reload_keys.py; py-spy: fetching was 40 % of that loop's
    time in a cold round). On a loop of its own they interleave with the interface at the GIL's
    switch interval (5 ms) instead. Everything HTTP of the ticker runs here: the poller (`submit`)
    and, through `fetcher_proxy`, article pages and feed discovery, so the per-host connection
    limit is one limit.

    `fetcher` is made on the thread on first use (`make_fetcher`, default `Fetcher()`) and may
    only be used from coroutines running here."""

    def __init__(
        self, make_fetcher: Callable[[], Fetcher] | None = None, *, name: str = "newstui-net"
    ) -> None:
        self._make_fetcher = make_fetcher
        self._fetcher: Fetcher | None = None
        self._loop = asyncio.new_event_loop()
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        return self._loop

    @property
    def fetcher(self) -> Fetcher:
        """The thread's fetcher; only for coroutines running on the thread."""
        if self._fetcher is None:
            if self._make_fetcher is not None:
                self._fetcher = self._make_fetcher()
            else:
                from newstui.net.fetch import Fetcher

                self._fetcher = Fetcher()
        return self._fetcher

    @property
    def fetcher_proxy(self) -> ThreadFetcher:
        """The thread's fetcher for another loop's coroutines."""
        return ThreadFetcher(self)

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Runs `coro` on the thread; from any thread. Raises RuntimeError once closed."""
        if self._closed:
            coro.close()
            raise RuntimeError("the network thread is closed")
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    async def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Awaits `coro` run on the thread, from another loop; cancelling the awaiting task
        cancels `coro` there."""
        return await asyncio.wrap_future(self.submit(coro))

    def call(self, callback: Callable[[], object]) -> None:
        """Calls `callback` on the thread, soon; from any thread. Ignored once closed."""
        if not self._closed:
            self._loop.call_soon_threadsafe(callback)

    def close(self) -> None:
        """Cancels what runs on the thread, closes the fetcher, ends the thread. Blocks (call it
        in a thread from a loop); a second call does nothing."""
        if self._closed:
            return
        done = asyncio.run_coroutine_threadsafe(self._wind_down(), self._loop)
        self._closed = True
        try:
            done.result(CLOSE_TIMEOUT)
        except (concurrent.futures.TimeoutError, concurrent.futures.CancelledError):
            pass  # the loop is stopped anyway: a daemon thread, it ends with the process
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(CLOSE_TIMEOUT)
            if not self._thread.is_alive():
                self._loop.close()

    async def _wind_down(self) -> None:
        me = asyncio.current_task()
        tasks = [task for task in asyncio.all_tasks() if task is not me]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._fetcher is not None:
            await self._fetcher.aclose()


class ThreadFetcher:
    """A NetThread's fetcher as another loop sees it: `fetch` runs there and is awaited here."""

    def __init__(self, net: NetThread) -> None:
        self.net = net

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """Fetcher.fetch on the thread (`accept` None: its default). Never raises (but
        CancelledError, and RuntimeError once the thread is closed)."""
        return await self.net.run(self._fetch(url, etag, last_modified, accept, max_bytes))

    async def _fetch(
        self,
        url: str,
        etag: str | None,
        last_modified: str | None,
        accept: str | None,
        max_bytes: int | None,
    ) -> FetchResult:
        fetcher = self.net.fetcher
        if accept is None:
            return await fetcher.fetch(
                url, etag=etag, last_modified=last_modified, max_bytes=max_bytes
            )
        return await fetcher.fetch(
            url, etag=etag, last_modified=last_modified, accept=accept, max_bytes=max_bytes
        )
