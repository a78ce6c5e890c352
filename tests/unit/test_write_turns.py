"""Tests WriteTurns on real files and processes: a round's sibling holding the write lock is
waited for on the turns (no sleeping retries, no "another process" notice), and a dead holder
lets go."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store
from newstui.storage.turns import WriteTurns
from newstui.storage.writer import WAIT_NOTICE

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
HANG_GUARD = 30.0
"""Seconds after which a wait counts as hung (never reached when all is well)."""


@pytest.fixture
def turns() -> Iterator[WriteTurns]:
    made = WriteTurns.create()
    yield made
    made.remove()
    assert not made.path.exists()


def test_a_sibling_in_its_turn_is_waited_for_without_a_notice(
    store: Store, turns: WriteTurns
) -> None:
    (source,) = store.sync_sources([SourceConfig("http://127.0.0.1/f")], 300)
    (first,) = store.save_poll(source, [FeedEntry("g0", "Headline", None, NOW)], NOW)
    notices: list[str] = []
    store.on_wait = notices.append
    store.take_turns(turns)
    holding, release = threading.Event(), threading.Event()

    def sibling() -> None:  # another process of the round: its own open of the turns file
        with WriteTurns(turns.path):
            raw = sqlite3.connect(store.path, isolation_level=None)
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("UPDATE items SET read = 1")
            holding.set()
            release.wait(HANG_GUARD)
            raw.execute("COMMIT")
            raw.close()

    holder = threading.Thread(target=sibling)
    holder.start()
    assert holding.wait(HANG_GUARD)
    done = threading.Event()
    writer = threading.Thread(
        target=lambda: (store.set_starred(first.id, True), done.set()), daemon=True
    )
    writer.start()
    # Longer than the notice's threshold: a write waiting in SQLite's busy handler says
    # "another newstui process is writing" by now; one waiting for its turn says nothing.
    assert not done.wait(WAIT_NOTICE * 2)
    release.set()
    holder.join(HANG_GUARD)
    assert done.wait(HANG_GUARD)
    assert notices == []
    (headline,) = store.headlines()
    assert headline.starred and headline.read  # both writes landed, one after the other
    # The write's caller is answered inside its turn: close the store (its writer thread lets
    # go of the turn, then ends) before the fixture closes the turns file, as a round does.
    store.close()


def _hold_and_die(path: str) -> None:
    WriteTurns(Path(path)).__enter__()
    os._exit(0)  # holding the turn: the kernel must let go of it


def test_a_process_that_dies_in_its_turn_lets_go(turns: WriteTurns) -> None:
    child = multiprocessing.get_context("fork").Process(
        target=_hold_and_die, args=(str(turns.path),)
    )
    child.start()
    child.join(HANG_GUARD)
    assert child.exitcode == 0
    fd = os.open(turns.path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises BlockingIOError when held
    finally:
        os.close(fd)


def test_turns_are_reentrant_and_a_fork_takes_its_own(turns: WriteTurns) -> None:
    with turns, turns:  # the writer's group re-running a job alone takes it again
        fd = os.open(turns.path, os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
        reader, writer = multiprocessing.get_context("fork").Pipe(duplex=False)

        def child() -> None:
            # The inherited object must open the file anew: sharing the parent's descriptor
            # would share its lock, and both processes would write at once.
            turns._open()
            try:
                fcntl.flock(turns._open(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                writer.send("taken")
            except BlockingIOError:
                writer.send("held")
            os._exit(0)

        process = multiprocessing.get_context("fork").Process(target=child)
        process.start()
        assert reader.poll(HANG_GUARD)
        assert reader.recv() == "held"
        process.join(HANG_GUARD)
    with turns:  # let go once the outer turn ended, taken again at once
        pass


def _page_size(store: Store) -> int:
    raw = sqlite3.connect(store.path)
    try:
        (size,) = raw.execute("PRAGMA page_size").fetchone()
    finally:
        raw.close()
    return int(size)


def _wal_pages(store: Store, first: int, transactions: int) -> int:
    """Writes `transactions` polls of ~600 pages of the file's page size each (sources
    `first`...), mostly in a column the search index does not read (so the test stays quick
    whatever the page size); the WAL file's size in pages."""
    page = _page_size(store)
    sources = store.sync_sources([SourceConfig(f"http://127.0.0.1/{n}") for n in range(8)], 300)
    for n in range(first, first + transactions):
        body = f"<p>{n}</p>" + "x" * (15 * page)  # ~15 pages a headline, 600 a poll
        entries = [
            FeedEntry(f"g{i}", f"Headline {i}", None, NOW, summary=f"{n}", content_html=body)
            for i in range(40)
        ]
        store.save_poll(sources[n], entries, NOW)
    return os.path.getsize(f"{store.path}-wal") // page


def test_turns_checkpoint_the_wal_less_often(tmp_path: Path, turns: WriteTurns) -> None:
    """A checkpoint inside a turn syncs the disk while the round's other process waits for
    the turn: a writer taking turns checkpoints at the bound it is given, not SQLite's 1,000
    pages, and the WAL still starts over once checkpointed."""
    default = Store(tmp_path / "default.db")
    bounded = Store(tmp_path / "bounded.db")
    try:
        bounded.take_turns(turns, checkpoint_pages=20_000)
        # Each transaction adds ~600 pages: checkpointed past 1,000, the WAL file never grows
        # much past two of them (~1,600); bounded, it holds all six (~3,600).
        assert _wal_pages(default, 0, 6) < 2_200
        assert _wal_pages(bounded, 0, 6) > 3_000
        bounded.take_turns(turns, checkpoint_pages=1_000)
        _wal_pages(bounded, 6, 2)  # past the bound: checkpointed, the WAL starts over
        raw = sqlite3.connect(bounded.path)
        try:
            _, frames, _ = raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        finally:
            raw.close()
        assert frames < 1_500  # the last polls' pages (~1,060), not all eight (~4,800)
    finally:
        default.close()
        bounded.close()
