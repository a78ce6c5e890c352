"""Provides shared fixtures: a real feed server on 127.0.0.1, a real store in a new file, and the
path to the shared corpus."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newstui.storage.store import Store
from tests import corpus as shared_corpus
from tests import syrupy_xdist
from tests.server import FeedServer

# syrupy fails a run that leaves a snapshot file unused only when the run is in one process:
# these hooks make the same check across xdist's workers (see tests/syrupy_xdist.py).
pytest_sessionfinish = syrupy_xdist.pytest_sessionfinish
pytest_testnodedown = syrupy_xdist.pytest_testnodedown
pytest_terminal_summary = syrupy_xdist.pytest_terminal_summary

# Tests that press Ctrl-C (SIGINT) on a newstui they started need SIGINT not to be ignored. A
# script that starts pytest in the background without job control (`pytest &`) ignores it, and
# children inherit an ignored signal; a handler here is reset to the default in each child.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer().start()
    yield server
    server.stop()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A new, empty database in a folder the store creates, closed after the test (its file
    stays in tmp_path: reopen it with `Store(store.path)`)."""
    opened = Store(tmp_path / "data" / "newstui.db")
    yield opened
    opened.close()


@pytest.fixture
def corpus() -> Path:
    if not shared_corpus.present():
        pytest.skip(shared_corpus.ABSENT)
    return shared_corpus.CORPUS


@pytest.fixture
def utc_local_time() -> Iterator[None]:
    """The interface shows local time: pin the zone so times and day separators match anywhere."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()
