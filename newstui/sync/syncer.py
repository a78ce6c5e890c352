"""Provides the Syncer: in sync mode, what the poller is otherwise. It syncs with the server
every `refresh` (jittered), backs off while the server is down, stops on a wrong password until
asked again, sends marks made here within seconds, and keeps its status where sources show."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from newstui.alerts.command import AlertSink
from newstui.alerts.watchlist import Alert, Watchlist
from newstui.config.schema import ConfigError
from newstui.config.sync import Secret, SyncConfig, resolve_password
from newstui.models import Headline, Source
from newstui.storage.store import Store, StoreError
from newstui.sync.errors import SyncError, backoff_delay
from newstui.sync.greader import GReaderClient
from newstui.sync.ledger import StoreLedger
from newstui.sync.round import SyncReport, push, sync_once

if TYPE_CHECKING:
    from newstui.net.fetch import Fetcher

PUSH_DELAY = 2.0
"""Seconds a mark made here waits before it is sent, so that a burst of marks (j, u, j, u...)
goes out as one request per kind of change."""


@dataclass(frozen=True)
class SyncResult:
    """How one sync ended, for the interface and `fetch`."""

    report: SyncReport
    error: str | None = None
    """One line for the status ("wrong user or password (HTTP 401)"); None when it worked."""
    failures: int = 0
    """Syncs in a row that failed, this one included."""
    next_at: float | None = None
    """When the next sync is due (seconds since the epoch); None: not until asked (a wrong
    password or address: the user must change something first)."""
    changed: list[int] = field(default_factory=list)
    """Headlines whose marks the server changed."""
    sources_changed: bool = False
    """The subscriptions, or how the sources show the sync's status, changed."""

    @property
    def stopped(self) -> bool:
        return self.error is not None and self.next_at is None


class Placed(Protocol):
    """What placing stored headlines in stories did (newstui.feeds.stories.Placement)."""

    @property
    def more(self) -> bool:
        """Headlines are still waiting to be placed."""

    def applied(self, headlines: Sequence[Headline]) -> list[Headline]:
        """`headlines` with their stories as placed."""


class Placer(Protocol):
    """Places the stored headlines not placed yet (newstui.feeds.stories.StoryPlacer)."""

    async def place_async(self, store: Store) -> Placed: ...


@dataclass(frozen=True)
class Arrival:
    """New headlines of one subscription, stored by a sync, as a poll's would be."""

    source: Source
    """The subscription as it was before the sync."""
    headlines: list[Headline]
    """With their stories (when the syncer places) and `alert` set on those that match."""
    alerts: list[Alert] = field(default_factory=list)
    """What they fired (Watchlist.check), handed to the alert sink before the listener."""
    placement: Placed | None = None
    """The placing that followed their batch (None: none was made)."""


class SyncListener:
    """Receives what the syncer does (the interface turns it into messages)."""

    def sync_started(self) -> None: ...

    def arrived(self, arrival: Arrival) -> None:
        """New headlines of one subscription are stored (during a sync, batch by batch)."""

    def sync_finished(self, result: SyncResult) -> None: ...

    def marks_sent(self, report: SyncReport) -> None:
        """Marks made here were sent (or not: `report.error`) between syncs."""


