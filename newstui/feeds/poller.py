"""Provides polling: fetch, parse and store each source on its own schedule, politely."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from newstui.models import Headline, ParsedFeed, Source, SourceStatus
from newstui.net.process_pool import process_pool
from newstui.storage.store import Store, StoreError

if TYPE_CHECKING:
    from newstui.net.fetch import Fetcher

ParseFn = Callable[[bytes, str, Mapping[str, str]], Awaitable[ParsedFeed]]

MAX_BACKOFF = 6 * 3600.0
"""Longest wait after repeated failures."""
INLINE_PARSE_MAX = 256 * 1024
"""Bytes up to which a well-formed feed is parsed on the event loop (about 5 ms per 100 KiB);
bigger ones go to a worker process."""
STORE_RETRY = 30.0
"""Seconds before polling tries the database again after it failed."""
STATE_BATCH = 64
"""In a round over every source (`poll_all`), how many 304 answers' new states are written in one
transaction: a transaction each was about a tenth of a warm round's CPU. Losing a batch to a
crash loses no headline, only when those sources were last polled: they are polled again."""
RESTART_SPREAD = 20.0
"""Overdue sources found at start-up are spread over this many seconds instead of all at once."""


@dataclass(frozen=True)
class PollOutcome:
    """What one poll of one source did."""

    source: Source
    """The source with its new fetch state."""
    new: list[Headline] = field(default_factory=list)
    started_failing: bool = False
    """True when this poll turned a working source into a failing one (notify once)."""

    @property
    def failed(self) -> bool:
        return self.source.last_status.failing


class PollListener:
    """Receives what the poller does; the app turns these into messages, `fetch` into progress."""

    def poll_started(self, source: Source) -> None:
        """A source's fetch began."""

    def poll_finished(self, outcome: PollOutcome) -> None:
        """A source's poll ended, successfully or not."""

    def store_failed(self, message: str) -> None:
        """The database could not be read; polling pauses and retries."""


def interval_for(source: Source) -> float:
    """Seconds between polls: the configured refresh, never sooner than the feed's own <ttl>."""
    return max(source.refresh, source.ttl or 0.0)


