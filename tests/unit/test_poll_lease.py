"""The poll lease on real files and real processes: one holder at a time (two in one process
too, as flock's locks are per open file), who holds it said in its file, and a holder killed
with SIGKILL leaves no stale lease."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from newstui.storage.poll_lease import Holder, PollLease, lease_path
from tests import lease_holder


def test_one_holder_at_a_time_and_the_file_says_who(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    first, second = PollLease(db), PollLease(db)
    assert first.try_take("ticker")
    assert lease_path(db) == tmp_path / "news.db-poller"
    assert not second.try_take("fetch")
    assert not second.try_take("fetch")  # again, as a follower tries every second
    assert second.holder() == Holder(os.getpid(), "ticker")
    assert second.holder().describe() == f"newstui (pid {os.getpid()})"  # type: ignore[union-attr]
    assert first.fileno() is not None and second.fileno() is None
    first.release()
    assert second.holder() is None  # a holder that left is not named
    assert second.try_take("fetch")
    assert first.holder() == Holder(os.getpid(), "fetch")
    assert first.holder().describe() == f"newstui fetch (pid {os.getpid()})"  # type: ignore[union-attr]
    second.release()
    second.release()  # idempotent


def test_a_holder_killed_with_sigkill_leaves_no_stale_lease(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    holder = lease_holder.start(db)
    try:
        mine = PollLease(db)
        assert not mine.try_take("ticker")
        assert mine.holder() == Holder(holder.pid, "ticker")
        holder.kill()
        holder.wait()
        assert mine.try_take("ticker")  # at once: the kernel dropped the lock with the process
        mine.release()
    finally:
        holder.kill()
        holder.wait()


def test_a_descriptor_passed_to_a_child_holds_the_lease_until_both_end(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    lease = PollLease(db)
    assert lease.try_take("ticker")
    fd = lease.fileno()
    assert fd is not None
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"],
        stdin=subprocess.PIPE,
        pass_fds=(fd,),
    )
    try:
        lease.release()  # this process's descriptor goes ...
        other = PollLease(db)
        assert not other.try_take("ticker")  # ... the child's still holds it
        assert child.stdin is not None
        child.stdin.close()
        child.wait()
        assert other.try_take("ticker")
        other.release()
    finally:
        child.kill()
        child.wait()


def test_a_holder_stopped_by_job_control_is_told_apart(tmp_path: Path) -> None:
    """A ticker stopped by ctrl+z keeps the lease; `fetch` and a follower's `r` say so rather
    than that it polls. A real process, stopped and continued."""
    import signal
    import time

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        holder = Holder(child.pid, "ticker")
        assert not holder.stopped()
        os.kill(child.pid, signal.SIGSTOP)
        for _ in range(100):
            if holder.stopped():
                break
            time.sleep(0.02)
        assert holder.stopped()
        assert "is stopped (ctrl+z)" in holder.stopped_note()
        os.kill(child.pid, signal.SIGCONT)
        for _ in range(100):
            if not holder.stopped():
                break
            time.sleep(0.02)
        assert not holder.stopped()
    finally:
        child.kill()
        child.wait()
    assert not Holder(child.pid, "ticker").stopped()  # gone: not stopped
