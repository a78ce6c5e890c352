"""Tests StopGate when the stop is taken back while it waits: a ctrl+z then `fg` (SIGTSTP then
SIGCONT) that both arrive while a write transaction is open leaves the process running once the
transaction commits; it stopped itself after the continue, and stayed stopped (no news) until
the next ctrl+z and fg."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from tests.unit.test_stop_gate import HANG_GUARD, process_state, started

# The polling process's arrangement (feeds/poll_process.py), as in test_stop_gate.py; the gate
# says "stopping" as its stop begins to wait, so that the test continues it during the wait
# (CI once continued it before the stop had counted, and it stopped: the test's race).
CHILD = """
import sys
import threading
import time
from pathlib import Path
from typing import IO
from newstui.storage.stop_gate import StopGate
from newstui.storage.writer import Writer

# The gate's lock, saying "stopping" as the stop (the main thread) begins to wait for it:
# after the stop has counted the continues so far, so that the test's continue is a later one
# (said before the count, a continue could be counted in it and the stop would go ahead).
class SayingLock:
    def __init__(self, lock):
        self.lock = lock

    def acquire(self, *args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            print("stopping", flush=True)
        return self.lock.acquire(*args, **kwargs)

    def release(self):
        self.lock.release()

gate = StopGate()
gate._lock = SayingLock(gate._lock)
gate.install()
writer = Writer(Path(sys.argv[1]), 10.0)
writer.turns = gate

def job(db):
    print("in", flush=True)
    sys.stdin.readline()
    db.execute("INSERT INTO t VALUES (1)")

writer.call(job)
print("committed", flush=True)
sys.stdin.readline()
writer.close()
"""


@pytest.fixture
def child(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    with started(CHILD, tmp_path) as (process, _db):
        yield process


def _read(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)


def _next_line(lines: queue.Queue[str], pid: int) -> str:
    """The child's next line; AssertionError as soon as it is seen stopped instead."""
    deadline = time.monotonic() + HANG_GUARD
    while True:
        try:
            return lines.get(timeout=0.05)
        except queue.Empty:
            assert process_state(pid) != "T", "stopped after its stop was taken back (fg)"
            assert time.monotonic() < deadline, "no line"


def test_a_stop_continued_while_it_waits_does_not_stop(child: subprocess.Popen[str]) -> None:
    assert child.stdin is not None and child.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_read, args=(child.stdout, lines), daemon=True).start()
    assert _next_line(lines, child.pid) == "in\n"  # its transaction is open
    os.kill(child.pid, signal.SIGTSTP)  # ctrl+z
    assert _next_line(lines, child.pid) == "stopping\n"  # it waits for the transaction's end
    os.kill(child.pid, signal.SIGCONT)  # fg, before the transaction ended
    child.stdin.write("go on\n")
    child.stdin.flush()
    assert _next_line(lines, child.pid) == "committed\n"  # the stop is over
    child.stdin.write("end\n")
    child.stdin.flush()
    assert child.wait(HANG_GUARD) == 0
