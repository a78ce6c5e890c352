"""Provides polling: fetch, parse and store each source on its own schedule, politely (the
rules of the schedule are newstui.feeds.poll_state's)."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from newstui.alerts.command import AlertSink
from newstui.alerts.watchlist import Alert, Watchlist
from newstui.feeds.placement import Placement, Placer
from newstui.feeds.poll_parse import parse_in_process as parse_in_process
from newstui.feeds.poll_parse import parse_in_worker as parse_in_worker
from newstui.feeds.poll_state import Jitter, failed, next_state, server_wait
from newstui.models import FeedEntry, Headline, ParsedFeed, Source, SourceStatus
from newstui.storage.store import Store, StoreError

if TYPE_CHECKING:
    from newstui.net.fetch import Fetcher

ParseFn = Callable[[bytes, str, Mapping[str, str]], Awaitable[ParsedFeed]]

INLINE_PARSE_ALONE = 1
"""Polls in flight up to which the default parse runs on the event loop. A lone poll (the
ticker's steady state: polls spread over the refresh interval) costs the loop one short parse;
a burst (the first round, a refresh of every source) queued hundreds of them back to back, and
keys waited 0.3-1.2 s behind them (benchmarks/reload_keys.py), so a burst's feeds go to the
worker processes."""
STORE_RETRY = 30.0
"""Seconds before polling tries the database again after it failed."""
STATE_BATCH = 512
"""In a round (`round`), how many 304 answers' states are written in one transaction: 64 made a
warm round of 5,000 78 of them, ~6 % more CPU (benchmarks/RESULTS.md, warm6). Losing a batch to
a crash loses no headline, only when those sources were last polled: they are polled again."""
RESYNC = 60.0
"""Seconds after which `run` reads the sources again even unasked: another process (a `fetch`
from cron) may have polled some, and the store is where their schedule lives."""
RESTART_SPREAD = 20.0
"""Overdue sources found at start-up are spread over this many seconds instead of all at once."""
LANES_PER_CONNECTION = 2
"""Polls under way at once per connection the fetcher may hold (a host's, or the fetcher's
whole limit): while one poll parses and stores what it fetched, another uses the connection.
With one a connection, 500 feeds on one host kept their 4 connections idle ~40 % of a round.
A Poller's default lanes (`Poller.lanes`), and `fetch`'s lanes per host (feeds.lanes)."""


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
    stored: int | None = None
    """How many headlines this poll stored, when `new` does not list them (a poller told that
    nobody looks at them: Poller(headlines=False))."""

    @property
    def failed(self) -> bool:
        return self.source.last_status.failing

    @property
    def new_count(self) -> int:
        """How many headlines this poll stored."""
        return len(self.new) if self.stored is None else self.stored


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
        stories: Placer | None = None,
        watchlist: Watchlist | None = None,
        alert_sink: AlertSink | None = None,
        headlines: bool = True,
        lanes: int | None = None,
        throttle: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """`watchlist` flags the new headlines and fires their alerts, which go to
        `alert_sink` in the process that stored them (so each fires once). `headlines=False`:
        outcomes only count the new headlines (PollOutcome.stored) when no placer nor watchlist
        needs them, and they are not read back from the store.

        `lanes`: at most this many polls under way at once in `run`, `poll_all` and a round's
        lanes (feeds.lanes.poll_lanes); by default LANES_PER_CONNECTION for each connection the
        fetcher may hold (32 with its default 16). `throttle`: awaited after each of those polls
        before its lane is free (the polling process waits there for the ticker to read)."""
        self.store = store
        self.fetcher = fetcher
        self.parse: ParseFn = parse or self._parse_by_load
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
        self._counted = not headlines and stories is None and not self.watchlist
        self.in_flight: set[int] = set()
        self._held: dict[int, datetime] = {}
        """Next polls of sources whose new state could not be saved (a full or locked DB)."""
        self._wake = asyncio.Event()
        self._poll_everything = False
        self._reread = False
        self._known: dict[int, Source] = {}
        """`run`'s sources: read from the store, updated by each poll's outcome."""
        self._deadline: datetime | None = None
        """When `run` wakes next unless woken (by the clock it was given)."""
        self._timer: asyncio.TimerHandle | None = None
        self._unchanged: list[Source] | None = None
        """During poll_all: states of sources that answered 304, not yet written."""
        if lanes is None:
            lanes = fetcher.limits.max_connections * LANES_PER_CONNECTION
        self.lanes = max(1, lanes)
        """Polls under way at once, at most (see __init__)."""
        self.free_lanes = asyncio.Semaphore(self.lanes)
        """Held by each poll under way in `run`, `poll_all` and feeds.round's lanes. Without
        it, `run` started every due poll at once and the fetcher's limit bounded only the
        fetches: in a burst of 5,000 due sources every body fetched waited for the parse
        workers, every parsed feed for the store's writer, and the process grew to ~700-980 MB
        (benchmarks/reload_keys.py --feeds 5000 --items 20 --hosts 500). A lane holds at most
        one body, parsed feed or outcome at a time."""
        self._throttle = throttle

    async def poll_source(self, source: Source) -> PollOutcome:
        """Fetches, parses and stores one source now, and schedules its next poll (no lane:
        the caller bounds how many run at once)."""
        self.in_flight.add(source.id)
        try:
            return await self._announced(source)
        finally:
            self.in_flight.discard(source.id)

    async def poll_in_lane(self, source: Source) -> PollOutcome:
        """poll_source once one of the `lanes` is free, then `throttle`, then the lane is free.
        Waiting for its lane the source counts as in flight (`run` does not start it again
        when it wakes meanwhile) but is not announced (PollListener.poll_started, the ticker's
        "fetching"): its lane starts it."""
        self.in_flight.add(source.id)
        try:
            async with self.free_lanes:
                outcome = await self._announced(source)
                if self._throttle is not None:
                    await self._throttle()
                return outcome
        finally:
            # After the throttle: discarded before it, a finished poll waiting there was not in
            # flight while `run` still held its old, due state, and `run` could start it again.
            self.in_flight.discard(source.id)

    async def _announced(self, source: Source) -> PollOutcome:
        self.listener.poll_started(source)
        outcome = await self._poll(source)
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
        stored: int | None = None
        new: list[Headline] = []
        try:
            if self._unchanged is not None and state.last_status is SourceStatus.UNCHANGED:
                self._unchanged.append(state)
                if len(self._unchanged) >= STATE_BATCH:
                    await self._write_unchanged()
            elif self._counted:
                stored = await self.store.save_poll_counted_async(state, entries, now)
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
            stored=stored,
        )

    async def _parse_by_load(self, body: bytes, url: str, headers: Mapping[str, str]) -> ParsedFeed:
        """The default parse: on the loop for a lone poll, in a worker during a burst."""
        if len(self.in_flight) <= INLINE_PARSE_ALONE:
            return await parse_in_process(body, url, headers)
        return await parse_in_worker(body, url, headers)

    async def poll_all(self, sources: Sequence[Source]) -> list[PollOutcome]:
        """Polls every given source now, ignoring the schedule, at most `lanes` at once (the
        fetcher bounds the requests overall and per host). Returns once the alerts' commands
        have ended too. Not to be run beside `run`."""
        async with self.round():
            return list(await asyncio.gather(*(self.poll_in_lane(s) for s in sources)))

    @contextlib.asynccontextmanager
    async def round(self) -> AsyncIterator[None]:
        """Polls inside are one round over every source (poll_all, feeds.round): their 304
        answers' states are written in batches, and on the way out the rest of them, and the
        alerts' commands are waited for."""
        self._unchanged = []
        try:
            yield
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
        """Asks a running `run` loop to poll every source now (but those in a server_wait)."""
        self._poll_everything = True
        self._reread = True
        self._wake.set()

    def reschedule(self) -> None:
        """Asks a running `run` loop to re-read the sources (after a source changed)."""
        self._reread = True
        self._wake.set()

    async def run(self) -> None:
        """Polls each source when it is due, forever; sleeps in between (no busy timer).

        The sources are read from the store when asked (`reschedule`, `poll_now`) and every
        RESYNC seconds (another process may have polled some); in between, each finished poll
        updates its source in memory. Reading them at every wake cost the loop ~20 ms at 500
        sources, and a wake comes with every due poll."""
        tasks: set[asyncio.Task[PollOutcome]] = set()
        with contextlib.suppress(StoreError):  # a failing DB is reported by the loop below
            await self._spread_overdue()
        loop = asyncio.get_running_loop()
        read_at: float | None = None
        try:
            while True:
                if self._reread or read_at is None or loop.time() - read_at >= RESYNC:
                    self._reread = False
                    try:
                        # In a thread: building 5,000 sources takes ~100 ms, a frozen screen.
                        fresh = await asyncio.to_thread(self.store.sources)
                    except StoreError as exc:
                        # A locked or broken DB must not end the ticker: say so, try again later.
                        self.listener.store_failed(str(exc))
                        await asyncio.sleep(STORE_RETRY)
                        continue
                    self._known = {source.id: source for source in fresh}
                    read_at = loop.time()
                now = self.clock()
                sources = list(self._known.values())
                everything, self._poll_everything = self._poll_everything, False
                for source in sources:
                    held = self._held.get(source.id)
                    if held is not None and (source.next_poll is None or source.next_poll < held):
                        source.next_poll = held
                for source in sources:
                    if source.id in self.in_flight or not source.polled:
                        continue
                    due = source.next_poll is None or source.next_poll <= now
                    if due or (everything and (server_wait(source) or now) <= now):
                        # In a lane: a burst of due sources waits for lanes, not in memory.
                        task = asyncio.create_task(self.poll_in_lane(source))
                        tasks.add(task)
                        task.add_done_callback(tasks.discard)
                        task.add_done_callback(self._after_poll)
                waits = [
                    (s.next_poll - now).total_seconds()
                    for s in sources
                    if s.next_poll is not None and s.id not in self.in_flight
                ]
                timeout = min([w for w in waits if w > 0], default=RESYNC)
                self._wake.clear()
                self._deadline = None
                self._wake_at(now + timedelta(seconds=min(timeout, RESYNC)))
                await self._wake.wait()
        finally:
            if self._timer is not None:
                self._timer.cancel()
            for task in tasks:
                task.cancel()

    def _wake_at(self, due: datetime) -> None:
        """Makes `run` wake at `due` (by the poller's clock), unless it wakes sooner."""
        if self._deadline is not None and due >= self._deadline:
            return
        self._deadline = due
        if self._timer is not None:
            self._timer.cancel()
        delay = max(0.0, (due - self.clock()).total_seconds())
        self._timer = asyncio.get_running_loop().call_later(delay, self._wake.set)

    def _after_poll(self, task: asyncio.Task[PollOutcome]) -> None:
        """A finished poll: its source's new state, and `run` woken when it is due before `run`
        wakes anyway. Not a wake (and a read of every source) at every poll's end: in a round
        of 500 sources that was most of the ticker's loop time."""
        if task.cancelled():
            return
        if task.exception() is not None:
            self._wake.set()
            return
        source = task.result().source
        if source.id in self._known:  # not one retired meanwhile
            self._known[source.id] = source
        if source.next_poll is None:
            self._wake.set()
        else:
            self._wake_at(source.next_poll)

    async def _spread_overdue(self) -> None:
        """After a restart, sources long overdue would all fire at once: spread them out."""
        now = self.clock()
        overdue = [
            s
            for s in await asyncio.to_thread(self.store.sources)
            if s.next_poll is not None and s.next_poll <= now and s.polled
        ]
        if len(overdue) <= 4:
            return
        for source in overdue:
            source.next_poll = now + timedelta(seconds=self.rng.uniform(0, RESTART_SPREAD))
        await self.store.save_states_async(overdue)
