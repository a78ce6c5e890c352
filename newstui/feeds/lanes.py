"""Provides a round's lanes: its sources host by host, and a split round's hosts as claimed."""

from __future__ import annotations

import asyncio
import mmap
import time
import zlib
from array import array
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.context import BaseContext

from newstui.feeds.poller import LANES_PER_CONNECTION, Poller
from newstui.models import Source
from newstui.net.headers import host_of

CLAIM_WAIT = 5.0
"""Seconds a process waits for the claim counter's lock (held for a few instructions by one
process at a time) before it takes no more hosts: only a process killed while holding it
could keep it, and the round must not hang on that (its hosts not yet claimed then go
unpolled, as a failed helper's share did when the split was fixed)."""


def hosts_in_order(sources: Sequence[Source]) -> list[list[Source]]:
    """The sources by host (each host's in their given order), largest hosts first; ties by a
    hash of the host name, not config order, so the order is stable but mixed."""
    return sorted(
        _by_host(sources),
        key=lambda host: (-len(host), zlib.crc32(host_of(host[0].fetch_url).encode())),
    )


def split_hosts(sources: Sequence[Source], parts: int) -> list[list[list[Source]]]:
    """`parts` groups of hosts (each host's sources) of about equal size in sources, empty
    ones dropped: the largest hosts first, each into the smallest group so far."""
    groups: list[list[list[Source]]] = [[] for _ in range(max(1, parts))]
    sizes = [0] * len(groups)
    for host in hosts_in_order(sources):
        smallest = sizes.index(min(sizes))
        groups[smallest].append(host)
        sizes[smallest] += len(host)
    return [g for g in groups if g]


RESERVED = 3
"""One host in this many of each process's group (the last, smallest ones) waits for its
process to be nearly out of work (Seat.held_back) before it is claimed, by that process or
another: the rest start at once."""


