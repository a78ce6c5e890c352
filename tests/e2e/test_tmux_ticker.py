"""Runs the installed `newstui` in a real terminal (tmux), as a person would, for the ticker's
screen-level behaviour: an offline start is calm, mark-all under a search marks only the
matches, the list has the whole width until an article opens, the sources view shows an error at
60 columns, and a browser's own output never reaches the screen."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e.test_tmux import ENV, _newstui, tmux, wait_for
from tests.feeds import Item, rss
from tests.server import FeedServer

__all__ = ["tmux"]  # the fixture, shared with test_tmux.py

Tmux = Callable[..., str]


def closed_ports(count: int) -> list[int]:
    """Ports of 127.0.0.1 that nothing listens on (bound, then closed): a fetch there is
    refused at once, as every fetch of a machine without network fails."""
    ports = []
    for _ in range(count):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            ports.append(probe.getsockname()[1])
    return ports


def start(
    tmux: Tmux, tmp_path: Path, sources: list[tuple[str, str]], **size: int
) -> Callable[[], str]:
    """Starts the ticker on `sources` (name, url) with its own config and database; returns a
    reader of the screen."""
    config = tmp_path / "config.toml"
    lines = ['refresh = "1h"', "jitter = 0"]
    for name, url in sources:
        lines += ["[[sources]]", f'url = "{url}"', f'name = "{name}"']
    config.write_text("\n".join(lines) + "\n")
    env = f"{ENV} TZ=UTC BROWSER={tmp_path / 'browser'}"
    command = f"{env} {_newstui()} --config {config} --db {tmp_path / 'news.db'}"
    session = tmux.start(command, **size)  # type: ignore[attr-defined]

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    return screen


def keys(tmux: Tmux, *sent: str) -> None:
    tmux("send-keys", "-t", tmux.name, *sent)  # type: ignore[attr-defined]
    time.sleep(0.3)


def quit_ticker(tmux: Tmux) -> None:
    keys(tmux, "q")
    deadline = time.monotonic() + 15
    while tmux.name in tmux("list-sessions", "-F", "#{session_name}"):  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, "newstui did not quit on q"
        time.sleep(0.2)


def test_an_offline_start_shows_at_most_one_notice(tmp_path: Path, tmux: Tmux) -> None:
    sources = [
        (f"Desk {n}", f"http://127.0.0.1:{port}/feed.xml")
        for n, port in enumerate(closed_ports(10))
    ]
    screen = start(tmux, tmp_path, sources, width=100, height=30)

    def header(s: str) -> str:
        return (s.splitlines() or [""])[0]  # a pane not drawn yet captures as nothing

    # The header counts the failing sources during the round, then says "offline?" with the
    # round's notice (under load the count's second may pass between two captures).
    shown = wait_for(screen, lambda s: "10 failing" in header(s) or "offline?" in header(s), 30)
    shown = wait_for(screen, lambda s: "offline?" in s, 10)
    seen = [shown]
    for _ in range(10):  # the toast's lifetime: any second notice would show meanwhile
        time.sleep(0.5)
        seen.append(screen())
    for frame in seen:
        assert frame.count("unreachable") <= 1, frame
        assert "Source failing" not in frame and "connection refused" not in frame, frame
    assert "10 sources unreachable: offline?" in "".join(seen)
    assert "All 10 sources failing: offline?" in seen[-1]  # the empty list says why
    assert "⚠ offline?" in header(seen[-1]) and "failing" not in header(seen[-1])


def test_mark_all_under_a_search_marks_only_the_matches(
    tmp_path: Path, tmux: Tmux, feed_server: FeedServer
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    titles = [
        "Bank raises rates again",
        "Harbour crane collapses",
        "Central bank holds its nerve",
        "Storm warning for Friday",
        "Bank of Ostria opens branch",
        "Library lends telescopes",
    ]
    items = [
        Item(t, feed_server.url(f"/s/{i}"), guid=f"g{i}", published=now - timedelta(minutes=i))
        for i, t in enumerate(titles)
    ]
    url = feed_server.route("/feed.xml", rss(items, title="Wire"))
    screen = start(tmux, tmp_path, [("Wire", url)], width=120, height=30)
    wait_for(screen, lambda s: "Library lends telescopes" in s, 30)
    keys(tmux, "/")
    wait_for(screen, lambda s: "Filter titles" in s, 10)
    keys(tmux, "b", "a", "n", "k", "Enter")
    wait_for(screen, lambda s: 'search: "bank"' in s and "Harbour crane" not in s, 10)
    keys(tmux, "A")
    wait_for(screen, lambda s: "3 headlines marked read" in s, 10)
    quit_ticker(tmux)
    unread = subprocess.run(
        [
            _newstui(),
            "--db",
            str(tmp_path / "news.db"),
            "--config",
            str(tmp_path / "config.toml"),
            "headlines",
            "--unread",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TZ": "UTC"},
    ).stdout
    left = {t for t in titles if t in unread}
    assert left == {
        "Harbour crane collapses",
        "Storm warning for Friday",
        "Library lends telescopes",
    }


LONG = "Ferry operators and the harbour authority agree a timetable for winter storms"
"""77 characters: with the time and source columns (37), whole at 120 columns only without a pane
beside the list."""


def test_the_list_has_the_whole_width_until_an_article_opens(
    tmp_path: Path, tmux: Tmux, feed_server: FeedServer
) -> None:
    items = [Item(LONG, feed_server.url("/long"), guid="long", summary="The long story.")]
    url = feed_server.route("/feed.xml", rss(items, title="Wire"))
    screen = start(tmux, tmp_path, [("Wire", url)], width=120, height=30)
    shown = wait_for(screen, lambda s: "Ferry operators" in s, 30)
    assert LONG in shown  # no pane beside it: the whole headline fits at 120 columns
    keys(tmux, "Enter")
    wait_for(screen, lambda s: "The long story." in s, 15)
    keys(tmux, "Escape")
    shown = wait_for(screen, lambda s: "The long story." not in s, 10)
    assert LONG in shown


def test_the_sources_view_at_60_columns_shows_the_error(
    tmp_path: Path, tmux: Tmux, feed_server: FeedServer
) -> None:
    (port,) = closed_ports(1)
    good = feed_server.route("/feed.xml", rss([Item("A working story", feed_server.url("/1"))]))
    sources = [("Broken Desk", f"http://127.0.0.1:{port}/feed.xml"), ("Good Desk", good)]
    screen = start(tmux, tmp_path, sources, width=60, height=24)
    wait_for(screen, lambda s: "1 failing" in s.partition("\n")[0], 30)
    keys(tmux, "S")
    shown = wait_for(screen, lambda s: "Error: connection refused" in s, 10)
    assert "Broken Desk" in shown and f"127.0.0.1:{port}/feed.xml" in shown
    assert all(len(line) <= 60 for line in shown.splitlines())


def test_a_browsers_output_never_reaches_the_screen(
    tmp_path: Path, tmux: Tmux, feed_server: FeedServer
) -> None:
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        "print('BROWSER-NOISE on stdout', flush=True)\n"
        "print('BROWSER-NOISE on stderr', file=sys.stderr, flush=True)\n"
        f"open({str(record)!r}, 'a').write(sys.argv[1] + '\\n')\n"
    )
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    link = feed_server.url("/story")
    url = feed_server.route("/feed.xml", rss([Item("Open me in a browser", link)]))
    screen = start(tmux, tmp_path, [("Wire", url)], width=100, height=30)
    wait_for(screen, lambda s: "Open me in a browser" in s, 30)
    keys(tmux, "o")
    deadline = time.monotonic() + 10
    while not record.exists():
        assert time.monotonic() < deadline, "the browser was not started"
        time.sleep(0.1)
    assert record.read_text().splitlines() == [link]
    for _ in range(6):
        time.sleep(0.25)
        assert "BROWSER-NOISE" not in screen()
