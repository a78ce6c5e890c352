"""Provides LeaseKeeper: a ticker polls while it holds the poll lease, else follows the holder."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable
from contextlib import suppress
from types import FrameType
from typing import TYPE_CHECKING

from textual.timer import Timer

from newstui.models import Headline
from newstui.storage.poll_lease import Holder, PollLease
from newstui.storage.store import StoreError
from newstui.ui.polling_state import FollowsPolls

if TYPE_CHECKING:
    from newstui.ui.app import NewsApp

FOLLOW_EVERY = 1.0
"""Seconds between a follower's looks: one try of the lease (a flock that does not wait),
one read of the holder's line and one `PRAGMA data_version` (~2 us), all on the loop; a look
on a thread (OtherWrites) only when something was committed. A headline the holder stored
shows here within about this (benchmarks/two_tickers.py measures the delay and the idle CPU)."""
SOURCES_EVERY = 60
"""Looks between reads of the stored sources while following: the holder's polls change their
states (failing, last polled), which the header and the sources view show."""
ASK = signal.SIGUSR1
"""What a follower's `r` sends the holder, a ticker: poll every source now. A signal, so that a
holder at rest hears it without looking for it (the lease file says which process holds it)."""


class LeaseKeeper:
    """The poll lease of the app's database (storage.poll_lease), as the ticker keeps it."""

    def __init__(self, app: NewsApp) -> None:
        self.app = app
        self.lease = PollLease(app.store.path)
        self.holder: Holder | None = None
        self._timer: Timer | None = None
        self._poll: Callable[[], None] = lambda: None
        self._looks = 0
        self._version: int | None = None
        """The last data_version of the loop's own connection (versions of two differ)."""
        self._answering = False
        self._closed = False

    @property
    def following(self) -> bool:
        """Another process polls; this ticker shows what it stores."""
        return self._timer is not None

    def start(self, poll: Callable[[], None]) -> None:
        """Calls `poll` now if the lease is taken; else follows, and calls it once taken."""
        self._poll = poll
        if self._try_take():
            self._polling()
            return
        main = self.app.main
        main.others.arrivals = self._arrived
        self._timer = main.set_interval(FOLLOW_EVERY, self._tick)
        self._say_holder()

    def _try_take(self) -> bool:
        try:
            return self.lease.try_take("ticker")
        except OSError:  # no lease file can be made (a read-only folder): as before the lease
            return True

    def _polling(self) -> None:
        self._answer_asks()
        self._poll()

    # Following

    def _tick(self) -> None:
        if self._closed:
            return
        if self._try_take():
            if self._timer is not None:
                self._timer.stop()
            self.app.run_worker(self._take_over(), group="lease", exclusive=True)
            return
        self._say_holder()
        try:
            version = self.app.store.data_version()
        except StoreError:
            return  # said where the list reads the store
        if version != self._version:
            self._version = version
            self.app.main.others.look_soon()
        self._looks += 1
        if self._looks % SOURCES_EVERY == 0:
            self.app.run_worker(self._read_sources(), group="lease-sources", exclusive=True)

    async def _take_over(self) -> None:
        """The holder ended: what it stored last is shown as arrivals, then this ticker polls
        (its poller spreads the sources long overdue, as at any start: no burst of polls)."""
        main = self.app.main
        await main.others.last_look()
        main.others.arrivals = None
        self._timer, self.holder = None, None
        main.polling.following = ""
        main.status_changed()
        if self._closed:
            return
        main.notify("The other newstui ended: this one polls the sources now.", timeout=5)
        self._polling()

    def _say_holder(self) -> None:
        holder = self.lease.holder()
        if holder == self.holder and self.app.main.polling.following:
            return
        self.holder = holder
        who = holder.describe() if holder is not None else "another newstui"
        self.app.main.polling.following = f"following {who}"
        self.app.main.status_changed()

    def _arrived(self, headlines: list[Headline]) -> None:
        main = self.app.main
        flagged = self.app.watchlist.flag(headlines, main.polling.sources)
        main.column.add_arrivals(flagged)  # as a poll's: ✦, the reader's place kept

    async def _read_sources(self) -> None:
        try:
            sources = await asyncio.to_thread(self.app.store.sources)
        except StoreError:
            return  # said where the list reads the store
        main = self.app.main
        known = main.polling.sources
        changed = [s for s in sources if known.get(s.id) != s]
        if not changed:
            return
        main.polling.replace_sources(sources)
        main.status_changed()
        for screen in self.app.screen_stack:
            if isinstance(screen, FollowsPolls):
                for source in changed:
                    screen.source_polled(source)

    # Asks to poll now

    def ask_holder(self) -> None:
        """`r` in a follower: asks the holder to poll every source now (a ticker), or says
        that it is doing so (a `fetch`)."""
        holder = self.lease.holder()
        app = self.app
        if holder is None:
            app.notify("Another newstui polls this database; it is changing hands.", timeout=4)
        elif holder.stopped():
            app.notify(holder.stopped_note() + ".", timeout=6)
        elif holder.kind != "ticker":
            app.notify(f"{holder.describe()} is polling every source now.", timeout=4)
        else:
            try:
                os.kill(holder.pid, ASK)
            except OSError:
                app.notify(f"{holder.describe()} has ended: this one polls in a moment.")
                return
            app.notify(f"Asked {holder.describe()} to poll every source now.", timeout=4)

    def _answer_asks(self) -> None:
        """The holder's side of `ask_holder`: each ASK polls every source now."""
        loop = asyncio.get_running_loop()

        def rang(signum: int, frame: FrameType | None) -> None:
            loop.call_soon_threadsafe(self._asked)

        try:
            signal.signal(ASK, rang)
        except ValueError:  # not the main thread (an app run off it): no asks then
            return
        self._answering = True

    def _asked(self) -> None:
        if not self._closed and self.app.poll_now():
            self.app.notify("Polling every source now: another newstui asked.", timeout=3)

    # End

    def child_fd(self) -> int | None:
        """The lease's descriptor, for the polling process to hold with this one."""
        return self.lease.fileno()

    def close(self) -> None:
        """Stops following, or gives the lease up: after polling ended (its writes committed)."""
        self._closed = True
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._answering:
            # Ignored, not the default (which ends the process): a follower may ring a moment
            # after the lease went, and this process may go on (tests run many apps).
            with suppress(ValueError):
                signal.signal(ASK, signal.SIG_IGN)
            self._answering = False
        self.lease.release()
