"""Tests that worker processes do not outlive a newstui killed with SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

POOL_USER = """
import json, sys, time
from multiprocessing import forkserver
from newstui.net.process_pool import process_pool

pool = process_pool()
list(pool.map(time.sleep, [0.2, 0.2]))  # two jobs at once: both workers start
workers = sorted(pool._processes)
print(json.dumps({"workers": workers, "forkserver": forkserver._forkserver._forkserver_pid}))
sys.stdout.flush()
time.sleep(60)
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is gone for our purpose
        return stat.read().split(")")[-1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_and_forkserver_end_when_their_newstui_is_killed() -> None:
    user = subprocess.Popen([sys.executable, "-c", POOL_USER], stdout=subprocess.PIPE, text=True)
    try:
        assert user.stdout is not None
        started = json.loads(user.stdout.readline())
        pids = [*started["workers"], started["forkserver"]]
        assert len(started["workers"]) == 2 and all(alive(p) for p in pids)
        user.send_signal(signal.SIGKILL)
        user.wait(10)
        deadline = time.monotonic() + 10
        while any(alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [p for p in pids if alive(p)], "left running after newstui was killed"
    finally:
        user.kill()


SHUT_DOWN = """
import json, sys, time
from newstui.net.process_pool import process_pool, shutdown_pool

pool = process_pool()
list(pool.map(time.sleep, [0.1, 0.1]))
workers = sorted(pool._processes)
manager = pool._executor_manager_thread
shutdown_pool()
print(json.dumps({"workers": workers, "manager_alive": manager.is_alive()}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_shutdown_pool_returns_once_workers_and_manager_have_ended() -> None:
    # Returning earlier raced CPython 3.11's exit hook: "OSError: Bad file descriptor" on the
    # stderr of a `fetch -q` (CPython gh-125451). Once the manager thread has ended, the exit
    # hook has nothing left to wake.
    done = subprocess.run(
        [sys.executable, "-c", SHUT_DOWN], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and not done.stderr, done.stderr
    report = json.loads(done.stdout)
    assert len(report["workers"]) == 2
    assert not report["manager_alive"]
    assert not [p for p in report["workers"] if alive(p)]
