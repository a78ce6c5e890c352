"""Tests a split round's share of hosts (feeds.lanes.HostShare): every host claimed once, by one
process, a group's last hosts held back and taken by whichever process runs low first, real
processes (fork) on one shared counter, and a split round's lanes (a Seat) polling what they
claim."""

from __future__ import annotations

import multiprocessing
import sys
from collections import Counter
from dataclasses import replace
from typing import Any

import pytest

from newstui.feeds import lanes
from newstui.feeds.lanes import HostShare, Seat, poll_lanes, split_hosts
from newstui.feeds.poller import Poller, PollListener, PollOutcome
from newstui.feeds.round import parse_in_round, split_by_host
from newstui.models import Source, SourceConfig
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from tests.feeds import Item, rss
from tests.server import FeedServer

FORK = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
needs_fork = pytest.mark.skipif(FORK is None, reason="a round's share is for forked processes")


def source(n: int, host: str) -> Source:
    return Source(id=n, url=f"http://{host}/f{n}", name=None, feed_title=None, refresh=300.0)


def farm(hosts: int, per_host: int) -> list[Source]:
    return [
        source(h * per_host + i, f"h{h}.example") for h in range(hosts) for i in range(per_host)
    ]


def ids(hosts: object) -> list[int]:
    return [s.id for s in hosts]  # type: ignore[attr-defined]


def test_split_hosts_is_split_by_host_by_host() -> None:
    sources = farm(7, 3) + [source(100 + n, "big.example") for n in range(8)]
    split = split_hosts(sources, 2)
    assert [[s for h in g for s in h] for g in split] == split_by_host(sources, 2)
    assert all(len({s.url.split("/")[2] for s in host}) == 1 for g in split for host in g)
    assert ids(split[0][0]) == list(range(100, 108))  # the largest host first


@needs_fork
def test_each_process_claims_its_own_group_first_then_what_is_left_elsewhere() -> None:
    assert FORK is not None
    split = split_hosts(farm(12, 2), 2)
    share = HostShare(split, FORK)
    assert [len(g) for g in split] == [6, 6]
    # The helper (1) has not started: the lead takes only its own hosts, then nothing.
    mine = []
    while not share.held_back(0):
        mine.append(share.claim(0))
    assert [ids(h) for h in mine] == [ids(h) for h in split[0][:4]]  # 6 - 6 // 3 at once
    mine += [share.claim(0), share.claim(0)]  # held back, still its own
    assert [ids(h) for h in mine] == [ids(h) for h in split[0]]
    assert share.claim(0) is None  # group 1's process has not started: nothing taken from it
    first = share.claim(1)
    assert first is not None and ids(first) == ids(split[1][0])
    taken = share.claim(0)  # now the lead takes the helper's last host, from the back
    assert taken is not None and ids(taken) == ids(split[1][-1])
    rest = [share.claim(1) for _ in range(4)]
    assert [ids(h) for h in rest if h] == [ids(h) for h in split[1][1:5]]
    assert share.claim(1) is None and share.claim(0) is None


def _claim_all(share: HostShare, me: int, out: Any) -> None:
    while (host := share.claim(me)) is not None:
        out.put(ids(host))
    out.put([])


@needs_fork
def test_processes_claim_every_host_exactly_once() -> None:
    assert FORK is not None
    sources = farm(40, 3)
    share = HostShare(split_hosts(sources, 2), FORK)
    out = FORK.Queue()
    share.claim(0)  # both processes have started (stealing needs that), then race
    share.claim(1)
    helper = FORK.Process(target=_claim_all, args=(share, 1, out))
    helper.start()
    _claim_all(share, 0, out)
    claimed, ends = [], 0
    while ends < 2:
        host = out.get(timeout=30)
        ends += not host
        claimed += host
    helper.join(30)
    assert helper.exitcode == 0
    counts = Counter(claimed)
    # Every host but the two claimed first, each by one process and once.
    assert len(counts) == len(sources) - 6 and set(counts.values()) == {1}


class Ids(PollListener):
    def __init__(self) -> None:
        self.polled: list[int] = []

    def poll_finished(self, outcome: PollOutcome) -> None:
        self.polled.append(outcome.source.id)


