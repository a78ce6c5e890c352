"""Provides PollChild: the ticker's side of its polling process (newstui.feeds.poll_process)."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import os
import subprocess
import sys
import tempfile
import threading
import traceback
from multiprocessing.connection import Connection
from typing import IO, TYPE_CHECKING

from newstui.feeds import poll_process as wire
from newstui.storage.store import Store
from newstui.ui.messages import (
    PollerFailed,
    PollFinished,
    PollStarted,
    StoreWaiting,
    StoriesPlaced,
)

if TYPE_CHECKING:
    from newstui.ui.app import NewsApp

CHILD = "import sys; from newstui.feeds.poll_process import main; sys.exit(main(sys.argv[1:]))"
"""The child's program. Not `-m newstui.feeds.poll_process`: run as __main__, its events would
be pickled as __main__'s classes, which this process cannot unpickle."""
STOP_WAIT = 10.0
"""Seconds `close` waits for the child to end its polls and commit its writes before it is
killed (a write may wait up to the store's busy timeout, 10 s, for another process's lock)."""
STDERR_SHOWN = 4000
"""Characters of the child's own error output shown when it ends unasked."""
HANDED_AHEAD = 32
"""PollFinished messages the reader hands the main screen beyond the last batch it has
handled: a screen that falls behind (a loaded machine, a 5,000-source round) then stops the
reading, the pipe fills and the child's polls wait (poll_process.OUTBOX_MAX), instead of every
outcome, 20-50 headlines each, queueing in the ticker."""


def same_imports() -> dict[str, str]:
    """The environment in which the child imports what this process imported: this process's
    sys.path as PYTHONPATH (with -P, the child's working folder is not put first, where a
    source checkout's newstui would have won over the installed one, or the other way round)."""
    paths = [path or os.getcwd() for path in sys.path]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


class PollProcessFailed(RuntimeError):
    """The polling process failed or ended unasked; the message says how, with its traceback."""


class PollChild:
    """Starts the polling process and hands what it reports to the app's loop as the same
    messages polling in this process posted: PollStarted and PollFinished to the main screen
    (a poll's alerts to TickerAlerts first, on the app's loop), StoreWaiting and PollerFailed
    to the app, StoriesPlaced after a backlog's chunk. Reads on a thread of its own: the
    interface's loop only handles the messages."""

    def __init__(self, app: NewsApp, store: Store, lease: int | None = None) -> None:
        """`lease`: the descriptor of the database's poll lease, which the child holds too:
        killed, the ticker's lease lasts until its child has ended its polls as well."""
        self.app = app
        self._loop = asyncio.get_running_loop()
        self._lock = threading.Lock()
        self._closing = False
        self._handed = 0
        self._handled: threading.Event | None = None
        """Set once the main screen has handled the messages of the batch before the last."""
        commands_read, commands_write = os.pipe()
        events_read, events_write = os.pipe()
        # The child's own error output, shown if it ends unasked; closed by close().
        self._stderr: IO[bytes] = tempfile.TemporaryFile(prefix="newstui-poll-")  # noqa: SIM115
        # Spawned, not forked: this process already runs threads (Textual's, the writer's).
        # Only the two pipe ends are passed: a child holding the ticker's end of its own
        # command pipe would never see it close.
        self.process = subprocess.Popen(
            [sys.executable, "-P", "-c", CHILD, str(commands_read), str(events_write)],
            env=same_imports(),
            pass_fds=(commands_read, events_write, *([] if lease is None else [lease])),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,  # never the terminal Textual draws on
        )
        app.stop_with_me(self.process.pid)  # ctrl+z stops its polls too
        os.close(commands_read)
        os.close(events_write)
        self._commands = Connection(commands_write, readable=False)
        self._events = Connection(events_read, writable=False)
        config = app.config
        self._send(wire.Setup(store.path, store.busy_timeout, config.jitter, config.alerts))
        # In a copy of this (the app's) context: Textual finds its app through a context
        # variable, and what the reader hands to the loop (the alerts' notice timer) runs in
        # the context it was handed over in; in a bare thread's, the notice never showed.
        self._reader = threading.Thread(
            target=contextvars.copy_context().run,
            args=(self._read,),
            name="newstui-poll-events",
            daemon=True,
        )
        self._reader.start()

    # Commands

    def poll_now(self) -> None:
        self._send(wire.POLL_NOW)

    def reschedule(self) -> None:
        self._send(wire.RESCHEDULE)

    def place_stories(self) -> None:
        self._send(wire.PLACE)

    def _send(self, command: object) -> None:
        with self._lock, contextlib.suppress(OSError):  # ended: the reader says so
            if not self._commands.closed:
                self._commands.send(command)

    # Events

    def _read(self) -> None:
        try:
            while True:
                event = self._events.recv()
                if isinstance(event, wire.Crashed):
                    self._failed(f"polling failed in its process:\n{event.text}")
                    return
                self._dispatch(event)
        except (EOFError, OSError):
            pass
        except Exception:  # a message it cannot read: as a crash, never a silent stop
            self._failed(f"polling's messages could not be read:\n{traceback.format_exc()}")
            return
        finally:
            self.app.stop_with_me(self.process.pid, stop=False)  # before its pid is reaped
        if not self._closing:
            self._failed(self._ended_unasked())

    def _dispatch(self, event: object) -> None:
        app = self.app
        if isinstance(event, wire.Started):
            app.main.post_message(PollStarted(event.source))
        elif isinstance(event, wire.Finished):
            if event.outcome.alerts:  # counted before the poll's PollFinished recounts
                self._loop.call_soon_threadsafe(app.alerts.fired, event.outcome.alerts)
            app.main.post_message(PollFinished(event.outcome))
            self._handed += 1
            if self._handed % HANDED_AHEAD == 0:
                self._keep_pace()
        elif isinstance(event, wire.StoreWaiting):
            app.post_message(StoreWaiting(event.text))
        elif isinstance(event, wire.StoreFailed | wire.PlaceFailed):
            app.notify(event.text, title="Database", severity="error", markup=False, timeout=10)
        elif isinstance(event, wire.Placed):
            app.main.post_message(StoriesPlaced(event.placement))

    def _keep_pace(self) -> None:
        """Marks the end of a batch in the main screen's queue (a callback after its messages)
        and waits until the screen has handled the batch before: at most two batches wait."""
        handled = threading.Event()
        if not self.app.main.call_later(handled.set):
            handled.set()  # the screen is closing: nothing to wait for
        before, self._handled = self._handled, handled
        while before is not None and not before.wait(0.5) and not self._closing:
            pass

    def _ended_unasked(self) -> str:
        try:
            code = self.process.wait(5.0)
        except subprocess.TimeoutExpired:
            code = None
        how = (
            "still running, not answering"
            if code is None
            else f"killed by signal {-code}"
            if code < 0
            else f"exit status {code}"
        )
        self._stderr.seek(0)
        said = self._stderr.read().decode(errors="replace")[-STDERR_SHOWN:].strip()
        return f"the polling process ended ({how})" + (f":\n{said}" if said else "")

    def _failed(self, text: str) -> None:
        self.app.post_message(PollerFailed(PollProcessFailed(text)))

    # End

    def close(self) -> None:
        """Tells the child to stop and waits for it (its polls cancelled, its writes
        committed), killing it after STOP_WAIT. Blocking: call it off the event loop."""
        self._closing = True
        self.app.stop_with_me(self.process.pid, stop=False)
        self._send(wire.STOP)
        try:
            self.process.wait(STOP_WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        with self._lock:
            self._commands.close()
        self._reader.join(STOP_WAIT)
        self._events.close()
        self._stderr.close()
