"""Tests what the poller does to keep the event loop free under load (a real server, a real DB):
a burst's feeds are parsed in worker processes and a lone poll's on the loop; `run` reads the
sources when asked or due, not at every poll's end; a poll due sooner than `run`'s next wake
still wakes it."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.feeds import poller as poller_module
from newstui.feeds.poller import Poller
from newstui.models import SourceConfig
from newstui.net import process_pool as workers
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from tests.feeds import Item, rss
from tests.server import FeedServer
from tests.waiting import until


def stories(prefix: str, n: int = 2) -> bytes:
    now = datetime.now(UTC)
    return rss(
        [
            Item(
                f"{prefix} {i}",
                f"http://127.0.0.1/{prefix}/{i}",
                guid=f"{prefix}{i}",
                published=now,
            )
            for i in range(n)
        ]
    )


async def test_a_lone_poll_parses_on_the_loop_and_a_burst_in_workers(
    store: Store, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    where: list[str] = []
    inline, in_worker = poller_module.parse_in_process, poller_module.parse_in_worker

    async def traced_inline(body: bytes, url: str, headers: object) -> object:
        where.append("loop")
        return await inline(body, url, headers)  # type: ignore[arg-type]

    async def traced_worker(body: bytes, url: str, headers: object) -> object:
        where.append("worker")
        return await in_worker(body, url, headers)  # type: ignore[arg-type]

    monkeypatch.setattr(poller_module, "parse_in_process", traced_inline)
    monkeypatch.setattr(poller_module, "parse_in_worker", traced_worker)
    urls = [feed_server.route(f"/f{i}", stories(f"f{i}")) for i in range(6)]
    sources = store.sync_sources([SourceConfig(u) for u in urls], 300)
    workers.shutdown_pool()
    try:
        async with Fetcher() as fetcher:
            poller = Poller(store, fetcher)
            alone = await poller.poll_source(sources[0])
            assert where == ["loop"] and len(alone.new) == 2
            where.clear()
            burst = await asyncio.gather(*(poller.poll_source(s) for s in sources[1:]))
        assert all(len(outcome.new) == 2 for outcome in burst)
        assert where.count("worker") >= 4  # the last one may find itself alone
    finally:
        workers.shutdown_pool()


async def test_worker_parse_gives_what_the_loop_parse_gives() -> None:
    body = stories("same", 5)
    try:
        inline = await poller_module.parse_in_process(body, "http://127.0.0.1/f", {})
        worker = await poller_module.parse_in_worker(body, "http://127.0.0.1/f", {})
    finally:
        workers.shutdown_pool()
    assert worker == inline


class CountedStore(Store):
    """The real store, counting its reads of every source."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.source_reads = 0

    def sources(self, *, active_only: bool = True) -> list:  # type: ignore[type-arg]
        self.source_reads += 1
        return super().sources(active_only=active_only)


async def test_run_reads_the_sources_once_for_a_round_not_once_a_poll(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    store = CountedStore(tmp_path / "news.db")
    urls = [feed_server.route(f"/f{i}", stories(f"f{i}", 1)) for i in range(20)]
    store.sync_sources([SourceConfig(u) for u in urls], 300)
    reads_before = store.source_reads
    try:
        async with Fetcher() as fetcher:
            poller = Poller(store, fetcher, jitter=0)
            task = asyncio.create_task(poller.run())
            await until(lambda: store.counts().total == 20 and not poller.in_flight)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        assert store.counts().total == 20
        # One read at the start, one to spread overdue sources: not one per finished poll.
        assert store.source_reads - reads_before <= 3
    finally:
        workers.shutdown_pool()
        store.close()


async def test_a_poll_due_before_the_next_wake_still_wakes_run(
    store: Store, feed_server: FeedServer
) -> None:
    quick = feed_server.route("/quick", stories("quick", 1))
    later = feed_server.route("/later", stories("later", 1))
    quick_source, later_source = store.sync_sources(
        [SourceConfig(quick, refresh=0.5), SourceConfig(later)], 300
    )
    # While /quick is in flight, run sleeps until /later is due, in a minute; /quick's next
    # poll, half a second after it ends, must wake it sooner.
    now = datetime.now(UTC)
    store.save_states(
        [
            replace(later_source, last_status="ok", next_poll=now + timedelta(minutes=1)),
            replace(quick_source, last_status="ok", next_poll=now),
        ]
    )
    async with Fetcher() as fetcher:
        task = asyncio.create_task(Poller(store, fetcher, jitter=0).run())
        await until(lambda: len(feed_server.requests_for("/quick")) >= 3)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert len(feed_server.requests_for("/quick")) >= 3
    assert feed_server.requests_for("/later") == []
