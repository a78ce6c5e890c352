"""Provides a poll round over many sources at once, split over processes on multi-core Linux.

A round (`newstui fetch`) is CPU-bound in its processes: HTTP handling (about a millisecond per
source), state writes and, for fresh feeds, parsing them (parse_in_round, in the process that
fetched them). On two cores a second process halves that (see benchmarks/RESULTS.md). Sources are
split by host, so each host's requests stay in one process and its politeness limit still holds;
every process writes to the same WAL database in short per-source transactions. Within a process
the sources are polled in lanes (poll_lanes), host by host.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from newstui.feeds.lanes import (
    HostShare,
    Seat,
    likely_to_parse,
    note_parse,
    poll_lanes,
    split_hosts,
)
from newstui.feeds.poller import (
    Poller,
    PollListener,
    PollOutcome,
    parse_in_worker,
)
from newstui.models import ParsedFeed, Source, SourceStatus
from newstui.net.headers import host_of
from newstui.net.process_pool import shutdown_pool
from newstui.storage.store import Store, StoreError
from newstui.storage.turns import CHECKPOINT_PAGES, WriteTurns

SPLIT_MIN = 64
"""Sources below which a round stays in one process: a second one would cost more to start
than it saves."""

SWITCH_INTERVAL = 0.0005
"""Seconds a thread that wants the GIL waits before the one holding it must let go, while a
round is split over processes (Python's default is 0.005): there each process's loop parses
without pause, and its writer thread gives up the GIL for every SQLite statement and must win
it back from the loop each time, holding the write lock the round's other process waits for.
A 50-row insert beside a busy thread took 11.5 ms at 5 ms and 3.9 ms at 0.5 ms
(benchmarks/RESULTS.md, coldwall2)."""

PARSE_NICE = 5
"""How much lower a round's loop thread (its HTTP and parsing) runs than the process's writer
thread (os.setpriority on the thread), with `writes_first`: the round's writes are one queue
through one write lock, and a writer that lost its core to its own loop held the lock, with
the other process waiting, for longer than its writing took; in a cold round of 500 feeds the
writers waited for each other 35-47 % of the round and both loops ended idle while they
drained (benchmarks/RESULTS.md, coldwall2). On Linux's scheduler 5 gives the writer about
three times the loop's share of a contended core."""

_HELPER_FAILED = "a fetch helper process failed"
_INTERRUPTED = 130
"""A helper's exit status when Ctrl-C stopped it (the shell's 128 + SIGINT)."""

PollerFactory = Callable[[Store, PollListener], Poller]
"""Makes a process's poller (and its fetcher) inside that process: nothing that holds sockets,
threads or a loop may cross a fork."""


@dataclass(frozen=True)
class PollSummary:
    """One source's poll as the round reports it, small enough to send between processes."""

    source_id: int
    name: str
    status: SourceStatus
    new: int
    error: str | None

    @property
    def failed(self) -> bool:
        return self.status.failing

    @classmethod
    def of(cls, outcome: PollOutcome) -> PollSummary:
        s = outcome.source
        return cls(s.id, s.display_name, s.last_status, outcome.new_count, s.last_error)


@dataclass
class RoundResult:
    summaries: list[PollSummary]
    problems: list[str]
    """What went wrong beside the polls themselves: a write the database refused, a helper
    process that failed (its sources' polls may then be missing from `summaries`)."""


def default_jobs(source_count: int) -> int:
    """Processes for a round: two on multi-core Linux for a large round, else one."""
    if source_count < SPLIT_MIN or not _helpers_possible():
        return 1
    return min(2, os.cpu_count() or 1)


def _helpers_possible() -> bool:
    """fork is what makes a helper cheap: it starts with everything already imported (safe here:
    it happens before any thread, loop or socket exists). Only Linux has a fork to trust with
    that; elsewhere (macOS frameworks, Windows) a round stays in one process."""
    return sys.platform.startswith("linux")


def processes_for(sources: Sequence[Source], jobs: int) -> int:
    """How many processes poll_round will use for `sources` with `jobs`: as many groups as
    split_hosts makes, one a host up to `jobs` (counted, not split: the round splits them)."""
    if not _helpers_possible() or not sources:
        return min(1, len(sources))
    return min(max(1, jobs), len({host_of(s.fetch_url) for s in sources}))


def split_by_host(sources: Sequence[Source], parts: int) -> list[list[Source]]:
    """`parts` groups of about equal size (empty ones dropped); all of a host's sources in one
    group. Largest hosts are placed first, each in the smallest group so far (how many
    processes a round takes; within a split round the hosts are then claimed as the processes
    go, HostShare)."""
    return [[s for host in group for s in host] for group in split_hosts(sources, parts)]


def poll_round(
    db_path: Path,
    sources: Sequence[Source],
    make_poller: PollerFactory,
    on_summary: Callable[[PollSummary], None],
    jobs: int = 1,
    writes_first: bool = False,
) -> RoundResult:
    """Polls every source now, in `jobs` processes. The caller must hold no open Store on
    `db_path` (an SQLite connection must not cross a fork). `on_summary` is called in this
    process for every poll, the helpers' included, as each ends. `writes_first` (for a process
    that ends with the round, as `fetch`): when split, each process's loop thread runs
    PARSE_NICE below its writer from then on (a thread's priority cannot be raised back)."""
    if not _helpers_possible():
        jobs = 1
    context = multiprocessing.get_context("fork")
    split = split_hosts(sources, jobs)
    groups: list[Sequence[Source] | Seat] = [[s for host in hosts for s in host] for hosts in split]
    if len(split) > 1:  # each process claims its hosts as it has lanes free for them
        share = HostShare(split, context, hold_back=likely_to_parse(sources))
        groups = [Seat(share, index) for index in range(len(split))]
    helpers: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    # The round's processes take turns at the write lock (storage.turns: no sleeping retries,
    # no "another process is writing" said of a sibling).
    turns = WriteTurns.create() if len(groups) > 1 else None
    switch = sys.getswitchinterval()
    if len(groups) > 1:
        sys.setswitchinterval(SWITCH_INTERVAL)  # before the forks: the helpers keep it
    for group in groups[1:]:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_helper,
            args=(db_path, group, make_poller, sender, turns, writes_first),
            name="newstui-fetch",
        )
        process.start()
        sender.close()
        helpers.append((process, receiver))
    result = RoundResult([], [])

    def report(summary: PollSummary) -> None:
        result.summaries.append(summary)
        on_summary(summary)

    interrupted = False
    try:
        store = _round_store(db_path, turns, writes_first)
        try:
            group = groups[0] if groups else []
            asyncio.run(_lead(store, group, make_poller, helpers, report, result))
        finally:
            store.close()
    finally:
        for helper, receiver in helpers:
            receiver.close()
            helper.join()
            if helper.exitcode == _INTERRUPTED:
                interrupted = True  # Ctrl-C reached the process group: not a failure
                continue
            said = any(p.startswith(_HELPER_FAILED) for p in result.problems)
            if helper.exitcode != 0 and not said:
                code = helper.exitcode
                result.problems.append(f"{_HELPER_FAILED} (exit status {code})")
        if turns is not None:
            turns.remove()
        sys.setswitchinterval(switch)
    if interrupted:
        # The lead may have ended its own share before the signal reached it (or had its
        # cancellation absorbed by a poll): the round was cut all the same, so Ctrl-C's 130.
        raise KeyboardInterrupt
    return result


