"""Tests polling and its schedule against a real server and a real DB: intervals with jitter,
<ttl>, exponential backoff, permanent redirects, 'poll now', and no storm after a restart."""

from __future__ import annotations

import asyncio
import random
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.feeds import poller as poller_module
from newstui.feeds.poller import RESTART_SPREAD, STATE_BATCH, Poller, PollListener, PollOutcome
from newstui.models import Source, SourceConfig
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from tests.feeds import Item, rss
from tests.server import FeedServer
from tests.waiting import until

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def items(n: int, prefix: str = "s") -> list[Item]:
    return [
        Item(
            f"{prefix} story {i}",
            f"http://127.0.0.1/{prefix}/{i}",
            guid=f"{prefix}{i}",
            published=NOW - timedelta(minutes=i + 1),
        )
        for i in range(n)
    ]


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def one_source(store: Store, url: str, refresh: float = 300) -> Source:
    (source,) = store.sync_sources([SourceConfig(url, refresh=refresh)], 300)
    return source


async def test_success_schedules_the_next_poll_with_jitter(
    store: Store, feed_server: FeedServer
) -> None:
    url = feed_server.route("/f", rss(items(3)))
    clock = Clock()
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, jitter=0.1, clock=clock, rng=random.Random(1))
        outcome = await poller.poll_source(one_source(store, url, refresh=600))
    assert outcome.source.last_status == "ok" and len(outcome.new) == 3
    wait = (outcome.source.next_poll - NOW).total_seconds()  # type: ignore[operator]
    assert 540 <= wait <= 660 and wait != 600
    assert store.sources()[0].next_poll == outcome.source.next_poll


async def test_feed_ttl_is_never_undercut(store: Store, feed_server: FeedServer) -> None:
    url = feed_server.route("/f", rss(items(2), ttl=60))  # 60 minutes
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, jitter=0, clock=Clock())
        outcome = await poller.poll_source(one_source(store, url, refresh=120))
    assert outcome.source.ttl == 3600
    assert outcome.source.next_poll == NOW + timedelta(hours=1)


async def test_failures_back_off_exponentially_then_recover(
    store: Store, feed_server: FeedServer
) -> None:
    url = feed_server.route("/f", "down", status=500)
    clock = Clock()
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, jitter=0, clock=clock)
        source = one_source(store, url, refresh=60)
        waits = []
        for _ in range(4):
            outcome = await poller.poll_source(source)
            source = outcome.source
            waits.append((source.next_poll - clock.now).total_seconds())  # type: ignore[operator]
            clock.now = source.next_poll  # type: ignore[assignment]
        assert waits == [60, 120, 240, 480]
        assert source.failures == 4 and source.last_error == "HTTP 500 Internal Server Error"
        feed_server.route("/f", rss(items(1)))
        outcome = await poller.poll_source(source)
    assert outcome.source.failures == 0 and outcome.source.last_error is None
    assert (outcome.source.next_poll - clock.now).total_seconds() == 60  # type: ignore[operator]


async def test_permanent_redirect_is_remembered(store: Store, feed_server: FeedServer) -> None:
    new = feed_server.route("/new", rss(items(2)))
    old = feed_server.route("/old", "", status=301, headers={"Location": new})
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, jitter=0, clock=Clock())
        outcome = await poller.poll_source(one_source(store, old))
        assert outcome.source.moved_to == new
        (stored,) = store.sources()
        assert stored.fetch_url == new and stored.url == old
        await poller.poll_source(stored)
    assert len(feed_server.requests_for("/old")) == 1
    assert len(feed_server.requests_for("/new")) == 2


async def test_malformed_feed_keeps_entries_and_says_why(
    store: Store, feed_server: FeedServer
) -> None:
    body = rss(items(3)).replace(b"s story 1", b"s story 1 & friends")  # a bare '&'
    url = feed_server.route("/f", body)
    async with Fetcher() as fetcher:
        outcome = await Poller(store, fetcher, clock=Clock()).poll_source(one_source(store, url))
    assert outcome.source.last_status == "ok"
    assert outcome.source.last_error and "malformed" in outcome.source.last_error
    assert {h.title for h in outcome.new} >= {"s story 0", "s story 2"}


async def test_html_page_names_the_feed_it_links_to(store: Store, feed_server: FeedServer) -> None:
    page = (
        "<html><head><link rel='alternate' type='application/rss+xml' href='/real.xml'>"
        "</head><body>Welcome</body></html>"
    )
    url = feed_server.route("/home", page, headers={"Content-Type": "text/html"})
    async with Fetcher() as fetcher:
        outcome = await Poller(store, fetcher, clock=Clock()).poll_source(one_source(store, url))
    assert outcome.source.last_status == "error"
    assert outcome.source.last_error is not None
    assert "HTML page" in outcome.source.last_error
    assert feed_server.url("/real.xml") in outcome.source.last_error


