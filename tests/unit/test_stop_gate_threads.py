"""Tests that the threads of a process with a StopGate leave SIGTSTP and SIGCONT to its main
thread: the kernel may hand a process's signal to any thread not blocking it, and one taken by
the writer's thread went unanswered while the main thread waited on the writer (CI once: ctrl+z
inside a transaction was not seen until the transaction ended)."""

from __future__ import annotations

import signal
from multiprocessing import Pipe
from pathlib import Path

from newstui.feeds.poll_process import _Outbox
from newstui.storage.store import Store
from newstui.storage.writer import Writer


def blocked(native_id: int) -> set[int]:
    """The signals a thread of this process blocks (/proc/self/task/TID/status, SigBlk: a hex
    mask, bit N-1 for signal N)."""
    status = Path(f"/proc/self/task/{native_id}/status").read_text()
    mask = int(
        next(line for line in status.splitlines() if line.startswith("SigBlk:")).split()[1], 16
    )
    return {number for number in range(1, 65) if mask >> (number - 1) & 1}


def test_the_writers_thread_leaves_job_control_to_the_main_thread(tmp_path: Path) -> None:
    Store(tmp_path / "news.db").close()
    writer = Writer(tmp_path / "news.db", 10.0)
    try:
        writer.call(lambda _db: None)  # its thread runs
        assert writer._thread is not None and writer._thread.native_id is not None
        assert {signal.SIGTSTP, signal.SIGCONT} <= blocked(writer._thread.native_id)
    finally:
        writer.close()
    # The main thread still takes them (the handlers run there).
    assert not {signal.SIGTSTP, signal.SIGCONT} & signal.pthread_sigmask(signal.SIG_BLOCK, [])


def test_the_outboxs_thread_leaves_job_control_to_the_main_thread() -> None:
    receiving, sending = Pipe(duplex=False)
    outbox = _Outbox(sending)
    try:
        outbox.put("event")  # type: ignore[arg-type]  # any picklable value crosses the pipe
        assert receiving.recv() == "event"  # its thread has started and sent
        assert outbox._thread.native_id is not None
        assert {signal.SIGTSTP, signal.SIGCONT} <= blocked(outbox._thread.native_id)
    finally:
        outbox.close()
        receiving.close()