class HostShare:
    """A split round's hosts: each process claims its own group's (split_hosts') from the
    front; the last third of every group is held back, and a process claims from it only when
    its own polls under way run low (its own group's first, then from the back of the group
    with the most left, once that group's own process has started).

    Made before the processes fork (each holds the same groups; the claim counters are in
    shared memory). Split once by sources, the processes' shares were equal in feeds but not
    in time: a cold round starts every poll of its share at once (256 lanes a process), so all
    of a process's work sat in its own lanes, and in cold rounds of 500 feeds one process's
    loop ended idle up to 2.5 s (load 6) before the other's (benchmarks/RESULTS.md,
    coldcpu3). With the last hosts claimed as processes run low, the one that parses faster
    (or gets more of a core) takes more of them. Each host is polled by one process only, so
    the per-host connection limit still holds. A group's own process must have started
    before others take from it: a lead would otherwise take a small round's every host
    before its helper is up."""

    def __init__(
        self,
        groups: Sequence[Sequence[Sequence[Source]]],
        context: BaseContext,
        *,
        hold_back: bool = True,
    ) -> None:
        """`hold_back`: whether a group's last hosts wait for their process to run low (see
        likely_to_parse); without it every host is claimed at once, as the split did."""
        self._hold = hold_back
        self._groups = [[list(host) for host in group] for group in groups]
        self._cuts = [len(group) - len(group) // RESERVED for group in self._groups]
        # Per group: the next host from the front, and one past the last from the back, in
        # memory the forked processes share (an anonymous shared mapping), under a lock of
        # their own. Not multiprocessing's Array: it imports ctypes and its shared heap,
        # ~10 M instructions before a warm round's fork (benchmarks/RESULTS.md, warm4).
        ends = [end for group in self._groups for end in (0, len(group))]
        self._memory = mmap.mmap(-1, 8 * len(ends))
        self._ends = memoryview(self._memory).cast("q")
        self._ends[:] = array("q", ends)
        self._lock = context.Lock()

    def held_back(self, me: int) -> bool:
        """Whether process `me`'s next claim is of a held-back host (its own group's front
        is past the cut: only `me` moves it, so no lock is needed to ask)."""
        return self._hold and int(self._ends[2 * me]) >= self._cuts[me]

    def hosts(self, me: int) -> int:
        """How many hosts group `me` has."""
        return len(self._groups[me])

    def claim(self, me: int) -> deque[Source] | None:
        """Process `me`'s next host's sources (`me`: its group's index in the split), or None
        when none is left (or the lock could not be had)."""
        lock = self._lock
        if not lock.acquire(timeout=CLAIM_WAIT):
            return None
        try:
            ends = self._ends
            group, host = me, ends[2 * me]
            if host < ends[2 * me + 1]:
                ends[2 * me] = host + 1
            else:
                left = [
                    (ends[2 * g + 1] - ends[2 * g], g)
                    for g in range(len(self._groups))
                    if g != me and ends[2 * g] > 0
                ]
                most, group = max(left, default=(0, -1))
                if most <= 0:
                    return None
                host = ends[2 * group + 1] - 1
                ends[2 * group + 1] = host
        finally:
            lock.release()
        return deque(self._groups[group][host])


def likely_to_parse(sources: Sequence[Source]) -> bool:
    """Whether a round of `sources` will spend its time parsing, so that holding hosts back
    (HostShare) can balance it: half of them or more have no validators (never fetched, or
    their servers send neither ETag nor Last-Modified), so their polls answer 200 with a body.
    A round of sources with validators is mostly 304s (a warm round, a cron `fetch`): nothing
    to balance, and a held-back host only waited (IDLE) before it started, ~80 ms of a warm
    round of 500 whose whole wall is ~0.4 s (benchmarks/RESULTS.md, the lead's fourth quiet
    window)."""
    fresh = sum(1 for source in sources if not (source.etag or source.last_modified))
    return 2 * fresh >= len(sources)


@dataclass(frozen=True)
class Seat:
    """One process's place in a HostShare: what poll_lanes takes its hosts from."""

    share: HostShare
    index: int

    def held_back(self) -> bool:
        return self.share.held_back(self.index)

    def claim(self) -> deque[Source] | None:
        return self.share.claim(self.index)

    def hosts(self) -> int:
        """The hosts of this process's own group (it may claim others' too)."""
        return self.share.hosts(self.index)


LOW_WATER = 32
"""Polls claimed and not finished below which a process of a split round that is parsing
claims a held-back host (HostShare): ~0.3 s of parsing at ~10 ms a farm feed, time enough
for a new host's first bodies to arrive (20-40 ms on the benchmark's farm)."""

IDLE = 0.05
"""Seconds a held-back claim watches its process's loop before it looks again."""
BUSY = 0.5
"""The share of IDLE the loop must have spent parsing for a held-back host to wait: below it
the process is not short of a core but waiting on servers (slow ones, or the web's latency
rather than the farm's 20 ms), and it claims the host however many polls it has under way."""

_parsing = [0, 0.0]
"""parse_in_round's parses in this process and their seconds (note_parse): a round's lanes
hold hosts back only while its loop is kept busy parsing."""


def note_parse(seconds: float) -> None:
    """Counts a parse of a round's document in this process and the seconds it took
    (feeds.round.parse_in_round)."""
    _parsing[0] += 1
    _parsing[1] += seconds


async def poll_lanes(poller: Poller, sources: Sequence[Source] | Seat) -> None:
    """Polls every given source now (one Poller.round), keeping nothing: the poller's listener
    hears of each poll. At most the poller's `lanes` polls are under way at once (its lanes,
    as in its `run`: by default LANES_PER_CONNECTION for each connection the fetcher may hold,
    so that a host's second lanes, waiting for its slots, do not leave the other hosts'
    connections idle); each host's sources are polled one after another by at most
    LANES_PER_CONNECTION x the fetcher's per-host limit of lanes, host after host. A host's
    requests then follow each other on its kept-alive connections, at most `lanes` bodies wait
    to be parsed (a round started whole held thousands: most of a 5,000-source round's
    memory), and the fetcher keeps few hosts' connections open. With a Seat (a split round's) the
    hosts are those this process claims from its HostShare, each when a lane is free for it.
    With more hosts than the lanes serve at once, each host gets fewer of them (lanes_per_host)."""
    seat = sources if isinstance(sources, Seat) else None
    by_host = [] if isinstance(sources, Seat) else [deque(h) for h in _by_host(sources)]
    count = seat.hosts() if seat is not None else len(by_host)
    limits = poller.fetcher.limits
    kept = limits.max_hosts or limits.max_connections
    per_host, spare = lanes_per_host(poller.lanes, count, limits.max_per_host, kept)
    hosts = iter(by_host)
    free = poller.free_lanes  # a lane here holds one of them for a run of its host's sources
    left = 0  # this process's claimed polls not yet finished
    finished = 0
    parsed = _parsing[0]

    async def lane(queue: deque[Source]) -> None:
        nonlocal left, finished
        try:
            while queue:
                await poller.poll_source(queue.popleft())
                left -= 1
                finished += 1
        finally:
            free.release()

    async def next_host() -> deque[Source] | None:
        nonlocal left
        if seat is None:
            return next(hosts, None)
        # A warm round (polls end, nothing parsed) does not hold hosts back.
        while seat.held_back() and left >= LOW_WATER and not (finished and _parsing[0] == parsed):
            busy, start = _parsing[1], time.perf_counter()
            await asyncio.sleep(IDLE)
            if _parsing[1] - busy < BUSY * (time.perf_counter() - start):
                break  # its loop has room: its polls wait on servers, not on its core
        found = seat.claim()
        left += len(found) if found else 0
        return found

    async with poller.round(), asyncio.TaskGroup() as group:
        queue: deque[Source] = deque()
        room = 0  # lanes this host may still get
        while True:
            await free.acquire()
            while not (queue and room):  # the next host only once a lane is free for it
                found = await next_host()
                if found is None:
                    free.release()
                    return
                queue, room = found, min(per_host + (spare > 0), len(found))
                spare -= 1
            room -= 1
            group.create_task(lane(queue))


def lanes_per_host(lanes: int, hosts: int, max_per_host: int, max_hosts: int) -> tuple[int, int]:
    """How many of a round's `lanes` one host's sources take at most, and for how many hosts
    (the first claimed) one more, so that no lane is left over: LANES_PER_CONNECTION for
    each of the host's `max_per_host` connections when the lanes can give that to every one of
    this process's `hosts` at once (a round of 500 feeds over 50 hosts: 8 each, its hosts all
    polled together); else the lanes shared out over the hosts, but never so few that more
    hosts hold lanes than the fetcher keeps connections open for (`max_hosts`): a host's idle
    connection would be closed for another's, and opened again for its next request.

    What bounds a round's requests under way is the fetcher's overall limit (its lanes are
    twice that), not the hosts: with 250 hosts a process, 8 lanes each kept 32 hosts going on
    4 connections apiece, and a host's 10 feeds took 4 connects for 10 requests (2,000
    connects a round of 5,000 feeds, each a few hundred microseconds of both sides' CPU, the
    farm's accept and its handler beside ours); one lane each (`fetch` keeps a connection open
    for each of its lanes' hosts) keeps 250 hosts going on one connection apiece, the same
    requests under way, a connect a host (benchmarks/RESULTS.md, warm6)."""
    most = max(1, max_per_host) * LANES_PER_CONNECTION
    least = max(1, -(-lanes // max(1, max_hosts)))  # lanes / max_hosts, rounded up
    each = max(least, min(most, lanes // max(1, hosts)))
    return each, (max(0, lanes - each * hosts) if each < most else 0)


def _by_host(sources: Sequence[Source]) -> list[list[Source]]:
    """The sources by host, hosts in their first source's order."""
    by_host: dict[str, list[Source]] = {}
    for source in sources:
        by_host.setdefault(host_of(source.fetch_url), []).append(source)
    return list(by_host.values())