class _Reporter(PollListener):
    def __init__(
        self, report: Callable[[PollSummary], None], problem: Callable[[str], None]
    ) -> None:
        self.report = report
        self.problem = problem

    def poll_finished(self, outcome: PollOutcome) -> None:
        self.report(PollSummary.of(outcome))

    def store_failed(self, message: str) -> None:
        self.problem(message)


async def _lead(
    store: Store,
    group: Sequence[Source] | Seat,
    make_poller: PollerFactory,
    helpers: list[tuple[multiprocessing.process.BaseProcess, Connection]],
    report: Callable[[PollSummary], None],
    result: RoundResult,
) -> None:
    """This process's share of the round, while it relays what the helpers send."""
    loop = asyncio.get_running_loop()
    finished: list[asyncio.Future[None]] = []
    for _, receiver in helpers:
        done: asyncio.Future[None] = loop.create_future()
        finished.append(done)
        loop.add_reader(receiver.fileno(), _relay, loop, receiver, done, report, result)
    try:
        reporter = _Reporter(report, result.problems.append)
        await _poll_group(make_poller(store, reporter), group)
        await asyncio.gather(*finished)
    finally:
        for _, receiver in helpers:
            loop.remove_reader(receiver.fileno())


def _relay(
    loop: asyncio.AbstractEventLoop,
    receiver: Connection,
    done: asyncio.Future[None],
    report: Callable[[PollSummary], None],
    result: RoundResult,
) -> None:
    try:
        while receiver.poll():
            message = receiver.recv()
            if isinstance(message, list):
                for summary in message:
                    report(summary)
            else:
                result.problems.append(str(message))
    except (EOFError, OSError):  # the helper is done (or gone)
        loop.remove_reader(receiver.fileno())
        if not done.done():
            done.set_result(None)


async def _poll_group(poller: Poller, group: Sequence[Source] | Seat) -> None:
    try:
        await poll_lanes(poller, group)
    finally:
        await poller.fetcher.aclose()


