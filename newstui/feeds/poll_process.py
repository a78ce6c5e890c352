"""Provides the ticker's polling in a process of its own: what crosses the pipes, and the child.

Why: in the ticker's process a cold round of 500 feeds cost ~14 s of CPU beside the interface
(HTTP, results from the parse workers, rows, stories, alerts) on threads that share one GIL with
it, and a key waited for the GIL behind them (benchmarks/reload_keys.py: p95 214 ms, max 480 ms
on a quiet machine). In a child process, at a lower priority, that work runs beside the interface
instead of between its steps; the interface hears of each poll through a pipe.

The child is started by the ticker (newstui.ui.poll_child runs `main` in a new interpreter),
polls with the same Poller, fetcher, story placer and watchlist the ticker used in its own
process, stores into the same WAL database, and ends when told to or when its command pipe
closes (the ticker ended, even killed).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import signal
import threading
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from newstui.alerts.watchlist import Watchlist
from newstui.feeds.poller import Poller, PollListener, PollOutcome
from newstui.feeds.stories import Placement, StoryPlacer
from newstui.models import AlertRule, Source
from newstui.storage.stop_gate import StopGate, leave_job_control_to_main
from newstui.storage.store import Store, StoreError

if TYPE_CHECKING:
    from newstui.net.fetch import Fetcher

OUTBOX_MAX = 64
"""Events the child holds for a ticker that reads them late before a finished poll waits to
free its lane: the ticker stops reading while its screen is behind (ui/poll_child.py
HANDED_AHEAD), and each outcome carries its headlines."""
NICE = 5
"""How much lower the child's CPU priority is than the ticker's (os.nice): when both want a
core, the interface gets it first (on Linux's scheduler about three times the share; 10 would
be nine times, and a busy machine would stretch the round for little gain in keys)."""


@dataclass(frozen=True)
class Setup:
    """The child's first command: what it polls with."""

    db_path: Path
    busy_timeout: float
    jitter: float
    alerts: tuple[AlertRule, ...]
    nice: int = NICE


# Commands, ticker -> child: the strings below, after Setup.
POLL_NOW = "poll-now"
"""Poll every source now (`r`)."""
RESCHEDULE = "reschedule"
"""Read the sources again: one was added, removed, paused or resumed."""
PLACE = "place"
"""Place the headlines left unplaced (Placed and PlaceFailed answer)."""
STOP = "stop"
"""End polling, close the store (its writes committed) and exit."""


# Events, child -> ticker.
@dataclass(frozen=True)
class Started:
    source: Source


@dataclass(frozen=True)
class Finished:
    """One poll's outcome; its `alerts` are for the ticker to fire (notices, commands), once."""

    outcome: PollOutcome


@dataclass(frozen=True)
class StoreFailed:
    """Polling could not read the database; it pauses and tries again."""

    text: str


@dataclass(frozen=True)
class StoreWaiting:
    """A write waits for another process's lock on the database."""

    text: str


@dataclass(frozen=True)
class Placed:
    """A chunk of the backlog placed in stories (after PLACE)."""

    placement: Placement


@dataclass(frozen=True)
class PlaceFailed:
    text: str


@dataclass(frozen=True)
class Crashed:
    """Polling ended with an error it was not made for; the child exits after sending this."""

    text: str
    """The traceback, as Python prints it."""


Event = Started | Finished | StoreFailed | StoreWaiting | Placed | PlaceFailed | Crashed


