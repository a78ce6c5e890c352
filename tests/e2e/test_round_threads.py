"""Tests how a round split over processes runs its threads: every process at the round's GIL
switch interval (a writer thread wins the GIL back from a parsing loop sooner), the caller's
given back afterwards; with writes_first, each loop thread below its process's writer."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from pathlib import Path

import pytest

from newstui.feeds.poller import Poller, PollListener, parse_in_process
from newstui.feeds.round import PARSE_NICE, SWITCH_INTERVAL, poll_round
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from tests.e2e.test_round import serve_sources
from tests.server import FeedServer

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="rounds use helper processes only on Linux"
)


def test_each_process_of_a_split_round_switches_sooner_and_the_caller_is_restored(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    db = tmp_path / "news.db"
    store = Store(db)
    sources = store.sync_sources(serve_sources(feed_server, 8), 300)
    store.close()
    seen = tmp_path / "intervals"
    seen.mkdir()

    def make_poller(store: Store, listener: PollListener) -> Poller:
        (seen / str(os.getpid())).write_text(repr(sys.getswitchinterval()))
        return Poller(store, Fetcher(), parse=parse_in_process, listener=listener)

    before = sys.getswitchinterval()
    assert before != SWITCH_INTERVAL
    result = poll_round(db, sources, make_poller, lambda summary: None, 2)
    assert result.problems == []
    intervals = [float(path.read_text()) for path in seen.iterdir()]
    assert intervals == [SWITCH_INTERVAL, SWITCH_INTERVAL]  # the lead and its helper
    assert sys.getswitchinterval() == before


def priorities(store: Store) -> str:
    """This thread's nice value and the store writer thread's, as "loop writer"."""
    store.start_writing()  # (already started with writes_first)
    (writer,) = [t for t in threading.enumerate() if t.name.startswith("newstui-writer")]
    loop = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    return f"{loop} {os.getpriority(os.PRIO_PROCESS, writer.native_id or 0)}"


def round_writing_first(db: Path, seen: Path, writes_first: bool) -> None:
    """A round with `writes_first`, in a process of its own (a thread's nice value cannot be
    lowered back, and this one would be pytest's): each process's priorities into `seen`."""
    store = Store(db)
    sources = store.sources()
    store.close()

    def make_poller(store: Store, listener: PollListener) -> Poller:
        (seen / str(os.getpid())).write_text(priorities(store))
        return Poller(store, Fetcher(), parse=parse_in_process, listener=listener)

    result = poll_round(db, sources, make_poller, lambda summary: None, 2, writes_first)
    os._exit(0 if result.problems == [] else 3)


@pytest.mark.parametrize("writes_first", [True, False], ids=["writes-first", "as-started"])
def test_writes_first_runs_each_loop_below_its_writer(
    tmp_path: Path, feed_server: FeedServer, writes_first: bool
) -> None:
    db = tmp_path / "news.db"
    store = Store(db)
    store.sync_sources(serve_sources(feed_server, 8), 300)
    store.close()
    seen = tmp_path / "priorities"
    seen.mkdir()
    child = multiprocessing.get_context("fork").Process(
        target=round_writing_first, args=(db, seen, writes_first)
    )
    child.start()
    child.join(60)
    assert child.exitcode == 0
    base = os.getpriority(os.PRIO_PROCESS, 0)
    below = base + PARSE_NICE if writes_first else base
    expected = [f"{min(below, 19)} {base}"] * 2  # the lead and its helper
    assert [path.read_text() for path in seen.iterdir()] == expected
