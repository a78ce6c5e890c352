"""Provides the database's connections: opening one, and a reading connection per thread."""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newstui.storage.errors import StoreError, explain

PAGE_SIZE = 16_384
"""Bytes a page of a new database file (SQLite's default is 4,096; a file keeps the size it was
made with). A headline with its summary and HTML content is ~1-3 KiB, so at 4 KiB most took a
page of their own and left the rest of it empty: a cold round of 25,000 headlines wrote 25,059
pages (98 MiB) for its items, each written to the WAL and copied into the file again. 16 KiB
pages hold several: storing that round's rows took ~14 % less CPU (benchmarks/write_replay.py)."""


def open_writing(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """The connection that writes: WAL mode (readers never wait for it, nor it for them),
    foreign keys on (deleting a headline deletes its cached article), and NORMAL sync (in WAL
    mode a commit survives a killed process; only a power cut may lose the last ones).
    It is handed to the writer thread, so it is not bound to this one. Raises sqlite3 errors."""
    db = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
    try:
        # A new file only (switching to WAL writes its first page): see PAGE_SIZE.
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        db.execute("PRAGMA foreign_keys = ON")
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"{path}: cannot switch the database to WAL mode (got {mode})")
        db.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        db.close()
        raise
    return db


CACHED_STATEMENTS = 32
"""Prepared statements a reading connection keeps (Python's default is 128). Reads by id
inline their ids (storage.queries), so each batch of arrivals is a statement of its own, never
reused: at 128 a connection held ~1.3 MiB of them (a stories read by ids is ~10 KiB), and the
ticker has a connection per reading thread (benchmarks/ui_soak.py). The reads whose text
repeats (a view's page, data_version) are far fewer than 32."""


class Readers:
    """One reading connection per thread, opened on the thread's first read.

    Each read is a transaction of its own (autocommit), so it sees every write committed before
    it began and holds no snapshot afterwards; in WAL mode it never waits for a writer, of this
    process or another. A connection is only used by the thread that opened it; those of
    threads that have ended are closed when the next thread opens one, the rest by close().
    """

    def __init__(self, path: Path, busy_timeout: float) -> None:
        self.path = path
        self.busy_timeout = busy_timeout
        self._lock = threading.Lock()
        """Guards the map below, never a query."""
        self._by_thread: dict[int, tuple[weakref.ref[threading.Thread], sqlite3.Connection]] = {}
        self._closed = False

    def read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Every row of one query (fetched whole: an unfinished statement would hold its
        snapshot open). Raises StoreError."""
        try:
            return list(self._connection().execute(sql, params))
        except sqlite3.DatabaseError as exc:
            raise StoreError(explain(self.path, self.busy_timeout, exc)) from None

    def _connection(self) -> sqlite3.Connection:
        me = threading.current_thread()
        held = self._by_thread.get(me.ident or 0)
        if held is not None and held[0]() is me:
            return held[1]
        with self._lock:
            if self._closed:
                raise StoreError(f"{self.path}: the database was closed")
            self._close_orphans()
            db = sqlite3.connect(
                self.path,
                timeout=self.busy_timeout,
                isolation_level=None,
                check_same_thread=False,  # close() may close it from another thread
                cached_statements=CACHED_STATEMENTS,
            )
            db.execute("PRAGMA query_only = ON")
            self._by_thread[me.ident or 0] = (weakref.ref(me), db)
            return db

    def _close_orphans(self) -> None:
        for ident, (thread, db) in list(self._by_thread.items()):
            alive = thread()
            if alive is None or not alive.is_alive():
                del self._by_thread[ident]
                db.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            held, self._by_thread = self._by_thread, {}
        for _, db in held.values():
            db.close()