class Poller:
    """Polls sources with one shared fetcher; keeps each source's schedule in the store."""

    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        *,
        parse: ParseFn | None = None,
        jitter: float = 0.1,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        rng: random.Random | None = None,
        listener: PollListener | None = None,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.parse = parse or parse_in_process
        self.jitter = jitter
        self.clock = clock
        self.rng = rng or random.Random()
        self.listener = listener or PollListener()
        self.in_flight: set[int] = set()
        self._held: dict[int, datetime] = {}
        """Next polls of sources whose new state could not be saved (a full or locked DB)."""
        self._wake = asyncio.Event()
        self._poll_everything = False
        self._unchanged: list[Source] | None = None
        """During poll_all: states of sources that answered 304, not yet written."""

    def _jittered(self, seconds: float) -> timedelta:
        factor = 1.0 + self.rng.uniform(-self.jitter, self.jitter) if self.jitter else 1.0
        return timedelta(seconds=seconds * factor)

    async def poll_source(self, source: Source) -> PollOutcome:
        """Fetches, parses and stores one source now, and schedules its next poll."""
        self.in_flight.add(source.id)
        self.listener.poll_started(source)
        try:
            outcome = await self._poll(source)
        finally:
            self.in_flight.discard(source.id)
        self.listener.poll_finished(outcome)
        return outcome

    async def _poll(self, source: Source) -> PollOutcome:
        was_failing = source.last_status.failing
        result = await self.fetcher.fetch(
            source.fetch_url, etag=source.etag, last_modified=source.last_modified
        )
        now = self.clock()
        state = replace(source, last_fetch=now)
        if result.moved_to:
            state.moved_to = result.moved_to
        entries_parsed: ParsedFeed | None = None
        if result.gone:
            state.last_status, state.next_poll = SourceStatus.GONE, None
            state.failures += 1
            state.last_error = "HTTP 410 Gone: the publisher removed this feed; polling stopped"
        elif result.not_modified:
            state.last_status, state.last_error, state.failures = SourceStatus.UNCHANGED, None, 0
            state.etag = result.etag or state.etag
            state.last_modified = result.last_modified or state.last_modified
        elif result.error is not None or not result.ok:
            self._fail(state, result.error or f"HTTP {result.status}", result.retry_after, now)
        else:
            entries_parsed = await self.parse(result.body, result.final_url, result.headers)
            if not entries_parsed.is_feed:
                problem = entries_parsed.problem or "not a feed"
                if entries_parsed.alternates:
                    problem += "; it links to the feed " + ", ".join(entries_parsed.alternates[:3])
                self._fail(state, problem, None, now)
                entries_parsed = None
            else:
                state.last_status, state.failures = SourceStatus.OK, 0
                state.last_error = entries_parsed.problem
                state.etag, state.last_modified = result.etag, result.last_modified
                if entries_parsed.title:
                    state.feed_title = entries_parsed.title
                state.ttl = entries_parsed.ttl
        if state.last_status in (SourceStatus.OK, SourceStatus.UNCHANGED):
            state.next_poll = now + self._jittered(interval_for(state))
        entries = entries_parsed.entries if entries_parsed else []
        try:
            if self._unchanged is not None and state.last_status is SourceStatus.UNCHANGED:
                self._unchanged.append(state)
                if len(self._unchanged) >= STATE_BATCH:
                    await self._write_unchanged()
                new = []
            else:
                # By the store's writer thread: the loop goes on fetching (and the interface on
                # drawing) meanwhile, SQLite releasing the GIL while it inserts and indexes.
                new = await self.store.save_poll_async(state, entries, now)
        except StoreError as exc:
            # Nothing was written: the source keeps its old state and will be tried again, after
            # a backoff kept in memory (the stored next poll is the old, overdue one: without
            # this, the loop would poll it again at once, and again, while the disk is full).
            self._fail(state, str(exc), None, now)
            self._held[source.id] = state.next_poll or now
            new = []
        else:
            self._held.pop(source.id, None)
        failing = state.last_status.failing
        return PollOutcome(source=state, new=new, started_failing=failing and not was_failing)

    def _fail(self, state: Source, error: str, retry_after: float | None, now: datetime) -> None:
        state.last_status, state.last_error = SourceStatus.ERROR, error
        state.failures += 1
        backoff = min(interval_for(state) * 2 ** (state.failures - 1), MAX_BACKOFF)
        wait = max(backoff, retry_after or 0.0)
        state.next_poll = now + self._jittered(wait)
        if retry_after and state.next_poll < now + timedelta(seconds=retry_after):
            state.next_poll = now + timedelta(seconds=retry_after)

    async def poll_all(self, sources: Sequence[Source]) -> list[PollOutcome]:
        """Polls every given source now, ignoring the schedule (`newstui fetch`); the fetcher
        bounds how many run at once overall and per host. Not to be run beside `run`."""
        self._unchanged = []
        try:
            return list(await asyncio.gather(*(self.poll_source(s) for s in sources)))
        finally:
            await self._write_unchanged()
            self._unchanged = None

    async def _write_unchanged(self) -> None:
        batch, self._unchanged = self._unchanged or [], []
        if not batch:
            return
        try:
            await self.store.save_states_async(batch)
        except StoreError as exc:
            # Their headlines are all stored already; only the schedule is not, so they are
            # polled again next time. Said once, where the round reports problems.
            self.listener.store_failed(str(exc))

    def poll_now(self) -> None:
        """Asks a running `run` loop to poll every source at once."""
        self._poll_everything = True
        self._wake.set()

    def reschedule(self) -> None:
        """Asks a running `run` loop to re-read the sources (after a source changed)."""
        self._wake.set()

    async def run(self) -> None:
        """Polls each source when it is due, forever; sleeps in between (no busy timer)."""
        tasks: set[asyncio.Task[PollOutcome]] = set()
        with contextlib.suppress(StoreError):  # a failing DB is reported by the loop below
            await self._spread_overdue()
        try:
            while True:
                now = self.clock()
                try:
                    sources = self.store.sources()
                except StoreError as exc:
                    # A locked or broken DB must not end the ticker: say so, try again later.
                    self.listener.store_failed(str(exc))
                    await asyncio.sleep(STORE_RETRY)
                    continue
                everything, self._poll_everything = self._poll_everything, False
                for source in sources:
                    held = self._held.get(source.id)
                    if held is not None and (source.next_poll is None or source.next_poll < held):
                        source.next_poll = held
                for source in sources:
                    if source.id in self.in_flight or not source.polled:
                        continue
                    if everything or source.next_poll is None or source.next_poll <= now:
                        task = asyncio.create_task(self.poll_source(source))
                        tasks.add(task)
                        task.add_done_callback(tasks.discard)
                waits = [
                    (s.next_poll - now).total_seconds()
                    for s in sources
                    if s.next_poll is not None and s.id not in self.in_flight
                ]
                timeout = min([w for w in waits if w > 0], default=3600.0)
                self._wake.clear()
                wake = asyncio.ensure_future(self._wake.wait())
                done = asyncio.ensure_future(_first_done(tasks)) if tasks else None
                pending = [wake] + ([done] if done else [])
                await asyncio.wait(pending, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
                for fut in pending:
                    fut.cancel()
        finally:
            for task in tasks:
                task.cancel()

    async def _spread_overdue(self) -> None:
        """After a restart, sources long overdue would all fire at once: spread them out."""
        now = self.clock()
        overdue = [
            s
            for s in self.store.sources()
            if s.next_poll is not None and s.next_poll <= now and s.polled
        ]
        if len(overdue) <= 4:
            return
        for source in overdue:
            source.next_poll = now + timedelta(seconds=self.rng.uniform(0, RESTART_SPREAD))
        await self.store.save_states_async(overdue)


async def _first_done(tasks: set[asyncio.Task[PollOutcome]]) -> None:
    await asyncio.wait(set(tasks), return_when=asyncio.FIRST_COMPLETED)


async def parse_in_process(body: bytes, url: str, headers: Mapping[str, str]) -> ParsedFeed:
    """Parses an ordinary feed on the event loop's thread when the fast path applies (a few ms),
    otherwise in a worker process: feedparser holds the GIL ~65 ms a feed, and a big feed takes
    long even on the fast path; either would freeze the interface."""
    from newstui.feeds import parse as parse_module

    if len(body) <= INLINE_PARSE_MAX:
        fast = parse_module.parse_fast(body, url=url, headers=dict(headers))
        if fast is not None:
            return fast
    loop = asyncio.get_running_loop()
    job = functools.partial(parse_module.parse_feed, body, url=url, headers=dict(headers))
    return await loop.run_in_executor(process_pool(), job)


async def parse_in_worker(body: bytes, url: str, headers: Mapping[str, str]) -> ParsedFeed:
    """Parses in a worker process, fast path included: for a round over many sources (`fetch`),
    where no interface waits on the loop, so that parsing (most of the round's CPU) runs on
    every core while this process fetches and stores."""
    from newstui.feeds import parse as parse_module

    loop = asyncio.get_running_loop()
    job = functools.partial(parse_module.parse_feed, body, url=url, headers=dict(headers))
    return await loop.run_in_executor(process_pool(), job)
