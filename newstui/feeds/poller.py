"""Provides polling: fetch, parse and store each source on its own schedule, politely (the
rules of the schedule are newstui.feeds.poll_state's)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from newstui.alerts.command import AlertSink
from newstui.alerts.watchlist import Alert, Watchlist
from newstui.feeds.poll_state import Jitter, failed, next_state
from newstui.feeds.stories import Placement, StoryPlacer
from newstui.models import FeedEntry, Headline, ParsedFeed, Source, SourceStatus
from newstui.net.process_pool import process_pool
from newstui.storage.store import Store, StoreError

if TYPE_CHECKING:
    from newstui.net.fetch import Fetcher

ParseFn = Callable[[bytes, str, Mapping[str, str]], Awaitable[ParsedFeed]]

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
    answered: bool = True
    """A server answered the fetch (any HTTP status). False when nothing came back (connection
    refused, host not found, timed out, TLS): what an offline machine gets from every source."""
    placement: Placement = field(default_factory=Placement)
    """The stories placed after this poll stored its headlines (`new` carries them), with any
    stories merged meanwhile (headlines shown before may have moved)."""
    alerts: list[Alert] = field(default_factory=list)
    """What the new headlines fired (Watchlist.check); those that match have `alert` set."""

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
        stories: StoryPlacer | None = None,
        watchlist: Watchlist | None = None,
        alert_sink: AlertSink | None = None,
    ) -> None:
        """`watchlist` flags the new headlines and fires their alerts, which go to
        `alert_sink` in the process that stored them (so each fires once)."""
        self.store = store
        self.fetcher = fetcher
        self.parse = parse or parse_in_process
        self.jitter = jitter
        self.clock = clock
        self.rng = rng or random.Random()
        self._jitter = Jitter(jitter, self.rng)
        self.listener = listener or PollListener()
        self.stories = stories
        """Places new headlines in stories right after each poll stores them (the ticker);
        None leaves them to whoever places next (a `fetch` places after its round)."""
        self.watchlist = watchlist or Watchlist()
        self.alert_sink = alert_sink
        self.in_flight: set[int] = set()
        self._held: dict[int, datetime] = {}
        """Next polls of sources whose new state could not be saved (a full or locked DB)."""
        self._wake = asyncio.Event()
        self._poll_everything = False
        self._unchanged: list[Source] | None = None
        """During poll_all: states of sources that answered 304, not yet written."""

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
        result = await self.fetcher.fetch(
            source.fetch_url, etag=source.etag, last_modified=source.last_modified
        )
        now = self.clock()
        parsed = None
        if result.ok:
            parsed = await self.parse(result.body, result.final_url, result.headers)
        state = next_state(source, result, parsed, now, self._jitter)
        # Only a poll that found a feed stores its entries (not a page a redirect led to).
        entries: list[FeedEntry] = []
        if parsed is not None and state.last_status is SourceStatus.OK:
            entries = parsed.entries
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
            state = failed(state, str(exc), now, self._jitter)
            self._held[source.id] = state.next_poll or now
            new = []
        else:
            self._held.pop(source.id, None)
        placement = Placement()
        if new and self.stories is not None:
            with contextlib.suppress(StoreError):  # left for the next placing: nothing is lost
                placement = await self.stories.place_async(self.store)
                new = placement.applied(new)
        alerts: list[Alert] = []
        if new and self.watchlist:
            new, alerts = self.watchlist.check(new, source)
            if alerts and self.alert_sink is not None:
                self.alert_sink.fired(alerts)
        started = state.last_status.failing and not source.last_status.failing
        return PollOutcome(
            source=state,
            new=new,
            started_failing=started,
            answered=result.status is not None,
            placement=placement,
            alerts=alerts,
        )

    async def poll_all(self, sources: Sequence[Source]) -> list[PollOutcome]:
        """Polls every given source now, ignoring the schedule (`newstui fetch`); the fetcher
        bounds how many run at once overall and per host. Returns once the alerts' commands
        have ended too. Not to be run beside `run`."""
        self._unchanged = []
        try:
            return list(await asyncio.gather(*(self.poll_source(s) for s in sources)))
        finally:
            await self._write_unchanged()
            self._unchanged = None
            if self.alert_sink is not None:
                await self.alert_sink.drain()

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
