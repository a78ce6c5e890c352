"""Tests the polling process (newstui.feeds.poll_process) through its pipes, as the ticker
starts it: it polls and stores, reports each poll, obeys poll-now and stop, ends when its
command pipe closes, and a failure in it comes back as its traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from newstui.feeds import poll_process as wire
from newstui.models import SourceConfig
from newstui.storage.store import Store
from newstui.ui.poll_child import CHILD, same_imports
from tests.feeds import Item, rss
from tests.server import FeedServer

pytestmark = pytest.mark.timeout(90)


@contextmanager
def child() -> Iterator[tuple[subprocess.Popen[bytes], Connection, Connection]]:
    """The polling process as PollChild starts it: its command and event pipes."""
    commands_read, commands_write = os.pipe()
    events_read, events_write = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-P", "-c", CHILD, str(commands_read), str(events_write)],
        pass_fds=(commands_read, events_write),
        env=same_imports(),
    )
    os.close(commands_read)
    os.close(events_write)
    commands = Connection(commands_write, readable=False)
    events = Connection(events_read, writable=False)
    try:
        yield process, commands, events
    finally:
        commands.close()
        events.close()
        if process.poll() is None:
            process.kill()
        process.wait()


def next_event(events: Connection, kind: type, seconds: float = 30) -> object:
    """The next event of `kind`, skipping others; fails after `seconds` without one."""
    while events.poll(seconds):
        event = events.recv()
        if isinstance(event, kind):
            return event
    raise AssertionError(f"no {kind.__name__} came")


def db_with(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "news.db"
    store = Store(path)
    store.sync_sources((SourceConfig(url, name="Desk"),), 3600)
    store.close()
    return path


def feed(server: FeedServer, titles: list[str]) -> str:
    now = datetime.now(UTC)
    items = [
        Item(t, server.url(f"/a/{n}"), guid=t, published=now - timedelta(minutes=n + 1))
        for n, t in enumerate(titles)
    ]
    return server.route("/feed.xml", rss(items, title="Desk"))


def test_it_polls_stores_reports_polls_again_when_asked_and_stops(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    db = db_with(tmp_path, feed(feed_server, ["Harbour reopens"]))
    with child() as (process, commands, events):
        commands.send(wire.Setup(db, 10.0, 0.0, ()))
        started = next_event(events, wire.Started)
        assert isinstance(started, wire.Started) and started.source.name == "Desk"
        finished = next_event(events, wire.Finished)
        assert isinstance(finished, wire.Finished)
        assert [h.title for h in finished.outcome.new] == ["Harbour reopens"]

        feed(feed_server, ["Ferry timetable changes", "Harbour reopens"])
        commands.send(wire.POLL_NOW)
        again = next_event(events, wire.Finished)
        assert isinstance(again, wire.Finished)
        assert [h.title for h in again.outcome.new] == ["Ferry timetable changes"]

        commands.send(wire.STOP)
        assert process.wait(30) == 0
    store = Store(db)
    try:
        assert {h.title for h in store.headlines()} == {
            "Harbour reopens",
            "Ferry timetable changes",
        }
    finally:
        store.close()


def test_it_ends_when_its_command_pipe_closes(tmp_path: Path, feed_server: FeedServer) -> None:
    db = db_with(tmp_path, feed(feed_server, ["Harbour reopens"]))
    with child() as (process, commands, events):
        commands.send(wire.Setup(db, 10.0, 0.0, ()))
        next_event(events, wire.Finished)
        commands.close()  # what the ticker's death does
        assert process.wait(30) == 0


def test_a_failure_in_it_comes_back_as_its_traceback(tmp_path: Path) -> None:
    not_a_database = tmp_path / "folder"
    not_a_database.mkdir()
    with child() as (process, commands, events):
        commands.send(wire.Setup(not_a_database, 1.0, 0.0, ()))
        crashed = next_event(events, wire.Crashed)
        assert isinstance(crashed, wire.Crashed)
        assert "Traceback" in crashed.text and "StoreError" in crashed.text
        assert process.wait(30) == 1
