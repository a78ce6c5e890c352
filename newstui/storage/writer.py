"""Provides the writer: one thread that owns the writing connection and runs write jobs in turn.

Why a thread: a write may wait up to the busy timeout for another process (a `fetch` from cron)
to release SQLite's write lock. Waiting in a thread of its own, holding no Python lock, means
nobody else waits with it: readers have their own connections, and callers only wait for their
own job's future, synchronously (`call`) or awaited (`call_async`).
"""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from newstui.storage.connections import open_writing
from newstui.storage.errors import StoreError, explain, is_busy

T = TypeVar("T")

Job = Callable[[sqlite3.Connection], T]
"""A write: given the writing connection (inside a transaction unless asked otherwise), does
its statements and returns what the caller gets back."""

WAIT_NOTICE = 0.5
"""Seconds a write waits for another process's lock before `on_wait` hears of it."""


@dataclass
class _Queued(Generic[T]):
    job: Job[T]
    transaction: bool
    future: Future[T]


class Writer:
    """The one writing connection of a Store and the thread that uses it.

    Jobs run one at a time in the order submitted, each in one IMMEDIATE transaction (it takes
    the write lock up front, so two processes queue instead of failing half-way). A job's
    sqlite3 errors roll it back and come back as StoreError naming the file and what to do;
    whatever was committed before stays. The thread starts at the first job and ends at close().
    """

    def __init__(self, path: Path, busy_timeout: float) -> None:
        """Opens the connection now, so that a file that cannot be used fails here. Raises
        sqlite3 errors and OSError."""
        self.path = path
        self.busy_timeout = busy_timeout
        self.on_wait: Callable[[str], None] | None = None
        self._db = open_writing(path, busy_timeout)
        self._jobs: queue.SimpleQueue[_Queued[Any] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._state = threading.Lock()
        """Guards starting and closing, never a job."""
        self._closed = False

    def submit(self, job: Job[T], *, transaction: bool = True) -> Future[T]:
        """Queues `job`; its future gives its result or StoreError. Once queued, a job runs even
        if nobody waits for it any more. `transaction=False` runs it bare (for PRAGMAs)."""
        future: Future[T] = Future()
        with self._state:
            if self._closed:
                raise StoreError(f"{self.path}: the database was closed")
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, name=f"newstui-writer {self.path.name}", daemon=True
                )
                self._thread.start()
            self._jobs.put(_Queued(job, transaction, future))
        return future

    def call(self, job: Job[T], *, transaction: bool = True) -> T:
        """Runs `job` and waits for it (up to the busy timeout, and more while jobs queued
        before it run). Raises StoreError."""
        if threading.current_thread() is self._thread:
            # on_wait, or a job, writing: it would wait for itself for ever.
            raise RuntimeError("a store write from the writer thread would wait for itself")
        return self.submit(job, transaction=transaction).result()

    async def call_async(self, job: Job[T]) -> T:
        """Runs `job` without blocking the event loop. Cancelling the awaiting task does not
        cancel the write: a write once asked for is done. Raises StoreError."""
        return await asyncio.shield(asyncio.wrap_future(self.submit(job)))

    def close(self) -> None:
        """Runs the jobs already queued, then ends the thread and closes the connection."""
        with self._state:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
            if thread is not None:
                self._jobs.put(None)
        if thread is not None and thread is not threading.current_thread():
            thread.join()
        self._db.close()

    def _serve(self) -> None:
        while (queued := self._jobs.get()) is not None:
            if not queued.future.set_running_or_notify_cancel():
                continue
            try:
                result = self._run(queued.job, queued.transaction)
            except BaseException as exc:  # the caller gets it, whatever it is
                queued.future.set_exception(exc)
            else:
                queued.future.set_result(result)

    def _run(self, job: Job[T], transaction: bool) -> T:
        if not transaction:
            try:
                return job(self._db)
            except sqlite3.Error as exc:
                raise StoreError(explain(self.path, self.busy_timeout, exc)) from None
        try:
            self._begin()
        except sqlite3.Error as exc:
            raise StoreError(explain(self.path, self.busy_timeout, exc)) from None
        try:
            result = job(self._db)
        except sqlite3.Error as exc:
            # A full disk, a corrupt page: what was written before stays, this one is undone
            # and reported as a message, never as a traceback.
            self._rollback()
            raise StoreError(explain(self.path, self.busy_timeout, exc)) from None
        except BaseException:
            self._rollback()
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise StoreError(explain(self.path, self.busy_timeout, exc)) from None
        return result

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, telling on_wait once the wait for another process passes
        WAIT_NOTICE seconds; waits up to busy_timeout in all."""
        if self.on_wait is None or self.busy_timeout <= WAIT_NOTICE:
            self._db.execute("BEGIN IMMEDIATE")
            return
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(WAIT_NOTICE * 1000)}")
            try:
                self._db.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise
            notice = self.on_wait
            # A notice that fails (an interface shutting down) must not cost the write itself.
            with suppress(Exception):
                if notice is not None:
                    notice(
                        f"{self.path}: another newstui process is writing to the database; "
                        f"waiting up to {self.busy_timeout:g} s"
                    )
            rest = self.busy_timeout - WAIT_NOTICE
            self._db.execute(f"PRAGMA busy_timeout = {int(rest * 1000)}")
            self._db.execute("BEGIN IMMEDIATE")
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")

    def _rollback(self) -> None:
        # SQLite rolls back by itself after some errors (SQLITE_FULL, SQLITE_IOERR): then there is
        # no transaction left to roll back, and saying so must not hide the first error.
        if self._db.in_transaction:
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
