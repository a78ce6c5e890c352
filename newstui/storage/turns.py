"""Provides WriteTurns: the processes of one `fetch` round taking turns at the database's write
lock through a file lock, so that one waits for its sibling's commit without SQLite's sleeps."""

from __future__ import annotations

import fcntl
import os
import tempfile
import types
from pathlib import Path

CHECKPOINT_PAGES = 8192
"""Pages the WAL holds before a writer taking turns checkpoints it (SQLite's default: 1,000;
Writer.take_turns says why): ~32 MiB, checkpointed about every 4 of a cold round's
transactions. Cold rounds of 500 feeds x 50 items over 50 hosts (benchmarks/cold_idle.py,
interleaved against the code before, other jobs' load 13-24 held off by the benchmark's
autogroup at nice -20): faster in 17 of 18 pairs, the wall 2.40 against 2.59 s and 2.49
against 2.69 s (medians of 8 and 10), the writers' wait for their turn 2.17 against 2.61 s,
the cores idle 1.56 against 1.88 core-s, CPU the same (3.27 against 3.35 s); the serial end
the same (0.05 s: the last close checkpoints what is left)."""


class WriteTurns:
    """A lock file the processes of one round hold around each write transaction.

    Why: SQLite's busy handler retries a taken write lock by sleeping (1 ms, growing to 100 ms a
    try: sqliteDefaultBusyCallback), so a process waiting for its sibling's commit woke up to
    100 ms late, and after 0.5 s said "another newstui process is writing" of its own sibling
    (4 of 5 loaded rounds of 500 feeds, benchmarks/RESULTS.md, coldwall). flock(2) wakes the
    waiter when the holder lets go, and the kernel lets go for a process that dies, so a killed
    helper cannot leave the round stuck. Correctness does not rest on it: SQLite's own lock still
    guards every transaction, and a process outside the round (the ticker, a cron `fetch`) is
    still waited for, and told of, as before.

    Usable in any process that has the path: each process opens the file itself (a lock belongs
    to an open file, and a fork's inherited descriptor would share its parent's). Re-entrant
    within one thread of one process. Raises OSError when the file cannot be opened or locked.
    """

    def __init__(self, path: Path) -> None:
        """`path`: an existing file (see `create`)."""
        self.path = path
        self._fd: int | None = None
        self._pid = 0
        self._depth = 0

    @classmethod
    def create(cls) -> WriteTurns:
        """A new, empty lock file in the temporary directory; `remove` deletes it."""
        fd, name = tempfile.mkstemp(prefix="newstui-round-", suffix=".lock")
        os.close(fd)
        return cls(Path(name))

    def __enter__(self) -> WriteTurns:
        if self._depth == 0:
            fcntl.flock(self._open(), fcntl.LOCK_EX)
        self._depth += 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        """Closes this process's descriptor (letting go of the lock). Idempotent."""
        if self._fd is not None and self._pid == os.getpid():
            os.close(self._fd)
        self._fd = None
        self._depth = 0

    def remove(self) -> None:
        """Closes, and deletes the file (the round is over). Idempotent."""
        self.close()
        self.path.unlink(missing_ok=True)

    def _open(self) -> int:
        if self._fd is None or self._pid != os.getpid():
            self._fd = os.open(self.path, os.O_RDWR | os.O_CLOEXEC)
            self._pid = os.getpid()
        return self._fd
