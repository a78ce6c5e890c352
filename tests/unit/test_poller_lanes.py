"""Tests the Poller's lanes, which bound the memory of every poller that runs (the ticker's
polling process, sync mode's poller on the network thread, `fetch`): a burst of due sources is
polled at most `lanes` at a time, each once, however often `run` wakes meanwhile, and each is
announced when its lane starts it; a finished poll keeps its lane through the throttle, and a
ticker that reads late holds finished polls back (the outbox)."""

from __future__ import annotations

import asyncio
import os
import threading
from datetime import UTC, datetime
from multiprocessing.connection import Connection

from newstui.feeds.poll_process import OUTBOX_MAX, StoreWaiting, _Outbox
from newstui.feeds.poller import (
    LANES_PER_CONNECTION,
    Poller,
    PollListener,
    PollOutcome,
    parse_in_process,
)
from newstui.models import Source, SourceConfig
from newstui.net.fetch import Fetcher, FetchLimits
from newstui.storage.store import Store
from tests.feeds import Item, rss
from tests.server import FeedServer

SOURCES = 7


class Lanes(PollListener):
    """Polls under way (announced, not finished), at most; what started and finished, in
    order. `on_first_finish` is called inside the first poll's end, while the others run or
    wait for their lanes."""

    def __init__(self) -> None:
        self.under_way: set[int] = set()
        self.most = 0
        self.started: list[int] = []
        self.finished: list[int] = []
        self.done = asyncio.Event()
        self.on_first_finish = lambda: None

    def poll_started(self, source: Source) -> None:
        self.started.append(source.id)
        self.under_way.add(source.id)
        self.most = max(self.most, len(self.under_way))

    def poll_finished(self, outcome: PollOutcome) -> None:
        self.under_way.discard(outcome.source.id)
        self.finished.append(outcome.source.id)
        if len(self.finished) == 1:
            self.on_first_finish()
        if len(self.finished) == SOURCES:
            self.done.set()


def due_sources(store: Store, feed_server: FeedServer) -> None:
    now = datetime.now(UTC)
    urls = [
        feed_server.route(
            f"/f{i}", rss([Item(f"f{i}", f"http://127.0.0.1/f{i}", published=now)]), delay=0.02
        )
        for i in range(SOURCES)
    ]
    store.sync_sources([SourceConfig(u) for u in urls], 3600)


async def test_a_burst_is_polled_lanes_at_a_time_each_source_once(
    store: Store, feed_server: FeedServer
) -> None:
    """The Poller as the polling process and sync mode make it: lanes by default, from the
    fetcher's connections (one here: LANES_PER_CONNECTION lanes)."""
    due_sources(store, feed_server)
    listener = Lanes()
    async with Fetcher(FetchLimits(max_connections=1)) as fetcher:
        # Parsed on the loop: the burst's worker processes are not what is tested here.
        poller = Poller(store, fetcher, parse=parse_in_process, listener=listener)
        waiting: list[int] = []

        def wake_run() -> None:
            # `run` wakes and reads the sources again while most wait for a lane: those count
            # as in flight, and are not started a second time.
            waiting.append(len(poller.in_flight))
            poller.reschedule()

        listener.on_first_finish = wake_run
        running = asyncio.create_task(poller.run())
        try:
            await asyncio.wait_for(listener.done.wait(), 60)
        finally:
            running.cancel()
            await asyncio.gather(running, return_exceptions=True)
    assert poller.lanes == LANES_PER_CONNECTION
    assert listener.most == LANES_PER_CONNECTION
    assert waiting == [SOURCES]  # the one finishing, the one running, five waiting
    # A second poll of any source would have taken the lane freed by the 6th poll's end, and
    # been announced before the 7th ended.
    assert sorted(listener.started) == sorted(listener.finished)
    assert sorted(listener.finished) == sorted(s.id for s in store.sources())
    assert [len(feed_server.requests_for(f"/f{i}")) for i in range(SOURCES)] == [1] * SOURCES
    assert poller.in_flight == set()
    assert store.counts().total == SOURCES


async def test_a_finished_poll_keeps_its_lane_until_the_throttle_lets_it_go(
    store: Store, feed_server: FeedServer
) -> None:
    """The polling process's throttle (the outbox's room): while it holds a finished poll, no
    other starts in that lane, and the poll still counts as in flight."""
    due_sources(store, feed_server)
    listener = Lanes()
    seen: list[tuple[int, int, bool]] = []

    async def throttle() -> None:
        for _ in range(20):  # turns of the loop in which a freed lane would start the next poll
            await asyncio.sleep(0)
        finished = listener.finished[-1]
        seen.append((len(listener.started), len(listener.finished), finished in poller.in_flight))

    async with Fetcher() as fetcher:
        poller = Poller(
            store, fetcher, parse=parse_in_process, listener=listener, lanes=1, throttle=throttle
        )
        outcomes = await poller.poll_all(store.sources())
    assert len(outcomes) == SOURCES and listener.most == 1
    assert seen == [(n, n, True) for n in range(1, SOURCES + 1)]


def test_the_outbox_holds_its_polls_back_while_the_ticker_reads_late() -> None:
    events_read, events_write = os.pipe()
    ticker = Connection(events_read, writable=False)
    outbox = _Outbox(Connection(events_write, readable=False))
    try:
        big = StoreWaiting("x" * 100_000)  # more than a pipe holds: the first send waits
        for _ in range(OUTBOX_MAX):
            outbox.put(big)
        assert outbox.full
        waiting = threading.Thread(target=outbox.room, daemon=True)
        waiting.start()
        waiting.join(0.2)
        assert waiting.is_alive()  # a finished poll keeps its lane while nobody reads
        ticker.recv()
        ticker.recv()
        waiting.join(30)
        assert not waiting.is_alive()
        assert not outbox.full
        for _ in range(OUTBOX_MAX - 2):
            assert ticker.recv().text == big.text  # every event arrives, in order
    finally:
        outbox.close()
        ticker.close()
