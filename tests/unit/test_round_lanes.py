"""Tests a round's lanes (feeds.lanes.poll_lanes, in the Poller's lanes) and a poller that only
counts what it stores: a real server reached under two host names, a real store."""

from __future__ import annotations

import sys
from collections import Counter

from newstui.alerts.watchlist import Watchlist
from newstui.feeds.lanes import lanes_per_host, poll_lanes
from newstui.feeds.poller import (
    LANES_PER_CONNECTION,
    Poller,
    PollListener,
    PollOutcome,
    parse_in_process,
)
from newstui.feeds.round import PollSummary, parse_in_round, processes_for
from newstui.models import AlertRule, Source, SourceConfig
from newstui.net.fetch import Fetcher, FetchLimits
from newstui.storage.store import Store
from tests.feeds import Item, rss
from tests.server import FeedServer


class Gauge(PollListener):
    """How many polls were under way at most, overall and per host; each poll's outcome."""

    def __init__(self) -> None:
        self.now: Counter[str] = Counter()
        self.most: Counter[str] = Counter()
        self.outcomes: list[PollOutcome] = []

    def poll_started(self, source: Source) -> None:
        for key in ("all", source.url.split("/")[2].split(":")[0]):
            self.now[key] += 1
            self.most[key] = max(self.most[key], self.now[key])

    def poll_finished(self, outcome: PollOutcome) -> None:
        for key in ("all", outcome.source.url.split("/")[2].split(":")[0]):
            self.now[key] -= 1
        self.outcomes.append(outcome)


def serve(feed_server: FeedServer, count: int, items: int = 2) -> list[SourceConfig]:
    configs = []
    for n in range(count):
        host = "127.0.0.1" if n % 2 else "localhost"
        entries = [Item(f"story {n}.{i} quake", f"https://e.com/{n}/{i}") for i in range(items)]
        feed_server.route(f"/f{n}", rss(entries), delay=0.02)
        configs.append(SourceConfig(f"http://{host}:{feed_server.port}/f{n}"))
    return configs


async def test_lanes_bound_the_polls_under_way_overall_and_per_host(
    store: Store, feed_server: FeedServer
) -> None:
    """Each bound where it is reached however the machine schedules the polls: a round's first
    lanes start together, before any poll can end (the first host's two, then the second's
    first when three lanes are free; both hosts' two when four are)."""
    sources = store.sync_sources(serve(feed_server, 20), 300)
    for lanes, second in [(3, 1), (4, LANES_PER_CONNECTION)]:
        gauge = Gauge()
        async with Fetcher(FetchLimits(max_connections=16, max_per_host=1)) as fetcher:
            poller = Poller(store, fetcher, parse=parse_in_process, listener=gauge, lanes=lanes)
            await poll_lanes(poller, sources)
        assert sorted(o.source.id for o in gauge.outcomes) == sorted(s.id for s in sources)
        assert gauge.most["all"] == lanes  # both hosts at once, never more than the lanes
        # Two lanes a connection: one parses and stores while the other fetches. A host's
        # second lane with three lanes waits for the first host's to end (and may or may not
        # find the first lane still busy: at most two, at least one).
        assert gauge.most["localhost"] == LANES_PER_CONNECTION
        assert second <= gauge.most["127.0.0.1"] <= LANES_PER_CONNECTION
    assert len(feed_server.requests) == 40 and len(store.headlines(limit=1000)) == 40


async def test_a_counting_poller_stores_everything_and_reads_nothing_back(
    store: Store, feed_server: FeedServer
) -> None:
    sources = store.sync_sources(serve(feed_server, 4, items=3), 300)
    gauge = Gauge()
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, parse=parse_in_round, listener=gauge, headlines=False)
        await poll_lanes(poller, sources)
        again = Gauge()
        poller.listener = again
        await poll_lanes(poller, store.sources())
    assert [(o.new, o.stored) for o in gauge.outcomes] == [([], 3)] * 4
    assert [PollSummary.of(o).new for o in gauge.outcomes] == [3] * 4
    assert [o.new_count for o in again.outcomes] == [0] * 4  # nothing new the second time
    assert len(store.headlines(limit=1000)) == 12


