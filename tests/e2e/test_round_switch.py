"""Tests that a round split over processes runs every process at the round's GIL switch
interval (a writer thread wins the GIL back from a parsing loop sooner) and gives the caller
its own back afterwards."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from newstui.feeds.poller import Poller, PollListener, parse_in_process
from newstui.feeds.round import SWITCH_INTERVAL, poll_round
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
