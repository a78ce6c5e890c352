"""Provides the worker processes that take CPU-heavy parsing and extraction off the event loop."""

from __future__ import annotations

import contextlib
import sys
from concurrent.futures import ProcessPoolExecutor

_pool: ProcessPoolExecutor | None = None


def process_pool() -> ProcessPoolExecutor:
    """The shared pool, started on first use. feedparser and trafilatura hold the GIL for tens of
    milliseconds a document: in a thread they would freeze the interface; in a process, not."""
    global _pool
    if _pool is None:
        import multiprocessing

        # Textual swaps sys.stderr for a capture whose fileno() is -1, which multiprocessing would
        # hand to its helper process; give it the real one while the pool's helpers start.
        real = sys.__stderr__ if sys.__stderr__ is not None else sys.stderr
        with contextlib.redirect_stderr(real):
            # forkserver: forking a process that already runs threads (Textual, httpx) is unsafe.
            _pool = ProcessPoolExecutor(
                max_workers=2, mp_context=multiprocessing.get_context("forkserver")
            )
    return _pool


def shutdown_pool(*, wait: bool = False) -> None:
    """Stops the pool. `wait`: until its workers have exited, as a process that ends through
    multiprocessing must (it joins its children on the way out, and would wait on idle workers
    forever)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=wait, cancel_futures=True)
        _pool = None