async def test_alerts_keep_the_headlines_of_a_poller_asked_to_count(
    store: Store, feed_server: FeedServer
) -> None:
    sources = store.sync_sources(serve(feed_server, 1, items=2), 300)
    gauge = Gauge()
    watch = Watchlist([AlertRule(match=("quake",))])
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, listener=gauge, watchlist=watch, headlines=False)
        await poll_lanes(poller, sources)
    (outcome,) = gauge.outcomes
    assert len(outcome.new) == 2 and outcome.stored is None and outcome.new_count == 2


def test_a_round_on_one_host_stays_in_one_process() -> None:
    def source(n: int, url: str) -> Source:
        return Source(id=n, url=url, name=None, feed_title=None, refresh=300.0)

    one_host = [source(n, f"https://a.example/{n}") for n in range(100)]
    two_hosts = [*one_host, source(100, "https://b.example/x")]
    assert processes_for(one_host, 2) == 1  # so `fetch` parses in the workers, on every core
    assert processes_for(two_hosts, 2) == (2 if sys.platform.startswith("linux") else 1)
    assert processes_for([], 2) == 0


async def test_lanes_are_shared_out_over_more_hosts_than_they_serve_whole(
    store: Store, feed_server: FeedServer
) -> None:
    """Four lanes over two hosts of four connections each: two lanes a host, both hosts polled
    from the start, rather than the first host's eight-lane share taking all four (and its
    four connections) while the second waits."""
    sources = store.sync_sources(serve(feed_server, 20), 300)
    gauge = Gauge()
    async with Fetcher(FetchLimits(max_connections=2, max_per_host=4)) as fetcher:
        poller = Poller(store, fetcher, parse=parse_in_process, listener=gauge)
        assert poller.lanes == 4
        await poll_lanes(poller, sources)
    assert len(gauge.outcomes) == 20
    assert gauge.most == {"all": 4, "localhost": 2, "127.0.0.1": 2}


def test_lanes_per_host() -> None:
    assert lanes_per_host(256, 25, 4, 128) == (8, 0)  # 500 feeds over 50 hosts, a process's
    assert lanes_per_host(256, 250, 4, 256) == (1, 6)  # 5,000 over 500 in `fetch`: a pool a lane
    assert lanes_per_host(256, 250, 4, 128) == (2, 0)  # pools for half the lanes' hosts
    assert lanes_per_host(256, 50, 4, 128) == (5, 6)
    assert lanes_per_host(256, 1, 4, 128) == (8, 0)
    assert lanes_per_host(3, 2, 1, 16) == (1, 1)
    assert lanes_per_host(4, 10, 1, 2) == (LANES_PER_CONNECTION, 0)


async def test_a_lane_a_host_keeps_one_connection_for_the_round(
    store: Store, feed_server: FeedServer
) -> None:
    """Two lanes over two hosts, the fetcher keeping both hosts' connections: a lane each, and
    each host's ten polls on one kept-alive connection (not two hosts in turn on two lanes,
    nor a host's connection closed for the other's)."""
    sources = store.sync_sources(serve(feed_server, 20), 300)
    gauge = Gauge()
    async with Fetcher(FetchLimits(max_connections=1, max_per_host=4, max_hosts=2)) as fetcher:
        poller = Poller(store, fetcher, parse=parse_in_process, listener=gauge)
        assert poller.lanes == 2
        await poll_lanes(poller, sources)
    assert len(gauge.outcomes) == 20
    assert gauge.most == {"all": 2, "localhost": 1, "127.0.0.1": 1}
    ports: dict[str, set[int]] = {}
    for request in feed_server.requests:
        ports.setdefault(request.headers["host"].split(":")[0], set()).add(request.client_port)
    assert {host: len(used) for host, used in ports.items()} == {"localhost": 1, "127.0.0.1": 1}