ROUND_INLINE_MAX = 2 * 1024 * 1024
"""Bytes up to which `parse_in_round` parses on the loop's own thread, feedparser's path
included (~65 ms per 100 KiB at worst); bigger ones go to a worker process: a loop blocked
much longer could let other fetches' timers (20 s between reads) fire before their data is
read."""


async def parse_in_round(body: bytes, url: str, headers: Mapping[str, str]) -> ParsedFeed:
    """The parse of a round split over processes (`newstui fetch` and its helper): in the process
    that fetched, on the loop's thread, blocking it. Nobody waits for keys here, and each process
    of the round has a core of its own: parse workers beside them only shared the same cores, at
    the price of pickling every body there and every parsed feed back (~0.7 s of CPU for 25,000
    headlines, 67 MB of pickles) and three more processes per round process (a forkserver and
    two workers, ~40 MB each: most of a round's memory). A document over ROUND_INLINE_MAX
    still goes to a worker. A round in one process (one host, a few sources) parses in the
    workers instead, or it would use one core."""
    start = time.perf_counter()
    try:
        if len(body) > ROUND_INLINE_MAX:
            return await parse_in_worker(body, url, headers)
        from newstui.feeds.parse import parse_feed

        return parse_feed(body, url=url, headers=dict(headers))
    finally:
        note_parse(time.perf_counter() - start)


def _round_store(db_path: Path, turns: WriteTurns | None, writes_first: bool) -> Store:
    """One process's store for its share of a split round (the lead's and each helper's alike):
    taking `turns` at the write lock when split, and, with `writes_first`, this thread then
    running below the store's writer."""
    store = Store(db_path)
    if turns is not None:
        store.take_turns(turns, CHECKPOINT_PAGES)
        if writes_first:
            _writes_first(store)
    return store


def _writes_first(store: Store) -> None:
    """Starts the store's writer at this thread's priority, then lowers this thread's by
    PARSE_NICE (Linux: setpriority on a thread id is that thread's alone)."""
    store.start_writing()
    thread = threading.get_native_id()
    with contextlib.suppress(OSError):
        os.setpriority(
            os.PRIO_PROCESS, thread, os.getpriority(os.PRIO_PROCESS, thread) + PARSE_NICE
        )


BATCH_DELAY = 0.01
"""Seconds a helper holds a finished poll's summary for others to go with it to the lead: a
pickle and a pipe write for each of them were ~5 % of a warm round's CPU in both processes
(py-spy, 500 and 5,000 sources all answering 304; benchmarks/RESULTS.md, warm4), and the lead
uses them only for its progress line (a terminal's) and the table at the end."""


class _Batches:
    """A helper's messages to the lead: poll summaries in lists, sent BATCH_DELAY after the
    first of them (or before anything else is sent: a problem's line, the end)."""

    def __init__(self, send: Callable[[list[PollSummary] | str], None]) -> None:
        self._send = send
        self._pending: list[PollSummary] = []
        self._timer: asyncio.TimerHandle | None = None

    def __call__(self, message: PollSummary | str) -> None:
        if isinstance(message, str):
            self.flush()
            self._send(message)
            return
        self._pending.append(message)
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(BATCH_DELAY, self.flush)

    def flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._pending:
            batch, self._pending = self._pending, []
            self._send(batch)


def _helper(
    db_path: Path,
    group: Sequence[Source] | Seat,
    make_poller: PollerFactory,
    sender: Connection,
    turns: WriteTurns | None,
    writes_first: bool,
) -> None:
    """A helper process's whole life: its own store, loop and fetcher; summaries to the lead."""

    def send(message: list[PollSummary] | str) -> None:
        try:
            sender.send(message)
        except OSError:  # the lead is gone (killed): a helper must not go on alone
            os._exit(1)

    report = _Batches(send)
    code = 0
    try:
        store = _round_store(db_path, turns, writes_first)
        try:
            asyncio.run(_poll_group(make_poller(store, _Reporter(report, report)), group))
        finally:
            report.flush()
            store.close()
    except BaseException as exc:  # Ctrl-C included: the lead got it too and waits for us
        code = _INTERRUPTED if isinstance(exc, KeyboardInterrupt) else 1
        why = str(exc) if isinstance(exc, StoreError) else traceback.format_exception_only(exc)[-1]
        if not isinstance(exc, KeyboardInterrupt):
            with contextlib.suppress(OSError):
                sender.send(f"{_HELPER_FAILED}: {why.strip()}")
    finally:
        # Workers ignore Ctrl-C: pending parses are cancelled, one in progress is finished.
        shutdown_pool()
        sender.close()
        sys.stdout.flush()
        sys.stderr.flush()
    # Not multiprocessing's way out, which joins every child it knows of, workers included.
    os._exit(code)
