"""Tests NetThread, the ticker's HTTP loop on a thread of its own (a real server on 127.0.0.1):
coroutines run on that thread, its fetcher's conditional GETs work through the proxy from
another loop, cancelling here cancels there, and closing ends the thread and refuses more work."""

from __future__ import annotations

import asyncio
import threading

import pytest

from newstui.net.net_thread import NetThread
from tests.server import FeedServer


@pytest.fixture
def net() -> NetThread:
    thread = NetThread(name="test-net")
    yield thread  # type: ignore[misc]
    thread.close()


async def test_a_coroutine_runs_on_the_thread_and_its_result_comes_back(net: NetThread) -> None:
    async def where() -> str:
        await asyncio.sleep(0)
        return threading.current_thread().name

    assert await net.run(where()) == "test-net"
    assert threading.current_thread().name != "test-net"


async def test_the_proxy_fetches_on_the_thread_conditionally(
    net: NetThread, feed_server: FeedServer
) -> None:
    url = feed_server.route("/feed.xml", b"<rss/>", etag='"v1"')
    fetcher = net.fetcher_proxy
    first = await fetcher.fetch(url)
    assert first.ok and first.body == b"<rss/>" and first.etag == '"v1"'
    again = await fetcher.fetch(url, etag=first.etag, accept="application/rss+xml")
    assert again.not_modified
    sent = feed_server.requests_for("/feed.xml")[-1].headers
    assert sent.get("if-none-match") == '"v1"' and sent.get("accept") == "application/rss+xml"


async def test_cancelling_the_awaiting_task_cancels_the_coroutine_there(net: NetThread) -> None:
    started, ended = threading.Event(), threading.Event()

    async def forever() -> None:
        started.set()
        try:
            await asyncio.sleep(3600)
        finally:
            ended.set()

    task = asyncio.create_task(net.run(forever()))
    # Running there (cancelled before the network thread started it, it would never run, and
    # `ended` would say nothing of how a cancel reaches a running coroutine).
    assert await asyncio.to_thread(started.wait, 30)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await asyncio.to_thread(ended.wait, 5)


def test_close_cancels_what_runs_and_ends_the_thread() -> None:
    net = NetThread(name="test-net-close")
    ended = threading.Event()
    called: list[int] = []

    async def forever() -> None:
        try:
            await asyncio.sleep(3600)
        finally:
            ended.set()

    running = net.submit(forever())
    net.close()
    assert ended.is_set() and running.cancelled()
    assert not any(t.name == "test-net-close" for t in threading.enumerate())
    with pytest.raises(RuntimeError):
        net.submit(forever())
    net.call(lambda: called.append(1))  # ignored, not an error
    net.close()  # a second close does nothing
    assert called == []
