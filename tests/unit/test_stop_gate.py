"""Tests StopGate in a real process on a real database: a stop (SIGTSTP, the ticker's ctrl+z)
that arrives inside a write transaction waits for its commit, so the stopped process holds no
write lock and another writer (a cron `fetch`) gets in."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newstui.storage.store import Store

HANG_GUARD = 30.0
"""Seconds after which a wait counts as hung (never reached when all is well)."""

# The polling process's arrangement (feeds/poll_process.py): the gate installed for SIGTSTP
# and held around each of its store's transactions. The job says "in" from inside its
# transaction and waits for a line on stdin before it writes and returns (then it commits).
CHILD = """
import sys
from pathlib import Path
from newstui.storage.stop_gate import StopGate
from newstui.storage.writer import Writer

gate = StopGate()
gate.install()
writer = Writer(Path(sys.argv[1]), 10.0)
writer.turns = gate

def job(db):
    print("in", flush=True)
    sys.stdin.readline()
    db.execute("INSERT INTO t VALUES (1)")

writer.call(job)
print("committed", flush=True)
writer.close()
"""


def until(condition: Callable[[], bool], timeout: float) -> None:
    """Returns once `condition()` holds (a state, not a time); AssertionError after `timeout`."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not reached in {timeout:.0f} s"
        time.sleep(0.02)


def process_state(pid: int) -> str:
    """The process's state letter (/proc/PID/stat: 'T' stopped)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


@contextlib.contextmanager
def started(script: str, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """`script` run on a real store's file (WAL mode, as the ticker's) holding a table t; the
    process and the file. A process a failed test left stopped is continued and killed."""
    db = tmp_path / "news.db"
    Store(db).close()
    raw = sqlite3.connect(db)
    raw.execute("CREATE TABLE t (x INTEGER)")
    raw.commit()
    raw.close()
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield process, db
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGCONT)
            process.kill()
        process.wait(HANG_GUARD)


@pytest.fixture
def child(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    with started(CHILD, tmp_path) as running:
        yield running


def test_a_stop_inside_a_transaction_waits_for_its_commit(
    child: tuple[subprocess.Popen[str], Path],
) -> None:
    process, db = child
    assert process.stdin is not None and process.stdout is not None
    assert process.stdout.readline() == "in\n"  # its transaction holds the write lock now
    os.kill(process.pid, signal.SIGTSTP)
    process.stdin.write("go on\n")
    process.stdin.flush()
    until(lambda: process_state(process.pid) == "T", HANG_GUARD)
    # Stopped: another writer takes the write lock at once (stopped inside its transaction,
    # the child would hold it until continued, and this would fail with "database is locked").
    other = sqlite3.connect(db, timeout=1.0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t VALUES (2)")
    other.execute("COMMIT")
    other.close()
    assert process_state(process.pid) == "T"
    os.kill(process.pid, signal.SIGCONT)  # as the shell's `fg`
    assert process.stdout.readline() == "committed\n"
    assert process.wait(HANG_GUARD) == 0
    rows = sqlite3.connect(db).execute("SELECT x FROM t ORDER BY x").fetchall()
    assert rows == [(1,), (2,)]


def test_a_stop_between_transactions_stops_at_once(
    child: tuple[subprocess.Popen[str], Path],
) -> None:
    process, _db = child
    assert process.stdin is not None and process.stdout is not None
    assert process.stdout.readline() == "in\n"
    process.stdin.write("go on\n")
    process.stdin.flush()
    assert process.stdout.readline() == "committed\n"
    os.kill(process.pid, signal.SIGTSTP)
    until(lambda: process_state(process.pid) in ("T", "Z"), HANG_GUARD)
