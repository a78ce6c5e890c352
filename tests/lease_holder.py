"""Provides a second process for the poll lease's tests: a holder of a database's lease.

It holds the lease as a ticker would, stores a headline for each `store TITLE` line on stdin,
and says `asked` when a follower asks it to poll (SIGUSR1), as a holding ticker hears it.

    python -m tests.lease_holder DB   # prints "held" once it holds the lease
"""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

from newstui.models import FeedEntry
from newstui.storage.poll_lease import PollLease
from newstui.storage.store import Store

ROOT = Path(__file__).resolve().parents[1]


def start(db: Path) -> subprocess.Popen[str]:
    """The holder of `db`'s lease, once it holds it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.lease_holder", str(db)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    return process


def main(argv: list[str]) -> int:
    db = Path(argv[0])
    lease = PollLease(db)

    def asked(signum: int, frame: FrameType | None) -> None:
        print("asked", flush=True)

    signal.signal(signal.SIGUSR1, asked)
    if not lease.try_take("ticker"):
        print("not held", flush=True)
        return 1
    print("held", flush=True)
    for n, line in enumerate(sys.stdin):
        command, _, title = line.strip().partition(" ")
        if command != "store":
            continue
        store = Store(db)
        try:
            source = store.sources()[0]
            entry = FeedEntry(f"held-{n}", title, f"http://127.0.0.1:9/{n}", datetime.now(UTC))
            store.save_poll(source, [entry])
        finally:
            store.close()
        print("stored", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
