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
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import AbstractContextManager, nullcontext, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Generic, TypeVar

from newstui.storage.connections import open_writing
from newstui.storage.errors import StoreError, explain, is_busy
from newstui.storage.stop_gate import leave_job_control_to_main

T = TypeVar("T")

Job = Callable[[sqlite3.Connection], T]
"""A write: given the writing connection (inside a transaction unless asked otherwise), does
its statements and returns what the caller gets back. It may run twice (again, alone, after
another job of its transaction failed), so it touches nothing but the database."""

WAIT_NOTICE = 0.5
"""Seconds a write waits for another process's lock before `on_wait` hears of it."""
GROUP_MAX = 64
"""Jobs already queued that one transaction takes at most. Committing several at once writes
the pages they share (indexes, the search index's segments) once: a `fetch` round queues its
polls' writes faster than they commit one by one."""
DEFAULT_CHECKPOINT = 1000
"""SQLite's own bound on the WAL's pages before a commit checkpoints it."""
GROUP_SECONDS = 0.05
"""No job joins a transaction that has run this long (seconds), so that a caller at the head
of the queue hears soon, and another process waiting for the lock gets it."""


@dataclass
class _Queued(Generic[T]):
    job: Job[T]
    transaction: bool
    future: Future[T]


class Writer:
    """The one writing connection of a Store and the thread that uses it.

    Jobs run one at a time in the order submitted, inside IMMEDIATE transactions (which take
    the write lock up front, so two processes queue instead of failing half-way); jobs queued
    together share one (see GROUP_MAX). A job's sqlite3 errors undo it and come back as
    StoreError naming the file and what to do; whatever was committed before stays. A caller
    hears of its job once it is committed. The thread starts at the first job and ends at
    close().
    """

    def __init__(self, path: Path, busy_timeout: float) -> None:
        """Opens the connection now, so that a file that cannot be used fails here. Raises
        sqlite3 errors and OSError."""
        self.path = path
        self.busy_timeout = busy_timeout
        self.on_wait: Callable[[str], None] | None = None
        self.turns: AbstractContextManager[object] | None = None
        """Held around each transaction when set (take_turns)."""
        self._db = open_writing(path, busy_timeout)
        self._jobs: queue.SimpleQueue[_Queued[Any] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._state = threading.Lock()
        """Guards starting and closing, never a job."""
        self._closed = False
        self._checkpoint_pages = 0
        """Pages of WAL past which this connection checkpoints it (0: SQLite's default)."""
        self._checkpointing = 0
        """What the connection was last told (_begin)."""
        self.idle: Job[bool] | None = None
        """Run, in a transaction of its own, whenever the queue is empty after a write, until
        it returns False (nothing left to do) or fails; again after the next write. The
        store's search index catch-up (SearchStore.index_when_idle)."""
        self.closing: Job[bool] | None = None
        """Run at the end of every transaction, before its COMMIT: the same catch-up, so that
        no other connection sees this one's writes unindexed (SearchStore.index_when_idle);
        the idle job runs after it only when it says that more is left."""
        self._idle_left = False

    def take_turns(self, turns: AbstractContextManager[object], checkpoint_pages: int = 0) -> None:
        """Holds `turns` around each transaction from now on; with `checkpoint_pages`, SQLite
        checkpoints the WAL once it holds that many pages, not at its 1,000.

        Why: a checkpoint runs in the COMMIT that passes the bound, inside the turn, and syncs
        the WAL and the database file (fdatasync, twice): the writers of a `fetch` round, whose
        transactions each add ~2,000 pages, checkpointed after nearly every one (~77 a cold
        round of 500 feeds, ~860 MB written to disk for a 113 MB file), and the disk's waits
        held the turn that the round's other process waited for (benchmarks/write_turns.py,
        cold_idle.py; storage.turns.CHECKPOINT_PAGES). Bound as it is, the WAL still restarts
        from its start after each checkpoint, and the last close checkpoints what is left."""
        self.turns = turns
        self._checkpoint_pages = checkpoint_pages  # set by the next transaction (_begin)

    def submit(self, job: Job[T], *, transaction: bool = True) -> Future[T]:
        """Queues `job`; its future gives its result or StoreError. Once queued, a job runs even
        if nobody waits for it any more. `transaction=False` runs it bare (for PRAGMAs)."""
        future: Future[T] = Future()
        with self._state:
            self._start()
            self._jobs.put(_Queued(job, transaction, future))
        return future

    def start(self) -> None:
        """Starts the thread now rather than at the first job (it inherits the starting
        thread's CPU priority then). Raises StoreError once closed."""
        with self._state:
            self._start()

    def _start(self) -> None:
        if self._closed:
            raise StoreError(f"{self.path}: the database was closed")
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._serve, name=f"newstui-writer {self.path.name}", daemon=True
            )
            self._thread.start()

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
            if thread is None:
                self._db.close()
                return
            self._jobs.put(None)  # the thread closes the connection once it gets there
        if thread is not threading.current_thread():  # (a collected Store, collected there)
            thread.join()

    def _serve(self) -> None:
        leave_job_control_to_main()  # the polling process's ctrl+z is the main thread's to take
        waiting: deque[_Queued[Any] | None] = deque()
        while True:
            if waiting:
                queued = waiting.popleft()
            elif self._idle_left and self.idle is not None:
                try:
                    queued = self._jobs.get_nowait()
                except queue.Empty:
                    self._idle_left = self._run_idle(self.idle)
                    continue
            else:
                queued = self._jobs.get()
            if queued is None:
                self._db.close()
                return
            if not queued.future.set_running_or_notify_cancel():
                continue
            if queued.transaction:
                self._idle_left = True  # unless the transaction's closing job did it all
                with self.turns or nullcontext():
                    self._run_group(queued, waiting)
            else:
                self._settle(queued, partial(self._bare, queued.job))

    def _run_idle(self, job: Job[bool]) -> bool:
        """One run of the idle job, between two turns like any write; False once it failed (a
        search, or the next idle run after a write, does it then)."""
        try:
            with self.turns or nullcontext():
                left = self._alone_now(job)
            return self._idle_left if self.closing is not None else left
        except Exception:  # nobody waits for it: left to the next write, or a search
            return False

    def _next(self, waiting: deque[_Queued[Any] | None]) -> _Queued[Any] | None:
        """The next queued transactional job if one is waiting right now, else None (a bare
        job or the end of the queue is put back, to run after the group)."""
        while True:
            if waiting:
                queued = waiting[0]
                if queued is None or not queued.transaction:
                    return None
                waiting.popleft()
            else:
                try:
                    queued = self._jobs.get_nowait()
                except queue.Empty:
                    return None
                if queued is None or not queued.transaction:
                    waiting.append(queued)
                    return None
            if queued.future.set_running_or_notify_cancel():
                return queued

    def _run_group(self, first: _Queued[Any], waiting: deque[_Queued[Any] | None]) -> None:
        """Runs `first`, and the jobs queued behind it, in one transaction (GROUP_MAX at most,
        for about GROUP_SECONDS). When one fails, the transaction is undone and each of them
        runs again alone, so that only the failing one fails. Not a savepoint each: that costs
        a statement journal (a temporary file) per job, and makes the search index flush its
        pending terms per job, which is what grouping saves."""
        try:
            self._begin()
        except sqlite3.Error as exc:
            self._fail([first], exc)
            return
        started = time.monotonic()
        group = [first]
        results: list[object] = []
        try:
            while True:
                results.append(group[-1].job(self._db))
                if len(group) >= GROUP_MAX or time.monotonic() - started > GROUP_SECONDS:
                    break
                queued = self._next(waiting)
                if queued is None:
                    break
                group.append(queued)
            self._commit()
        except BaseException as exc:
            # SQLite may have undone the transaction by itself (SQLITE_FULL, SQLITE_IOERR).
            self._rollback()
            if len(group) == 1:
                self._fail(group, exc)
            else:
                for queued in group:
                    self._settle(queued, partial(self._alone, queued.job))
            return
        for queued, result in zip(group, results, strict=True):
            queued.future.set_result(result)

    def _alone(self, job: Job[T]) -> T:
        """Runs `job` in a transaction of its own. Raises StoreError for sqlite3's errors."""
        with self.turns or nullcontext():
            return self._alone_now(job)

    def _alone_now(self, job: Job[T]) -> T:
        try:
            self._begin()
        except sqlite3.Error as exc:
            raise StoreError(explain(self.path, self.busy_timeout, exc)) from None
        try:
            result = job(self._db)
            self._commit()
        except sqlite3.Error as exc:
            self._rollback()
            raise StoreError(explain(self.path, self.busy_timeout, exc)) from None
        except BaseException:
            self._rollback()
            raise
        return result

    def _commit(self) -> None:
        if self.closing is not None:
            # What it left (True: more than one transaction's share) is for the idle job.
            self._idle_left = bool(self.closing(self._db))
        self._db.execute("COMMIT")

    def _bare(self, job: Job[T]) -> T:
        try:
            return job(self._db)
        except sqlite3.Error as exc:
            raise StoreError(explain(self.path, self.busy_timeout, exc)) from None

    def _settle(self, queued: _Queued[T], run: Callable[[], T]) -> None:
        try:
            result = run()
        except BaseException as exc:  # the caller gets it, whatever it is
            queued.future.set_exception(exc)
        else:
            queued.future.set_result(result)

    def _fail(self, jobs: list[_Queued[Any]], exc: BaseException) -> None:
        """Each job's caller gets the error: sqlite3's as a StoreError saying what to do."""
        for queued in jobs:
            if isinstance(exc, sqlite3.Error):
                queued.future.set_exception(StoreError(explain(self.path, self.busy_timeout, exc)))
            else:
                queued.future.set_exception(exc)

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, telling on_wait once the wait for another process passes
        WAIT_NOTICE seconds; waits up to busy_timeout in all."""
        if self._checkpoint_pages != self._checkpointing:  # take_turns, on this thread
            pages = self._checkpoint_pages or DEFAULT_CHECKPOINT
            self._db.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")
            self._checkpointing = self._checkpoint_pages
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
