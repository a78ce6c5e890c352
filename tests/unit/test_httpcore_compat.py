"""Tests the guard of newstui's touches of httpcore's private parts (newstui.net.httpcore_compat):
the names are where they were read, the fetcher's pools use the asyncio classes, those behave
as httpcore's, and the reason a shield may go (anyio's does not hold native cancellation)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from importlib.metadata import version

import anyio
import httpcore
import pytest

from newstui.net import httpcore_compat
from newstui.net.errors import describe
from tests.server import FeedServer


def test_the_installed_httpcore_is_the_checked_release() -> None:
    # Another release may move or change the touched names: read them again, then update it.
    assert version("httpcore") == httpcore_compat.CHECKED_WITH["httpcore"]


def test_the_touched_names_are_httpcores_own_until_installed(feed_server: FeedServer) -> None:
    # In a fresh interpreter: each touched global is httpcore's synchronisation class, and once
    # the fetcher has made a pool through a proxy (direct fetches go through net.lean, not
    # httpcore's pool) it is ours, with anyio's asyncio backend never loaded.
    url = feed_server.route("/f", b"<rss/>")
    code = (
        "import asyncio, sys\n"
        "import httpcore._synchronization as sync\n"
        "from httpcore._async import connection, connection_pool, http11\n"
        "from newstui.net import httpcore_compat as compat\n"
        "from newstui.net.fetch import Fetcher\n"
        "touched = [(connection_pool, 'AsyncEvent'),\n"
        "    (connection_pool, 'AsyncShieldCancellation'), (http11, 'AsyncLock'),\n"
        "    (http11, 'AsyncShieldCancellation'), (connection, 'AsyncLock')]\n"
        "for module, name in touched:\n"
        "    assert getattr(module, name) is getattr(sync, name), (module, name)\n"
        "async def main():\n"
        "    async with Fetcher() as f:\n"
        f"        assert (await f.fetch({url!r})).ok\n"
        f"        assert (await f.fetch({url!r})).ok\n"
        "    async with Fetcher(proxy='http://127.0.0.1:9') as f:\n"
        f"        f._get_client({url!r})\n"
        "asyncio.run(main())\n"
        "assert connection_pool.AsyncEvent is compat.AsyncioEvent\n"
        "assert http11.AsyncLock is connection.AsyncLock is compat.AsyncioLock\n"
        "assert http11.AsyncShieldCancellation is compat.NoShield\n"
        "assert 'anyio._backends._asyncio' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


async def test_an_anyio_shield_does_not_hold_native_cancellation() -> None:
    # Why NoShield changes nothing for newstui, which cancels only natively.
    entered = asyncio.Event()

    async def shielded() -> None:
        with anyio.CancelScope(shield=True):
            entered.set()
            await asyncio.Event().wait()  # never set: only a cancellation ends it

    task = asyncio.create_task(shielded())
    await entered.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_the_event_waits_until_set_and_times_out_as_a_pool_timeout() -> None:
    event = httpcore_compat.AsyncioEvent()
    with pytest.raises(httpcore.PoolTimeout) as raised:
        await event.wait(timeout=0)
    assert describe(raised.value) == "timed out (waiting for a free connection)"
    waiting = asyncio.create_task(event.wait(timeout=None))
    await asyncio.sleep(0)
    assert not waiting.done()
    event.set()
    await waiting
    await event.wait(timeout=0)  # set: returns at once


async def test_the_lock_lets_one_holder_in_at_a_time() -> None:
    lock = httpcore_compat.AsyncioLock()
    order: list[str] = []

    async def hold(name: str, until: asyncio.Event | None) -> None:
        async with lock:
            order.append(f"{name} in")
            if until is not None:
                await until.wait()
            order.append(f"{name} out")

    release = asyncio.Event()
    first = asyncio.create_task(hold("a", release))
    await asyncio.sleep(0)
    second = asyncio.create_task(hold("b", None))
    await asyncio.sleep(0)
    assert order == ["a in"]
    release.set()
    await asyncio.gather(first, second)
    assert order == ["a in", "a out", "b in", "b out"]