class _Outbox:
    """Sends events from any thread, in order, without making the sender wait for the pipe (a
    ticker busy drawing reads it late; polling goes on meanwhile, up to OUTBOX_MAX events
    unsent: `room` waits for the ticker below that)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._queue: queue.SimpleQueue[Event | None] = queue.SimpleQueue()
        self._unsent = 0
        self._gone = False
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._send, name="newstui-outbox", daemon=True)
        self._thread.start()

    def put(self, event: Event) -> None:
        with self._changed:
            self._unsent += 1
        self._queue.put(event)

    @property
    def full(self) -> bool:
        return self._unsent >= OUTBOX_MAX and not self._gone

    def room(self) -> None:
        """Blocks (call it on a thread) until fewer than OUTBOX_MAX events wait, or the ticker
        is gone."""
        with self._changed:
            while self._unsent >= OUTBOX_MAX and not self._gone:
                self._changed.wait(1.0)

    def _send(self) -> None:
        leave_job_control_to_main()
        while (event := self._queue.get()) is not None:
            try:
                self._connection.send(event)
            except OSError:
                with self._changed:
                    self._gone = True  # the command pipe's end says so to the loop
                    self._changed.notify_all()
                return
            with self._changed:
                self._unsent -= 1
                self._changed.notify_all()

    def close(self) -> None:
        """Sends what is queued, then ends."""
        self._queue.put(None)
        self._thread.join(5.0)
        with self._changed:
            self._gone = True
            self._changed.notify_all()


class _Listener(PollListener):
    def __init__(self, outbox: _Outbox) -> None:
        self.outbox = outbox

    def poll_started(self, source: Source) -> None:
        self.outbox.put(Started(source))

    def poll_finished(self, outcome: PollOutcome) -> None:
        self.outbox.put(Finished(outcome))

    def store_failed(self, message: str) -> None:
        self.outbox.put(StoreFailed(message))


class _Child:
    """The child's event loop: the poller's `run`, and the ticker's commands."""

    def __init__(self, setup: Setup, outbox: _Outbox, fetcher: Fetcher, gate: StopGate) -> None:
        self.outbox = outbox
        self.store = Store(setup.db_path, busy_timeout=setup.busy_timeout)
        self.store.take_turns(gate)  # ctrl+z stops this process between two transactions
        # The ticker's polls are indexed for search in the transaction that stores them, and
        # what a `fetch` left is indexed when the writer is idle: the ticker's searches then
        # seldom wait for the index (SearchStore.searchable).
        self.store.index_when_idle()
        self.store.on_wait = lambda text: outbox.put(StoreWaiting(text))
        self.fetcher = fetcher
        self.stories = StoryPlacer()
        # The Poller's own lanes bound the child's memory in a burst of due sources (5,000 at
        # a cold start held every body: ~700 MB); a finished poll keeps its lane while the
        # ticker reads late (the outbox's room), so the child stops polling ahead of it.
        self.poller = Poller(
            self.store,
            fetcher,
            jitter=setup.jitter,
            listener=_Listener(outbox),
            stories=self.stories,
            watchlist=Watchlist(setup.alerts),
            throttle=self._room,
        )
        self._placing: asyncio.Task[None] | None = None

    async def _room(self) -> None:
        if self.outbox.full:
            await asyncio.to_thread(self.outbox.room)

    def command(self, command: str) -> None:
        if command == POLL_NOW:
            self.poller.poll_now()
        elif command == RESCHEDULE:
            self.poller.reschedule()
        elif command == PLACE and (self._placing is None or self._placing.done()):
            self._placing = asyncio.create_task(self._place_backlog())

    async def _place_backlog(self) -> None:
        """As the ticker placed it in its own process: a chunk per write, each reported."""
        store = self.store
        try:
            if not await asyncio.to_thread(store.unplaced):
                return
            while True:
                placement = await self.stories.place_async(store)
                if placement:
                    self.outbox.put(Placed(placement))
                if not placement.more or not placement:
                    return
        except StoreError as exc:
            self.outbox.put(PlaceFailed(str(exc)))

    async def run(self, commands: asyncio.Queue[str | None]) -> None:
        """Polls until STOP or the pipe's end; a failure of polling propagates."""
        polling = asyncio.create_task(self.poller.run())
        self.command(PLACE)  # what an older newstui or a large `fetch` left
        try:
            while True:
                waiting = asyncio.create_task(commands.get())
                await asyncio.wait({polling, waiting}, return_when=asyncio.FIRST_COMPLETED)
                if polling.done():
                    waiting.cancel()
                    polling.result()  # raises what ended it
                    return
                command = waiting.result()
                if command is None or command == STOP:
                    return
                self.command(command)
        finally:
            for task in (polling, self._placing):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await task
            with contextlib.suppress(Exception):
                await self.fetcher.aclose()
            await asyncio.to_thread(self.store.close)  # its queued writes are committed first


def _read_commands(
    connection: Connection, loop: asyncio.AbstractEventLoop, commands: asyncio.Queue[str | None]
) -> None:
    """On a thread: each command onto the loop's queue; None once the pipe ends (the ticker
    closed it or died), which ends the child."""
    leave_job_control_to_main()
    try:
        while True:
            command = connection.recv()
            loop.call_soon_threadsafe(commands.put_nowait, command)
            if command == STOP:
                return
    except (EOFError, OSError):
        loop.call_soon_threadsafe(commands.put_nowait, None)


async def _serve(setup: Setup, commands_in: Connection, outbox: _Outbox, gate: StopGate) -> None:
    from newstui.net.fetch import Fetcher

    commands: asyncio.Queue[str | None] = asyncio.Queue()
    loop = asyncio.get_running_loop()
    threading.Thread(
        target=_read_commands,
        args=(commands_in, loop, commands),
        name="newstui-commands",
        daemon=True,
    ).start()
    child = _Child(setup, outbox, Fetcher(), gate)
    await child.run(commands)


def main(argv: list[str]) -> int:
    """The child: `argv` is [COMMANDS_FD, EVENTS_FD]. Exit 0 when told to stop or orphaned, 1
    after sending Crashed."""
    # Ctrl-C belongs to the ticker (in its terminal, a key): it stops the child through the pipe.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The ticker's ctrl+z sends SIGTSTP (ui/terminal_keys.py): stopped inside a transaction,
    # this process would hold the database's write lock against every other writer until `fg`.
    gate = StopGate()
    gate.install()
    commands_in = Connection(int(argv[0]), writable=False)
    outbox = _Outbox(Connection(int(argv[1]), readable=False))
    try:
        setup = commands_in.recv()
    except (EOFError, OSError):
        return 0
    with contextlib.suppress(OSError):
        os.nice(setup.nice)  # the parse workers it starts inherit it
    try:
        asyncio.run(_serve(setup, commands_in, outbox, gate))
    except BaseException:  # everything is the ticker's to show
        outbox.put(Crashed(traceback.format_exc()))
        outbox.close()
        return 1
    finally:
        from newstui.net.process_pool import shutdown_pool

        shutdown_pool()
    outbox.close()
    return 0
