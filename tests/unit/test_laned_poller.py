"""Tests what bounds the polling process's memory (poll_process): a burst of due sources is polled
at most `lanes` at a time, each once, however often `run` wakes meanwhile, and each is announced
when its lane starts it; a ticker that reads late holds finished polls back (the outbox)."""

from __future__ import annotations

import asyncio
import os
import threading
from datetime import UTC, datetime
from multiprocessing.connection import Connection

from newstui.feeds.poll_process import OUTBOX_MAX, LanedPoller, StoreWaiting, _Outbox
from newstui.feeds.poller import PollListener, PollOutcome, parse_in_process
from newstui.models import Source, SourceConfig
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from tests.feeds import Item, rss
from tests.server import FeedServer

SOURCES = 7
LANES = 2


class Lanes(PollListener):
    def __init__(self) -> None:
        self.under_way: set[int] = set()
        self.most = 0
        self.finished: list[int] = []
        self.done = asyncio.Event()

    def poll_started(self, source: Source) -> None:
        self.under_way.add(source.id)
        self.most = max(self.most, len(self.under_way))

    def poll_finished(self, outcome: PollOutcome) -> None:
        self.under_way.discard(outcome.source.id)
        self.finished.append(outcome.source.id)
        if len(self.finished) == SOURCES:
            self.done.set()


async def test_a_burst_is_polled_lanes_at_a_time_each_source_once(
    store: Store, feed_server: FeedServer
) -> None:
    now = datetime.now(UTC)
    urls = [
        feed_server.route(
            f"/f{i}", rss([Item(f"f{i}", f"http://127.0.0.1/f{i}", published=now)]), delay=0.05
        )
        for i in range(SOURCES)
    ]
    store.sync_sources([SourceConfig(u) for u in urls], 3600)
    listener = Lanes()
    async with Fetcher() as fetcher:
        # Parsed on the loop: the burst's worker processes are not what is tested here.
        poller = LanedPoller(store, fetcher, parse=parse_in_process, listener=listener, lanes=LANES)
        running = asyncio.create_task(poller.run())
        try:
            while not listener.finished:
                await asyncio.sleep(0.01)
            # `run` wakes and reads the sources again while most still wait for a lane: those
            # count as in flight, and are not started a second time.
            assert len(poller.in_flight) > LANES
            poller.reschedule()
            await asyncio.wait_for(listener.done.wait(), 30)
            await asyncio.sleep(0.2)  # time for a second poll of any source, were there one
        finally:
            running.cancel()
            await asyncio.gather(running, return_exceptions=True)
    assert listener.most == LANES
    assert sorted(listener.finished) == sorted(s.id for s in store.sources())
    assert [len(feed_server.requests_for(f"/f{i}")) for i in range(SOURCES)] == [1] * SOURCES
    assert poller.in_flight == set()
    assert store.counts().total == SOURCES


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
            assert ticker.recv() == big  # every event arrives, in order
    finally:
        outbox.close()
        ticker.close()
