"""Provides StopGate: a process stopped by job control (ctrl+z) only between two write
transactions, never inside one."""

from __future__ import annotations

import os
import signal
import threading
import types

GATE_WAIT = 10.0
"""Seconds a stop waits for the transaction in progress to end before it stops the process
anyway: a transaction waits at most the store's busy timeout for the write lock (Store's
default: 10 s) and then runs in milliseconds."""


class StopGate:
    """Held around each write transaction (Store.take_turns); `stop` stops the process once it
    holds the gate.

    Why: a process stopped inside a transaction keeps SQLite's write lock (WAL mode: from BEGIN
    IMMEDIATE to COMMIT) for as long as it is stopped, and every other writer of the database
    (a cron `fetch`, `newstui sync`, another ticker) waits out its busy timeout and fails with
    "database is locked". SIGSTOP cannot be caught, so the ticker sends SIGTSTP, which
    `install` makes wait for the gate and then stop with SIGSTOP. Re-entrant: a stop arriving
    on the thread that holds the gate stops at once rather than waiting for itself.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._continued = 0
        """SIGCONTs seen (`install`): a stop that waited for a transaction skips stopping when
        one came meanwhile (the user's `fg` came first)."""

    def __enter__(self) -> StopGate:
        self._lock.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        self._lock.release()

    def stop(self, wait: float = GATE_WAIT) -> None:
        """Stops this process (SIGSTOP) when no transaction is open, or after `wait` seconds;
        returns once it is continued (SIGCONT). Does not stop when continued while it waited:
        a ctrl+z and `fg` within one transaction (or its wait for another process's lock, up to
        the busy timeout) left the process stopped for good, polling nothing, after the
        ticker had gone on."""
        continued = self._continued
        held = self._lock.acquire(timeout=wait)
        try:
            if not self._continued_since(continued):
                os.kill(os.getpid(), signal.SIGSTOP)
        finally:
            if held:
                self._lock.release()

    def install(self) -> None:
        """Makes SIGTSTP (a terminal's stop, or the ticker's on ctrl+z) call `stop`. Call it
        from the main thread (Python's signal handlers run there)."""
        signal.signal(signal.SIGTSTP, lambda _signum, _frame: self.stop())
        signal.signal(signal.SIGCONT, self._count_continue)

    def _count_continue(self, _signum: int, _frame: types.FrameType | None) -> None:
        self._continued += 1

    def _continued_since(self, seen: int) -> bool:
        # A call of its own: a SIGCONT's handler still pending (the signal taken by another
        # thread, so the wait was not interrupted) runs as a Python function starts.
        return self._continued != seen


JOB_CONTROL = frozenset({signal.SIGTSTP, signal.SIGCONT})
"""The signals StopGate handles (`install`)."""


def leave_job_control_to_main() -> None:
    """Blocks SIGTSTP and SIGCONT in the calling thread: call it first in each long-lived thread
    of a process that installs a StopGate.

    Why: Python runs every signal handler in the main thread, but the kernel may deliver a
    process's signal to any thread not blocking it. One taken by another thread waits, pending,
    until the main thread next runs Python, and a main thread blocked on a lock (waiting for the
    writer's job) never does: ctrl+z went unanswered until the transaction ended (CI once, in
    test_stop_gate_continued). Blocked here, the kernel gives them to the main thread, whose
    wait they interrupt. SIGCONT still continues a stopped process when blocked (POSIX).
    """
    signal.pthread_sigmask(signal.SIG_BLOCK, JOB_CONTROL)
