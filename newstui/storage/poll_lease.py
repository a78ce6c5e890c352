"""Provides PollLease: which one process polls a database's sources (an OS lock beside the file)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; every process polls, as before the lease
    fcntl = None  # type: ignore[assignment]

SUFFIX = "-poller"
"""The lease file's name is the database's with this after it, as SQLite's -wal and -shm are."""
HOLDER_MAX = 200
"""Bytes of the lease file read for its holder's line (it writes ~20)."""


@dataclass(frozen=True)
class Holder:
    """The process that holds a lease, as it wrote itself into the lease file."""

    pid: int
    kind: str
    """"ticker" (it polls on its schedule and takes asks to poll now) or "fetch" (one round)."""

    def describe(self) -> str:
        """How the user knows it: "newstui (pid 123)", "newstui fetch (pid 123)"."""
        name = "newstui" if self.kind == "ticker" else f"newstui {self.kind}"
        return f"{name} (pid {self.pid})"

    def stopped(self) -> bool:
        """Whether the holder is stopped by job control (ctrl+z: state T in /proc/PID/stat,
        proc(5)): it keeps the lease and polls nothing until it goes on. False where /proc
        does not tell (not Linux, a process gone)."""
        try:
            with open(f"/proc/{self.pid}/stat", "rb") as file:
                stat = file.read(512)
        except OSError:
            return False
        state = stat.rpartition(b")")[2].split()[:1]  # after the name, which may hold spaces
        return state in ([b"T"], [b"t"])

    def stopped_note(self) -> str:
        """What to tell a user whose poll a stopped holder blocks."""
        return (
            f"{self.describe()} is stopped (ctrl+z): nothing is polled until it goes on "
            "(fg in its terminal) or quits"
        )


def lease_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SUFFIX)


class PollLease:
    """The right to poll the sources of one database, held by one process at a time.

    An exclusive flock(2) on a file beside the database. Why flock: the kernel drops it when the
    last descriptor of the open file goes, so a holder that crashes or is killed (SIGKILL too)
    leaves no stale lease, with no heartbeat to write and no timeout to guess (a ticker stopped
    by ctrl+z is not taken for dead). A lock row in the database would need both. POSIX record
    locks (fcntl/lockf) are per process: two tickers in one process (tests) would both hold
    it, and closing any descriptor of the file drops them. The holder writes its pid and kind
    into the file, for the others to say who polls (and to ask it to poll now).

    `try_take` never blocks: a follower calls it again now and then (ui/follow_holder.py)."""

    def __init__(self, db_path: Path) -> None:
        self.path = lease_path(db_path)
        self._fd: int | None = None
        self.held = False

    def try_take(self, kind: str) -> bool:
        """Takes the lease if no other process holds it (True), writing `kind` and this pid
        into it; False when another holds it. Raises OSError when the file cannot be opened
        (a read-only folder): the caller polls then, as without a lease."""
        if self.held:
            return True
        if fcntl is None:
            self.held = True
            return True
        if self._fd is None:  # kept open between tries: a follower tries every second
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        self.held = True
        line = f"{os.getpid()} {kind}\n".encode()
        with contextlib.suppress(OSError):  # who holds it is only said, never relied on
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, line, 0)
        return True

    def holder(self) -> Holder | None:
        """Who holds the lease as the file says (None: nobody, or a holder that has not
        written itself yet). Only meaningful after a `try_take` that failed."""
        try:
            with open(self.path, "rb") as file:
                text = file.read(HOLDER_MAX).decode(errors="replace")
        except OSError:
            return None
        pid, _, kind = text.strip().partition(" ")
        if not pid.isdigit() or not kind:
            return None
        return Holder(int(pid), kind)

    def fileno(self) -> int | None:
        """The held lock's descriptor, for a child process that polls for this one to hold it
        too: the lease then lasts until both have ended (no overlap of polls)."""
        return self._fd if self.held else None

    def release(self) -> None:
        """Gives the lease up (and the file's holder line). Idempotent."""
        fd, self._fd = self._fd, None
        if fd is None:
            self.held = False
            return
        if self.held:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)  # while still held: no one reads a holder that left
        self.held = False
        os.close(fd)  # drops the lock, unless a child holds it too
