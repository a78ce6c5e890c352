"""Two real tickers on one database in one terminal (tmux windows), against a feed server that
counts each feed's requests: one polls (it holds the database's poll lease), the other follows
it (says so, shows its arrivals with ✦, passes `r` on to it), a `fetch` beside them polls
nothing, and when the polling one is killed (SIGKILL) the other polls in its place."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.test_tmux import ENV, _newstui, tmux, wait_for
from tests.e2e.test_tmux_watching import ARRIVALS, TITLES, Tmux, list_lines
from tests.feeds import Item, rss
from tests.server import FeedServer

__all__ = ["tmux"]  # the fixture, shared with test_tmux.py

FEEDS = ("/harbour.xml", "/rail.xml", "/weather.xml")
FOLLOWING = re.compile(r"following newstui \(pid (\d+)\)")


def items(server: FeedServer, feed: str) -> list[Item]:
    """Three headlines of `feed`'s own (no two of the database's make one story)."""
    now = datetime.now(UTC).replace(microsecond=0)
    first = 3 * FEEDS.index(feed)
    return [
        Item(TITLES[first + n], server.url(f"{feed}/{n}"), guid=f"{feed}{n}",
             published=now - timedelta(minutes=9 * (first + n) + 5))
        for n in range(3)
    ]  # fmt: skip


def press(tmux: Tmux, target: str, key: str) -> None:
    tmux("send-keys", "-t", target, key)


def polls(server: FeedServer) -> list[int]:
    return [len(server.requests_for(feed)) for feed in FEEDS]


@pytest.mark.slow  # two real tickers and a fetch, each a process start
def test_one_polls_the_other_follows_and_takes_over(
    tmp_path: Path, tmux: Tmux, feed_server: FeedServer
) -> None:
    for feed in FEEDS:
        feed_server.route(feed, rss(items(feed_server, feed), title=feed))
    config = tmp_path / "config.toml"
    config.write_text(
        'refresh = "1h"\njitter = 0\n'
        + "".join(f'[[sources]]\nurl = "{feed_server.url(f)}"\n' for f in FEEDS)
    )
    db = tmp_path / "news.db"
    command = f"{ENV} TZ=UTC {_newstui()} --config {config} --db {db}"
    first = tmux.start(command, width=120, height=20)  # type: ignore[attr-defined]
    screen_a = lambda: tmux("capture-pane", "-p", "-t", f"{first}:0")  # noqa: E731
    screen_b = lambda: tmux("capture-pane", "-p", "-t", f"{first}:second")  # noqa: E731
    wait_for(screen_a, lambda s: "9 unread / 9" in s, 30)  # it polled: it holds the lease
    tmux("new-window", "-d", "-t", first, "-n", "second", command)

    # The second follows the first, and shows what it stored; each feed was polled once.
    shown = wait_for(screen_b, lambda s: FOLLOWING.search(s) and "9 unread / 9" in s, 30)
    holder = int(FOLLOWING.search(shown).group(1))  # type: ignore[union-attr]
    assert "following" not in screen_a()
    assert polls(feed_server) == [1, 1, 1]

    # `r` in the follower asks the holder, whose new headline shows in both, as an arrival.
    fresh = Item(ARRIVALS[0], feed_server.url("/new"), guid="new",
                 published=datetime.now(UTC))  # fmt: skip
    feed_server.route(FEEDS[0], rss([fresh, *items(feed_server, FEEDS[0])]))
    press(tmux, f"{first}:second", "r")
    for screen in (screen_b, screen_a):
        shown = wait_for(screen, lambda s: "Ravensholm dam" in list_lines(s)[0], 30)
        assert list_lines(shown)[0].startswith("✦"), shown
    wait_for(lambda: str(polls(feed_server)), lambda s: s == "[2, 2, 2]", 30)

    # A `fetch` (from cron) beside them polls nothing: the holder keeps the database.
    done = subprocess.run(
        [_newstui(), "--config", str(config), "--db", str(db), "fetch"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"nothing polled: newstui (pid {holder}) polls this database" in done.stderr
    assert polls(feed_server) == [2, 2, 2]

    # Killed, the holder leaves no lease behind: the follower polls now, on the stored schedule
    # (nothing is due for an hour: no burst of polls), and its own `r` polls every feed.
    os.kill(holder, signal.SIGKILL)
    wait_for(screen_b, lambda s: "following" not in s.splitlines()[0], 30)
    assert polls(feed_server) == [2, 2, 2]
    press(tmux, f"{first}:second", "r")
    wait_for(lambda: str(polls(feed_server)), lambda s: s == "[3, 3, 3]", 30)
