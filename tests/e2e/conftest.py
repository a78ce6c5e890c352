"""Provides the e2e fixtures: a real FreshRSS server and a feed server it subscribes to."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import freshrss
from tests.server import FeedServer


@pytest.fixture(scope="session")
def freshrss_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[freshrss.FreshRSS]:
    """One FreshRSS for the whole session (its start costs about a second): tests share it, so
    each works on feeds of its own and scopes what it asserts to their streams."""
    reason = freshrss.missing()
    if reason:
        pytest.skip(reason)
    server = freshrss.start(tmp_path_factory.mktemp("freshrss"))
    yield server
    server.stop()


@pytest.fixture
def own_freshrss(tmp_path: Path) -> Iterator[freshrss.FreshRSS]:
    """A FreshRSS of the test's own, for a test that stops and restarts it."""
    reason = freshrss.missing()
    if reason:
        pytest.skip(reason)
    server = freshrss.start(tmp_path)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def feeds_for_freshrss() -> Iterator[FeedServer]:
    """A feed server on 127.0.0.1 that FreshRSS fetches from. FreshRSS 1.24.3 blocks no loopback
    or private address; the test instance sends every fetch through a dead proxy except those to
    127.0.0.1, localhost and ::1 (its guard against public addresses), so a feed on 127.0.0.2
    fails there: feeds for FreshRSS live on 127.0.0.1 itself."""
    server = FeedServer().start()
    yield server
    server.stop()
