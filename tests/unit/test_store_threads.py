"""Tests the store's threads on real files: reads never wait for a writer (of this process or
another), writes queue on the writer thread without blocking readers or the event loop, the
wait notice comes from the writer thread, and close() or dropping the store ends it cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store, StoreError
from newstui.storage.writer import Job

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
HANG_GUARD = 20.0
"""Seconds after which a wait counts as hung (never reached when all is well)."""


def filled(store: Store, count: int = 5) -> list[int]:
    (source,) = store.sync_sources([SourceConfig("http://127.0.0.1/f")], 300)
    entries = [FeedEntry(f"g{i}", f"Headline {i}", None, NOW) for i in range(count)]
    return [h.id for h in store.save_poll(source, entries, NOW)]


def starred(store: Store, guid: str) -> bool:
    return next(h.starred for h in store.headlines() if h.guid == guid)


@contextlib.contextmanager
def other_process_writing(path: Path) -> Iterator[threading.Event]:
    """Another connection (as another process would) holds the write lock, with a write of its
    own in progress, until the yielded event is set or the block ends."""
    release = threading.Event()
    holding = threading.Event()

    def hold() -> None:
        raw = sqlite3.connect(path, isolation_level=None)
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("UPDATE items SET starred = 1 WHERE guid = 'g0'")
        holding.set()
        release.wait(HANG_GUARD)
        raw.execute("COMMIT")
        raw.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(HANG_GUARD)
    try:
        yield release
    finally:
        release.set()
        holder.join()


def writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("newstui-writer")]


def test_reads_run_while_another_process_holds_the_write_lock(store: Store) -> None:
    filled(store)
    with other_process_writing(store.path):
        # The lock is held until this block ends: a read that waited for it would hang here.
        assert store.counts().total == 5
        assert len(store.headlines()) == 5
        assert not starred(store, "g0")  # the other writer has not committed yet


def test_a_waiting_write_blocks_no_reader_and_lands_after_the_lock(store: Store) -> None:
    ids = filled(store)
    done = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            store.set_read(ids[:2])
        except BaseException as exc:
            errors.append(exc)
        done.set()

    with other_process_writing(store.path) as release:
        writer = threading.Thread(target=write)
        writer.start()
        # While that write waits for the lock, this thread reads, and so does a new one.
        assert store.counts().unread == 5
        seen: list[int] = []
        reader = threading.Thread(target=lambda: seen.append(store.counts().unread))
        reader.start()
        reader.join(HANG_GUARD)
        assert seen == [5]
        assert not done.is_set()  # still waiting: the lock is held
        release.set()
        writer.join(HANG_GUARD)
    assert errors == [] and done.is_set()
    assert store.counts().unread == 3
    assert starred(store, "g0")  # the other writer's update is kept too


async def test_an_awaited_write_leaves_the_event_loop_running(store: Store) -> None:
    ids = filled(store)
    ticks = 0
    with other_process_writing(store.path) as release:
        write = asyncio.create_task(store.set_read_async(ids))
        for _ in range(20):
            await asyncio.sleep(0.01)
            ticks += 1
        assert ticks == 20 and not write.done()  # the loop ran while the write waited
        release.set()
        await asyncio.wait_for(write, HANG_GUARD)
    assert store.counts().unread == 0


async def test_a_write_once_asked_for_is_done_even_if_its_waiter_is_cancelled(
    store: Store,
) -> None:
    ids = filled(store)
    with other_process_writing(store.path) as release:
        write = asyncio.create_task(store.set_read_async(ids))
        await asyncio.sleep(0.05)
        write.cancel()
        with pytest.raises(asyncio.CancelledError):
            await write
        release.set()
    store.close()  # runs what was queued
    reopened = Store(store.path)
    assert reopened.counts().unread == 0
    reopened.close()


def test_the_wait_notice_comes_from_the_writer_thread_and_cannot_stall_it(
    store: Store,
) -> None:
    ids = filled(store)
    heard: list[tuple[str, str]] = []

    with other_process_writing(store.path) as release:

        def notice(message: str) -> None:
            heard.append((threading.current_thread().name, message))
            release.set()  # the other process finishes once the wait was told
            store.set_setting("x", "y")  # writing from the notice would wait for itself

        store.on_wait = notice
        store.set_read(ids[:1])  # waits past the notice, then writes
    ((thread, message),) = heard
    assert thread.startswith("newstui-writer") and "another newstui process" in message
    assert store.counts().unread == 4
    assert store.setting("x") is None  # the refused write, not done


def test_a_failed_write_leaves_the_writer_serving(tmp_path: Path) -> None:
    store = Store(tmp_path / "newstui.db", busy_timeout=0.2)
    ids = filled(store)
    with other_process_writing(store.path), pytest.raises(StoreError, match="try again"):
        store.set_read(ids)
    store.set_read(ids)
    assert store.counts().unread == 0
    store.close()


def test_close_runs_queued_writes_then_refuses_more(store: Store) -> None:
    ids = filled(store, 50)
    futures = [
        store._writer.submit(
            lambda db, i=i: db.execute("UPDATE items SET read = 1 WHERE id = ?", (i,))
        )
        for i in ids
    ]
    store.close()
    assert all(f.done() for f in futures)
    with pytest.raises(StoreError, match="closed"):
        store.set_read(ids)
    with pytest.raises(StoreError, match="closed"):
        store.counts()
    reopened = Store(store.path)
    assert reopened.counts().unread == 0
    reopened.close()


def test_a_store_dropped_without_close_ends_its_thread(tmp_path: Path) -> None:
    before = len(writer_threads())
    store = Store(tmp_path / "newstui.db")
    filled(store)
    assert len(writer_threads()) == before + 1
    del store
    gc.collect()
    assert len(writer_threads()) == before


def test_a_read_only_use_starts_no_writer_thread(store: Store) -> None:
    filled(store)
    store.close()
    before = len(writer_threads())
    reader = Store(store.path)  # up to date: nothing to migrate, nothing written
    assert reader.counts().total == 5 and reader.headlines()
    assert len(writer_threads()) == before
    reader.close()


def test_readers_of_ended_threads_are_closed(store: Store) -> None:
    filled(store)
    for _ in range(5):
        thread = threading.Thread(target=store.counts)
        thread.start()
        thread.join()
    store.counts()
    # The main thread's, plus at most the last ended thread's (closed when the next one opens).
    assert len(store._readers._by_thread) <= 2


def _queued_behind_a_lock(store: Store, jobs: list[Job[object]]) -> list[Future[object]]:
    """Queues `jobs` while another process holds the lock, so the writer takes them together
    once it is released; returns their futures, all settled."""
    with other_process_writing(store.path):
        futures = [store._writer.submit(job) for job in jobs]
        assert not any(f.done() for f in futures)
    for future in futures:
        future.exception(HANG_GUARD)
    return futures


def _mark(headline_id: int) -> Job[object]:
    return lambda db: db.execute("UPDATE items SET read = 1 WHERE id = ?", (headline_id,))


def test_a_failing_write_among_queued_ones_is_undone_alone(store: Store) -> None:
    ids = filled(store)

    def half_then_sql_error(db: sqlite3.Connection) -> None:
        db.execute("UPDATE items SET read = 1 WHERE id = ?", (ids[1],))
        db.execute("INSERT INTO no_such_table VALUES (1)")

    def half_then_bug(db: sqlite3.Connection) -> None:
        db.execute("UPDATE items SET read = 1 WHERE id = ?", (ids[3],))
        raise ValueError("a bug in a job")

    jobs = [_mark(ids[0]), half_then_sql_error, _mark(ids[2]), half_then_bug, _mark(ids[4])]
    futures = _queued_behind_a_lock(store, jobs)
    assert [f.exception() is None for f in futures] == [True, False, True, False, True]
    assert isinstance(futures[1].exception(), StoreError)
    assert str(store.path) in str(futures[1].exception())
    assert isinstance(futures[3].exception(), ValueError)
    read = {h.id for h in store.headlines() if h.read}
    assert read == {ids[0], ids[2], ids[4]}


def test_a_full_disk_among_queued_writes_fails_only_the_one_that_did_not_fit(
    store: Store,
) -> None:
    ids = filled(store)
    pages = store._writer.call(
        lambda db: db.execute("PRAGMA page_count").fetchone()[0], transaction=False
    )
    store._writer.call(
        lambda db: db.execute(f"PRAGMA max_page_count = {pages + 2}"), transaction=False
    )

    def too_big(db: sqlite3.Connection) -> None:
        db.execute("UPDATE items SET read = 1 WHERE id = ?", (ids[1],))
        db.execute("UPDATE items SET summary = ? WHERE id = ?", ("x" * 2_000_000, ids[1]))

    futures = _queued_behind_a_lock(store, [_mark(ids[0]), too_big, _mark(ids[2])])
    assert futures[0].exception() is None and futures[2].exception() is None
    assert "disk is full" in str(futures[1].exception())
    assert {h.id for h in store.headlines() if h.read} == {ids[0], ids[2]}
