"""Runs the installed `newstui` in tmux while another process holds the database's write lock
(`BEGIN IMMEDIATE` in a separate Python process, as a `newstui fetch` from cron would): keys
keep moving the highlight, the wait notice shows, and a read mark made meanwhile is stored once
the lock is released."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e.test_tmux import ENV, _newstui, tmux, wait_for
from tests.feeds import Item, rss
from tests.server import FeedServer

__all__ = ["tmux"]  # the fixture, shared with test_tmux.py

Tmux = Callable[..., str]

HOLD = 5.0
"""Seconds the other process holds the write lock (the store waits up to 10 s for it)."""
KEYS_FOR = 3.0
"""Seconds of the hold during which keys are sent: each key's move must be seen before the
lock is released, and the last one has the rest of the hold (2 s) to show on a loaded machine."""
LANDS = 10.0
"""A hang guard, not a timing: how long a key's move may take to show at all."""
TITLE = re.compile(r"Lock story (\d+)\b")
SGR = re.compile(r"\x1b\[([0-9;]*)m")

HOLDER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN IMMEDIATE")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
print("released", flush=True)
"""


def background_of(line: str) -> str:
    """The background colour a line starts with (its first SGR 48;... parameters)."""
    for match in SGR.finditer(line):
        params = match.group(1)
        at = params.find("48;")
        if at >= 0:
            return params[at:]
    return ""


def highlighted(screen: str) -> int | None:
    """The number of the story on the highlighted row: the one headline row whose background
    differs from the others' (the highlight is shown by colour only)."""
    rows = [(background_of(line), TITLE.search(SGR.sub("", line))) for line in screen.splitlines()]
    stories = [(bg, int(found.group(1))) for bg, found in rows if found]
    if len(stories) < 3:
        return None
    common, _ = Counter(bg for bg, _ in stories).most_common(1)[0]
    odd = [story for bg, story in stories if bg != common]
    return odd[0] if len(odd) == 1 else None


def toasts(screen: str) -> str:
    """The text of the notices on screen: what follows each line's toast border, joined (a
    notice wraps over the lines beside the list)."""
    parts = (line.split("▌ ", 1)[1] for line in SGR.sub("", screen).splitlines() if "▌ " in line)
    return " ".join(part.strip() for part in parts if part.strip())


def stored_read(db: Path, title: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as raw:
        (read,) = raw.execute("SELECT read FROM items WHERE title = ?", (title,)).fetchone()
    return int(read)


def test_keys_notice_and_marks_while_another_process_holds_the_write_lock(
    tmp_path: Path, tmux: Tmux, feed_server: FeedServer
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    items = [
        Item(
            f"Lock story {i} of the harbour desk",
            feed_server.url(f"/lock/{i}"),
            guid=f"lock{i}",
            published=now - timedelta(minutes=i + 1),
        )
        for i in range(60)
    ]
    url = feed_server.route("/feed.xml", rss(items, title="Harbour Desk"))
    config = tmp_path / "config.toml"
    # Polled every second: the ticker keeps writing (each poll's state) while the lock is held.
    config.write_text(f'refresh = "1s"\njitter = 0\n[[sources]]\nurl = "{url}"\n')
    db = tmp_path / "news.db"
    # 120 columns: the compact layout, one row a headline.
    command = f"{ENV} TZ=UTC {_newstui()} --config {config} --db {db}"
    session = tmux.start(command, width=120, height=40)  # type: ignore[attr-defined]

    def screen() -> str:
        return tmux("capture-pane", "-p", "-e", "-t", session)

    def press(key: str) -> None:
        tmux("send-keys", "-t", session, key)

    wait_for(screen, lambda s: highlighted(s) == 0, 30)
    # The list takes keys (the first list may land after the first frame): j until one moves.
    deadline = time.monotonic() + LANDS
    while highlighted(screen()) == 0:
        assert time.monotonic() < deadline, "j never moved the highlight"
        press("j")
        time.sleep(0.3)
    press("g")
    wait_for(screen, lambda s: highlighted(s) == 0, LANDS)
    wait_for(lambda: str(len(feed_server.requests_for("/feed.xml"))), lambda n: int(n) >= 2, 30)

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), str(HOLD)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        held_at = time.monotonic()
        marked = "Lock story 0 of the harbour desk"
        press("u")  # a read mark on story 0: its write waits for the lock
        at, moved = 0, 0
        while time.monotonic() - held_at < KEYS_FOR:
            press("j")
            at += 1
            wait_for(screen, lambda s, want=at: highlighted(s) == want, LANDS)
            assert holder.poll() is None, f"key {at} showed only after the lock was released"
            moved += 1
        for _ in range(2):  # and back up: k as well as j
            press("k")
            at -= 1
            wait_for(screen, lambda s, want=at: highlighted(s) == want, LANDS)
        assert moved >= 3, moved
        shown = wait_for(screen, lambda s: "another newstui process" in toasts(s), LANDS)
        assert holder.poll() is None, "the wait notice showed only after the lock was released"
        assert toasts(shown).startswith("Database")
        assert stored_read(db, marked) == 0  # still waiting: the lock is held
    finally:
        holder.wait(timeout=30)
    assert holder.stdout.read().strip() == "released"
    deadline = time.monotonic() + LANDS
    while stored_read(db, marked) != 1:
        assert time.monotonic() < deadline, "the read mark made during the lock was not stored"
        time.sleep(0.2)
    # Keys still work after the wait, and the ticker still polls.
    press("j")
    wait_for(screen, lambda s, want=at + 1: highlighted(s) == want, LANDS)
    polled = len(feed_server.requests_for("/feed.xml"))
    wait_for(lambda: str(len(feed_server.requests_for("/feed.xml"))), lambda n: int(n) > polled, 30)