class Syncer:
    """Syncs one store with one server account. `sync` and `push` never overlap."""

    def __init__(
        self,
        store: Store,
        config: SyncConfig,
        password: Secret,
        fetcher: Fetcher,
        *,
        refresh: float,
        keep_days: float = 30.0,
        jitter: float = 0.1,
        parse_executor: Executor | None = None,
        listener: SyncListener | None = None,
        watchlist: Watchlist | None = None,
        alert_sink: AlertSink | None = None,
        stories: Placer | None = None,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """`refresh`: seconds between syncs; `keep_days`: how far back the first sync reaches
        (older items would be pruned at once); `parse_executor`: where pages of items are
        parsed (newstui.net.process_pool in the ticker). As the Poller's: `watchlist` flags
        the new headlines and fires their alerts into `alert_sink`, in this process, once;
        `stories` places each batch's new headlines before they are handed on (the ticker;
        None leaves them to whoever places next, as `fetch` does)."""
        self.store = store
        self.config = config
        self._password = password
        self._fetcher = fetcher
        self.refresh = refresh
        self.keep_days = keep_days
        self.jitter = jitter
        self.parse_executor = parse_executor
        self.listener = listener or SyncListener()
        self.watchlist = watchlist or Watchlist()
        self.alert_sink = alert_sink
        self.stories = stories
        self.rng = rng or random.Random()
        self.clock = clock
        self.client = self._new_client()
        self.ledger = StoreLedger(
            store,
            refresh=refresh,
            on_arrival=self._arrived,
            clock=lambda: datetime.fromtimestamp(self.clock(), UTC),
        )
        self.last: SyncResult | None = None
        self._lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._now = False
        self._push_at: float | None = None
        self._started = False
        self._sign_in_afresh = False

    def _new_client(self) -> GReaderClient:
        return GReaderClient(
            self.config.url,
            self.config.user,
            self._password,
            self._fetcher,
            parse_executor=self.parse_executor,
        )

    @property
    def account(self) -> str:
        return f"{self.config.url}\n{self.config.user}"

    async def _arrived(self, batch: list[tuple[Source, list[Headline]]]) -> None:
        """A batch's new headlines, as the Poller treats a poll's: placed in stories, then
        checked against the watchlist (a new subscription's backlog fires nothing: `source` is
        as it was before this sync), their alerts fired before the listener hears of them."""
        placement: Placed | None = None
        if self.stories is not None:
            with contextlib.suppress(StoreError):  # left for the next placing: nothing is lost
                placement = await self.stories.place_async(self.store)
        for source, new in batch:
            if placement is not None:
                new = placement.applied(new)
            alerts: list[Alert] = []
            if self.watchlist:
                new, alerts = self.watchlist.check(new, source)
                if alerts and self.alert_sink is not None:
                    self.alert_sink.fired(alerts)
            self.listener.arrived(Arrival(source, new, alerts, placement))

    # --- one sync ---------------------------------------------------------------------------

    async def sync(self) -> SyncResult:
        """One whole sync now (after a push or sync in progress). Never raises SyncError or
        StoreError: they end up in the result, and in every subscription's status."""
        async with self._lock:
            self.listener.sync_started()
            self.ledger.changed, self.ledger.sources_changed = [], False
            report = SyncReport()
            error: str | None = None
            transient, retry_after = True, None
            try:
                if self._sign_in_afresh:
                    self._sign_in_afresh = False
                    await self._renew_password()
                if not self._started:
                    self.ledger.sources_changed |= await self.store.synced.start(self.account)
                    self._started = True
                first = int((self.clock() - self.keep_days * 86_400) * 1_000_000)
                report = await sync_once(self.client, self.ledger, first_since_us=first)
            except StoreError as exc:
                error = str(exc)
            except ConfigError as exc:  # the password command failed: the user must fix it
                error, transient = str(exc), False
            if report.error is not None:
                error, transient = report.error.message, report.error.transient
                retry_after = report.error.retry_after
            result = await self._finish(report, error, transient, retry_after)
        self.last = result
        self.listener.sync_finished(result)
        return result

    async def _renew_password(self) -> None:
        """A fresh sign-in after a wrong password: the password command is run again (the user
        may have changed the password it prints since the start; a password from the
        environment cannot have changed). Raises ConfigError, naming the file, line and key."""
        if self.config.password_command:
            self._password = await asyncio.to_thread(resolve_password, self.config)
        self.client = self._new_client()

    async def _finish(
        self, report: SyncReport, error: str | None, transient: bool, retry_after: float | None
    ) -> SyncResult:
        now = self.clock()
        before = self.store.synced.status()
        failures = 0 if error is None else int(_number(before.get("failures")) or 0) + 1
        next_at: float | None
        if error is None:
            next_at = now + self.refresh * (1 + self.rng.uniform(-self.jitter, self.jitter))
        elif transient:
            next_at = now + backoff_delay(
                failures, self.refresh, retry_after, self.jitter, self.rng
            )
        else:
            next_at = None
        status = {"at": now, "ok": error is None, "error": error, "failures": failures}
        status["next"] = next_at
        shown_before = (before.get("ok"), before.get("error"))
        try:
            await self.store.synced.finish(status)
        except StoreError as exc:
            error = error or str(exc)
        return SyncResult(
            report,
            error,
            failures,
            next_at,
            list(self.ledger.changed),
            self.ledger.sources_changed or shown_before != (error is None, error),
        )

    async def push(self) -> SyncReport:
        """Sends the marks made here since the last sync (newstui.sync.round.push)."""
        async with self._lock:
            if self.last is not None and self.last.stopped:
                return SyncReport()  # nothing goes out until the user fixes [sync]
            try:
                report = await push(self.client, self.ledger)
            except StoreError as exc:  # the marks stay queued: the next sync sends them
                report = SyncReport(error=SyncError(str(exc)))
        self.listener.marks_sent(report)
        return report

    # --- the loop ---------------------------------------------------------------------------

    def sync_now(self) -> None:
        """Asks `run` for a sync at once; after a wrong password, with a fresh sign-in and the
        password command run again (the user asked: one attempt, not a storm)."""
        if self.last is not None and self.last.stopped:
            self._sign_in_afresh = True
        self._now = True
        self._wake.set()

    def marks_changed(self) -> None:
        """Marks were made here: `run` sends them within PUSH_DELAY seconds."""
        if self._push_at is None:
            self._push_at = self.clock() + PUSH_DELAY
        self._wake.set()

    async def run(self) -> None:
        """Syncs when due, forever; sends marks between syncs; sleeps in between. The first
        sync is at once: a ticker just opened shows what is new, and a password or server
        changed since the last run is tried (four requests when nothing is new)."""
        next_at: float | None = self.clock()
        while True:
            now = self.clock()
            if self._now or (next_at is not None and now >= next_at):
                self._now = False
                self._push_at = None  # the sync sends them
                next_at = (await self.sync()).next_at
                continue
            if self._push_at is not None and now >= self._push_at:
                self._push_at = None
                await self.push()
                continue
            due = [t for t in (next_at, self._push_at) if t is not None]
            self._wake.clear()
            try:
                timeout = max(min(due) - now, 0.0) if due else None
                await asyncio.wait_for(self._wake.wait(), timeout)
            except TimeoutError:
                pass


def _number(value: object) -> float | None:
    """A number kept in the status (JSON), or None for anything else."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def describe(result: SyncResult) -> str:
    """One line for the user about a sync."""
    if result.error is not None:
        if result.stopped:
            return f"sync: {result.error}; stopped until [sync] is fixed"
        return f"sync: {result.error}; trying again later"
    r = result.report
    return (
        f"synced: {r.new_items} new, {r.marks_changed} marks from the server, {r.sent} sent, "
        f"{r.requests} requests in {r.seconds:.1f} s"
    )