async def test_restart_does_not_repoll_everything_at_once(
    store: Store, feed_server: FeedServer
) -> None:
    urls = [feed_server.route(f"/f{i}", rss(items(1, f"f{i}"))) for i in range(12)]
    sources = store.sync_sources([SourceConfig(u) for u in urls], 300)
    clock = Clock()
    # half were polled a minute ago (due later), half are long overdue (the app was closed)
    for i, source in enumerate(sources):
        due = NOW + timedelta(minutes=4) if i % 2 else NOW - timedelta(hours=3)
        store.save_states([replace(source, last_status="ok", next_poll=due)])
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, clock=clock, rng=random.Random(7))
        task = asyncio.create_task(poller.run())

        def spread() -> bool:  # every overdue source's next poll moved into the next seconds
            return all(s.next_poll > NOW for i, s in enumerate(store.sources()) if i % 2 == 0)  # type: ignore[operator]

        await until(spread)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    polled = sum(len(feed_server.requests_for(f"/f{i}")) for i in range(12))
    assert polled <= 1  # the overdue six were spread out over the next seconds, not fired at once
    overdue = [s for i, s in enumerate(store.sources()) if i % 2 == 0]
    dues = sorted((s.next_poll - NOW).total_seconds() for s in overdue)  # type: ignore[operator]
    assert all(0 <= d <= RESTART_SPREAD for d in dues)
    assert len(set(dues)) == len(dues)
    assert all(
        s.next_poll == NOW + timedelta(minutes=4) for i, s in enumerate(store.sources()) if i % 2
    )


async def test_run_polls_when_due_and_on_demand(store: Store, feed_server: FeedServer) -> None:
    url = feed_server.route("/f", rss(items(2)))
    source = one_source(store, url, refresh=3600)
    store.save_states(
        [replace(source, last_status="ok", next_poll=datetime.now(UTC) + timedelta(hours=1))]
    )
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, jitter=0)
        task = asyncio.create_task(poller.run())
        await asyncio.sleep(0.3)
        assert feed_server.requests_for("/f") == []  # not due for an hour
        poller.poll_now()
        await until(lambda: store.counts().total == 2)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert len(feed_server.requests_for("/f")) == 1
    assert store.counts().total == 2


async def test_big_feeds_are_parsed_off_the_event_loop() -> None:
    from newstui.feeds.poll_parse import INLINE_PARSE_MAX, parse_in_process
    from newstui.net import process_pool as workers

    workers.shutdown_pool()
    small = rss(items(5))
    parsed = await parse_in_process(small, "http://127.0.0.1/f", {})
    assert len(parsed.entries) == 5 and workers._pool is None  # inline: no worker started
    many = [
        Item(f"Big story {i} " + "x" * 200, f"http://127.0.0.1/b/{i}", guid=f"b{i}")
        for i in range(1500)
    ]
    big = rss(many)
    assert len(big) > INLINE_PARSE_MAX
    parsed = await parse_in_process(big, "http://127.0.0.1/f", {})
    assert len(parsed.entries) == 1500 and workers._pool is not None
    workers.shutdown_pool()


async def test_a_round_writes_every_unchanged_state_in_batches(
    store: Store, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert STATE_BATCH > 8
    monkeypatch.setattr(poller_module, "STATE_BATCH", 8)  # a round of hundreds takes seconds
    count = 8 + 6  # one full batch and a remainder written at the end
    urls = [
        feed_server.route(f"/u{n}", rss(items(1, f"u{n}")), etag=f'"{n}"') for n in range(count)
    ]
    sources = store.sync_sources([SourceConfig(u) for u in urls], 300)
    clock = Clock()
    written: list[int] = []  # as each poll of the second round ends, the states written

    class Written(PollListener):
        def poll_finished(self, outcome: PollOutcome) -> None:
            written.append(sum(s.last_fetch == clock.now for s in store.sources()))

    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, clock=clock)
        await poller.poll_all(sources)
        clock.now = NOW + timedelta(hours=1)
        poller.listener = Written()
        outcomes = await poller.poll_all(store.sources())
    assert [o.source.last_status for o in outcomes] == ["unchanged"] * count
    assert sorted(set(written)) == [0, 8]  # the remainder after the last poll's end
    stored = store.sources()
    assert all(s.last_fetch == clock.now and s.last_status == "unchanged" for s in stored)
    assert all(s.next_poll is not None and s.next_poll > clock.now for s in stored)


class ProblemListener(PollListener):
    def __init__(self) -> None:
        self.problems: list[str] = []

    def store_failed(self, message: str) -> None:
        self.problems.append(message)


async def test_a_round_whose_unchanged_states_cannot_be_written_says_so(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    store = Store(tmp_path / "news.db", busy_timeout=0.2)
    url = feed_server.route("/f", rss(items(2)), etag='"v"')
    sources = store.sync_sources([SourceConfig(url)], 300)
    listener = ProblemListener()
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, listener=listener)
        await poller.poll_all(sources)
        blocker = sqlite3.connect(tmp_path / "news.db", isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock throughout
        try:
            (outcome,) = await poller.poll_all(store.sources())
        finally:
            blocker.rollback()
            blocker.close()
    assert outcome.source.last_status == "unchanged"
    assert len(listener.problems) == 1 and "another newstui process" in listener.problems[0]
    assert len(store.headlines()) == 2  # nothing stored was lost