@needs_fork
async def test_a_seats_lanes_poll_every_host_of_its_share(
    store: Store, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One process alone in a share of two (its partner never starts): it polls its own
    group's every source, the held-back host once its other polls are done (LOW_WATER 1;
    BUSY 0, so that its loop counts as busy however little these small feeds take to parse),
    and takes nothing of the other group."""
    assert FORK is not None
    configs = []
    for n in range(12):
        host = "127.0.0.1" if n % 2 else "localhost"
        feed_server.route(f"/f{n}", rss([Item(f"s{n}", f"https://e.com/{n}")]))
        configs.append(SourceConfig(f"http://{host}:{feed_server.port}/f{n}"))
    sources = store.sync_sources(configs, 300)
    one, other = split_hosts(sources, 2)
    # Three runs of sources in group 0 (a host's in two), so that its last is held back.
    group = [one[0][:3], one[0][3:], other[0]]
    share = HostShare([group, [[source(99, "never.example")]]], FORK)
    monkeypatch.setattr(lanes, "LOW_WATER", 1)
    monkeypatch.setattr(lanes, "BUSY", 0.0)  # no claim for a loop with room (the next test's)
    seen = Ids()
    before = lanes._parsing[0]
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, parse=parse_in_round, listener=seen)
        await poll_lanes(poller, Seat(share, 0))
    assert sorted(seen.polled) == sorted(s.id for s in sources)
    # The held-back host last: claimed once the others were polled.
    assert set(seen.polled[-6:]) == {s.id for s in other[0]}
    assert lanes._parsing[0] >= before + 12  # the round's parses counted


@needs_fork
async def test_a_held_back_host_is_claimed_while_the_polls_under_way_wait_on_a_server(
    store: Store, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Held back while the process parses, not while it waits: with every poll under way
    stuck on a slow server (2 s), its loop parses nothing in IDLE (0.05 s), so the held-back
    host is claimed and polled before they end."""
    assert FORK is not None
    configs = []
    for n in range(4):
        host = "localhost" if n < 3 else "127.0.0.1"
        delay = 2.0 if n < 3 else 0.0
        feed_server.route(f"/f{n}", rss([Item(f"s{n}", f"https://e.com/{n}")]), delay=delay)
        configs.append(SourceConfig(f"http://{host}:{feed_server.port}/f{n}"))
    sources = store.sync_sources(configs, 300)
    slow, fast = sources[:3], sources[3:]
    share = HostShare([[slow[:1], slow[1:], fast], [[source(99, "never.example")]]], FORK)
    monkeypatch.setattr(lanes, "LOW_WATER", 1)
    seen = Ids()
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, parse=parse_in_round, listener=seen)
        await poll_lanes(poller, Seat(share, 0))
    assert seen.polled[0] == fast[0].id and sorted(seen.polled) == sorted(s.id for s in sources)


def test_a_round_of_sources_with_validators_is_not_likely_to_parse() -> None:
    fresh = farm(4, 5)
    known = [replace(s, etag=f'"e{s.id}"') for s in fresh]
    dated = [replace(s, last_modified="Mon, 30 Nov 2026 10:00:00 GMT") for s in fresh]
    assert lanes.likely_to_parse(fresh)  # a first round: every poll a body to parse
    assert not lanes.likely_to_parse(known)  # a warm round: 304s
    assert not lanes.likely_to_parse(dated)
    assert lanes.likely_to_parse(known[:10] + fresh[10:])  # half new: parsing still rules


@needs_fork
def test_a_share_that_holds_nothing_back_claims_every_host_at_once() -> None:
    assert FORK is not None
    split = split_hosts(farm(12, 2), 2)
    held = HostShare(split, FORK)
    free = HostShare(split, FORK, hold_back=False)
    assert not held.held_back(0) and not free.held_back(0)
    claimed = []
    while not held.held_back(0):
        claimed.append(held.claim(0))
    assert 0 < len(claimed) < len(split[0])  # the last third waits for its process
    everything = []
    while (found := free.claim(0)) is not None and len(everything) < len(split[0]):
        assert not free.held_back(0)  # never waits: each claim is taken at once
        everything.append(found)
    assert len(everything) == len(split[0])
