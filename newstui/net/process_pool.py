"""Provides the worker processes that take CPU-heavy parsing and extraction off the event loop."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

_pool: ProcessPoolExecutor | None = None
_preload: list[str] = []
"""Modules the forkserver imports before it forks the workers (`preload`)."""


def preload(modules: list[str]) -> None:
    """Has the forkserver import `modules` once, before it forks the workers, when the pool
    starts (so each worker starts with them); to be called before the pool's first use."""
    _preload[:] = modules


def process_pool() -> ProcessPoolExecutor:
    """The shared pool, started on first use. feedparser and trafilatura hold the GIL for tens of
    milliseconds a document: in a thread they would freeze the interface; in a process, not."""
    global _pool
    if _pool is None:
        import multiprocessing

        # Set here, not by the command: importing the forkserver (~4 M instructions) is for a
        # round that starts workers, which a warm `fetch` does not.
        if _preload:
            multiprocessing.get_context("forkserver").set_forkserver_preload(_preload)

        # Textual swaps sys.stderr for a capture whose fileno() is -1, which multiprocessing would
        # hand to its helper process; give it the real one while the pool's helpers start.
        real = sys.__stderr__ if sys.__stderr__ is not None else sys.stderr
        with contextlib.redirect_stderr(real):
            # forkserver: forking a process that already runs threads (Textual, httpx) is unsafe.
            _pool = ProcessPoolExecutor(
                max_workers=2,
                mp_context=multiprocessing.get_context("forkserver"),
                initializer=end_with,
                initargs=(os.getpid(),),
            )
            with _ctrl_c_ignored():
                # Started now, inheriting "ignore Ctrl-C": the forkserver imports its preload
                # first and only then ignores it itself; a Ctrl-C in between printed its
                # traceback and broke the pool, so a `fetch` interrupted early exited 1, not 130.
                from multiprocessing import forkserver

                forkserver.ensure_running()
    return _pool


@contextlib.contextmanager
def _ctrl_c_ignored() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may change signal handling
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def end_with(pid: int) -> None:
    """Makes this worker exit when process `pid` (the one that started the pool) dies, even
    killed with SIGKILL. Otherwise it would wait forever on its task queue, whose write end it
    holds itself, and keep the forkserver alive too: three stray processes per killed newstui.
    Ctrl-C is for the process that started the pool to handle (it shuts the pool down): in a
    worker it would only print a traceback per worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch, args=(pid,), name="newstui-end-with", daemon=True).start()


def _watch(pid: int) -> None:
    try:
        handle = os.pidfd_open(pid)  # Linux: readable once the process has ended
    except ProcessLookupError:
        os._exit(0)
    except (AttributeError, OSError):  # elsewhere: ask every few seconds
        while _alive(pid):
            time.sleep(_POLL_SECONDS)
        os._exit(0)
    select.select([handle], [], [])
    os._exit(0)


_POLL_SECONDS = 2.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, someone else's: the pid was reused, so ours is gone
        return False
    return True


def shutdown_pool() -> None:
    """Stops the pool and waits until its workers have exited (a running parse is finished,
    pending ones are cancelled).

    Always waits: a process ending through multiprocessing joins its children on the way out,
    so waiting here costs nothing at exit. Not waiting raced CPython's own exit hook
    (concurrent.futures.process._python_exit wakes the manager thread through a pipe that the
    thread may be closing at that moment: "OSError: Bad file descriptor" printed on stderr at
    exit, a cron `fetch -q` that was not quiet; CPython gh-125451, fixed in 3.12.8 and 3.13.1
    by a lock, not in 3.11)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None
