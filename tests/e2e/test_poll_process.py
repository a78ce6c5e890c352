"""Tests the ticker's polling process (newstui.feeds.poll_process) through the installed
`newstui` in tmux: it runs beside the ticker and polls, `r` reaches it, quitting ends it, a
killed ticker leaves no orphan, and its death is said rather than left to hang."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e.test_tmux import ENV, _newstui, tmux, wait_for
from tests.feeds import Item, rss
from tests.server import FeedServer

__all__ = ["tmux"]  # the fixture

Tmux = Callable[..., str]
CHILD_MARK = "newstui.feeds.poll_process"


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    """Running (a zombie has ended: it only waits for its parent to read its status)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _descendants(pid: int) -> list[int]:
    found, todo = [], _children(pid)
    while todo:
        child = todo.pop()
        found.append(child)
        todo += _children(child)
    return found


def _ticker_pid(db: Path) -> int:
    """The ticker's process: its command line names the test's own database (the polling
    process's does not)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                argv = _cmdline(int(entry.name)).split()
                if str(db) in argv and any(a.endswith("/newstui") for a in argv[:2]):
                    return int(entry.name)  # not the shell or tmux that started it
        time.sleep(0.2)
    raise AssertionError("the ticker's process was not found")


def _wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def _start(
    tmux: Tmux, tmp_path: Path, url: str, *, then: str = ""
) -> tuple[Callable[[], str], int]:
    """The ticker on one source at `url` (polled hourly: only a start or `r` polls it); `then`
    runs in the pane after it ends. Returns the screen's reader and the ticker's pid."""
    config = tmp_path / "config.toml"
    config.write_text(f'refresh = "1h"\njitter = 0\n[[sources]]\nurl = "{url}"\nname = "Desk"\n')
    db = tmp_path / "news.db"
    command = f"{ENV} TZ=UTC {_newstui()} --config {config} --db {db}"
    if then:
        command = f"sh -c '{command}; {then}'"
    session = tmux.start(command, width=120, height=30)  # type: ignore[attr-defined]

    def screen() -> str:
        return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", session)

    return screen, _ticker_pid(db)


def _polling_child(ticker: int) -> int:
    found: list[int] = []

    def started() -> bool:
        found[:] = [p for p in _children(ticker) if CHILD_MARK in _cmdline(p)]
        return bool(found)

    _wait_until(started, 30, "the ticker started no polling process")
    return found[0]


def _feed(server: FeedServer, titles: list[str]) -> str:
    now = datetime.now(UTC)
    items = [
        Item(t, server.url(f"/story/{n}"), guid=t, published=now - timedelta(minutes=n + 1))
        for n, t in enumerate(titles)
    ]
    return server.route("/feed.xml", rss(items, title="Desk"))


def test_the_ticker_polls_in_its_own_process_and_quitting_ends_it(
    tmp_path: Path, feed_server: FeedServer, tmux: Tmux
) -> None:
    url = _feed(feed_server, ["Harbour reopens after the storm"])
    screen, ticker = _start(tmux, tmp_path, url)
    child = _polling_child(ticker)
    wait_for(screen, lambda s: "Harbour reopens after the storm" in s, 30)
    below = _descendants(ticker)
    assert child in below

    tmux("send-keys", "-t", tmux.name, "q")  # type: ignore[attr-defined]
    _wait_until(lambda: not _alive(ticker), 20, "the ticker did not quit on q")
    _wait_until(
        lambda: not any(_alive(p) for p in below), 20, "a process of the ticker outlived it"
    )


def test_r_reaches_the_polling_process(tmp_path: Path, feed_server: FeedServer, tmux: Tmux) -> None:
    url = _feed(feed_server, ["Harbour reopens after the storm"])
    screen, ticker = _start(tmux, tmp_path, url)
    _polling_child(ticker)
    wait_for(screen, lambda s: "Harbour reopens after the storm" in s, 30)
    polled = len(feed_server.requests_for("/feed.xml"))
    _feed(feed_server, ["Ferry timetable changes for winter", "Harbour reopens after the storm"])

    tmux("send-keys", "-t", tmux.name, "r")  # type: ignore[attr-defined]
    wait_for(screen, lambda s: "Ferry timetable changes for winter" in s, 30)
    assert len(feed_server.requests_for("/feed.xml")) > polled


def test_a_killed_ticker_leaves_no_orphan(
    tmp_path: Path, feed_server: FeedServer, tmux: Tmux
) -> None:
    url = _feed(feed_server, ["Harbour reopens after the storm"])
    screen, ticker = _start(tmux, tmp_path, url, then="sleep 60")
    child = _polling_child(ticker)
    wait_for(screen, lambda s: "Harbour reopens after the storm" in s, 30)
    below = _descendants(ticker)

    os.kill(ticker, signal.SIGKILL)
    # The child sees its command pipe close and ends, and its parse workers with it.
    _wait_until(lambda: not _alive(child), 20, "the polling process outlived a killed ticker")
    _wait_until(lambda: not any(_alive(p) for p in below), 20, "a process outlived a killed ticker")


def test_a_polling_process_that_dies_is_said_and_ends_the_ticker(
    tmp_path: Path, feed_server: FeedServer, tmux: Tmux
) -> None:
    url = _feed(feed_server, ["Harbour reopens after the storm"])
    screen, ticker = _start(tmux, tmp_path, url, then="echo ticker-ended-$?; sleep 60")
    child = _polling_child(ticker)
    wait_for(screen, lambda s: "Harbour reopens after the storm" in s, 30)

    os.kill(child, signal.SIGKILL)
    shown = wait_for(screen, lambda s: "ticker-ended-" in s, 30)
    assert "the polling process ended (killed by signal 9)" in shown
    assert "ticker-ended-0" not in shown
    _wait_until(lambda: not _alive(ticker), 10, "the ticker still runs")
