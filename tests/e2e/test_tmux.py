"""Runs the installed `newstui` command in a real terminal (tmux) against a feed server on
127.0.0.1, reads the screen and sends keys, as a user would."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.feeds import Item, rss
from tests.server import FeedServer

STAMP = re.compile(r"\d\d:\d\d \d\d\.\d\d\.\d{4}")
ENV = "env -u COLUMNS -u LINES TERM=xterm-256color"
"""Textual obeys COLUMNS/LINES over the real terminal size: drop any inherited from the runner."""


def _newstui() -> str:
    found = shutil.which("newstui", path=str(Path(sys.executable).parent)) or shutil.which(
        "newstui"
    )
    if found is None:
        pytest.fail("the newstui command is not installed: pip install '.[test]'")
    return found


@pytest.fixture
def tmux() -> Iterator[Callable[..., str]]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    name = f"newstui-test-{uuid.uuid4().hex[:8]}"
    sessions: list[str] = []

    # A server of our own: no user config, no other sessions deciding the window size.
    base = ["tmux", "-L", name, "-f", "/dev/null"]

    def run(*args: str) -> str:
        done = subprocess.run([*base, *args], capture_output=True, text=True, timeout=30)
        return done.stdout

    def start(command: str, width: int = 140, height: int = 35) -> str:
        subprocess.run(
            [*base, "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), command],
            check=True,
            timeout=30,
        )
        sessions.append(name)
        return name

    run.start = start  # type: ignore[attr-defined]
    run.name = name  # type: ignore[attr-defined]
    yield run
    if sessions:
        subprocess.run([*base, "kill-server"], capture_output=True, timeout=30)


def wait_for(read: Callable[[], str], predicate: Callable[[str], bool], timeout: float) -> str:
    deadline = time.monotonic() + timeout
    screen = read()
    while not predicate(screen):
        if time.monotonic() > deadline:
            raise AssertionError(f"screen never matched; last screen:\n{screen}")
        time.sleep(0.2)
        screen = read()
    return screen


def test_ticker_in_a_real_terminal(
    tmp_path: Path, feed_server: FeedServer, tmux: Callable[..., str]
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    items = [
        Item(
            f"Harbour story number {i}",
            feed_server.url(f"/story/{i}"),
            guid=f"h{i}",
            published=now - timedelta(minutes=9 * i + 3),
            summary=f"Blurb of story {i}.",
        )
        for i in range(60)
    ]
    url = feed_server.route("/feed.xml", rss(items, title="Harbour Desk"))
    config = tmp_path / "config.toml"
    config.write_text(f'refresh = "1s"\njitter = 0\n[[sources]]\nurl = "{url}"\n')
    db = tmp_path / "news.db"
    command = f"{ENV} TZ=UTC {_newstui()} --config {config} --db {db}"
    session = tmux.start(command)  # type: ignore[attr-defined]

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    wait_for(screen, lambda s: "Harbour story number 10" in s, 30)
    # The list has the whole (wide) window: the compact layout; L gives the News line one,
    # each headline over a line with its time and source.
    tmux("send-keys", "-t", session, "L")
    shown = wait_for(screen, lambda s: STAMP.search(s) is not None, 15)
    lines = shown.splitlines()
    at = next(n for n, line in enumerate(lines) if "Harbour story number 0" in line)
    meta = lines[at + 1]
    assert STAMP.search(meta), meta
    assert (now - timedelta(minutes=3)).strftime("%H:%M %d.%m.%Y") in meta
    assert "Harbour Desk" in meta

    tmux("send-keys", "-t", session, "j", "j")
    time.sleep(0.3)
    tmux("send-keys", "-t", session, "Enter")
    wait_for(screen, lambda s: "Blurb of story 2." in s, 15)

    # news arrives: a new headline appears, and the reader's place does not move
    fresh = Item(
        "Breaking: harbour crane collapses",
        feed_server.url("/story/new"),
        guid="new",
        published=datetime.now(UTC) - timedelta(seconds=5),
        summary="Fresh blurb.",
    )
    feed_server.route("/feed.xml", rss([fresh, *items], title="Harbour Desk"))
    # it arrived above the reader's place: the list does not move, a marker says so
    shown = wait_for(screen, lambda s: "1 new" in s, 30)
    assert "Breaking: harbour crane collapses" not in shown
    assert "Harbour story number 2 " in shown
    # Enter opens whatever is highlighted: still story 2
    tmux("send-keys", "-t", session, "Enter")
    time.sleep(0.5)
    shown = wait_for(screen, lambda s: "Blurb of story 2." in s, 10)
    assert "Fresh blurb." not in shown
    # n jumps to the news, Enter opens it
    tmux("send-keys", "-t", session, "n")
    time.sleep(0.3)
    tmux("send-keys", "-t", session, "Enter")
    shown = wait_for(screen, lambda s: "Fresh blurb." in s, 10)
    assert "Breaking: harbour crane collapses" in shown.splitlines()[2]

    # q closes the open article first (as newsboat's q leaves an article), then quits
    tmux("send-keys", "-t", session, "q")
    wait_for(screen, lambda s: "Fresh blurb." not in s, 30)
    tmux("send-keys", "-t", session, "q")
    deadline = time.monotonic() + 30
    while session in tmux("list-sessions", "-F", "#{session_name}"):
        assert time.monotonic() < deadline, "newstui did not quit on q"
        time.sleep(0.2)
    # everything it showed was stored
    listing = subprocess.run(
        [_newstui(), "--config", str(config), "--db", str(db), "headlines", "--limit", "3"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TZ": "UTC"},
    )
    assert "Breaking: harbour crane collapses" in listing.stdout.splitlines()[0]


CLOCK = re.compile(r"\b\d\d:\d\d\b")


def rows_of(shown: str) -> set[str]:
    """The headline rows on screen (lines with a time of day, but the header)."""
    return {line for line in shown.splitlines()[1:] if CLOCK.search(line)}


def test_demo_runs_offline_in_a_real_terminal(tmux: Callable[..., str]) -> None:
    session = tmux.start(f"{ENV} {_newstui()} demo --seed 3 --interval 1")  # type: ignore[attr-defined]

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    # A wide window: compact rows, each with its time of day.
    shown = wait_for(screen, lambda s: len(CLOCK.findall(s)) >= 10, 30)
    assert "newstui demo" in shown
    before = rows_of(shown)
    # within a few seconds the newsroom publishes and the ticker shows it (at the top, followed)
    wait_for(screen, lambda s: "new" in s.splitlines()[1] or bool(rows_of(s) - before), 30)
    tmux("send-keys", "-t", session, "q")
