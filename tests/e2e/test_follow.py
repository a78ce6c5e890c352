"""Tests `newstui headlines --follow` as scripts and status bars run it: a real subprocess that
prints what another process (`newstui fetch`) stores, each headline once, and ends quietly on
Ctrl-C (130) and on a closed pipe (0)."""

from __future__ import annotations

import json
import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.commands.follow import Follower
from newstui.models import FeedEntry, HeadlineQuery, SourceConfig
from newstui.storage.store import Store
from tests.feeds import Item, rss
from tests.server import FeedServer

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and pipes")

NOW = datetime.now(UTC).replace(microsecond=0)
ENV = {**os.environ, "TZ": "UTC", "PYTHONUNBUFFERED": "1"}


def feed(*titles: str) -> bytes:
    return rss(
        [
            Item(t, f"http://127.0.0.1/{t}", guid=t, published=NOW - timedelta(minutes=n))
            for n, t in enumerate(titles)
        ]
    )


class Setup:
    def __init__(self, tmp_path: Path, feed_server: FeedServer) -> None:
        self.server = feed_server
        self.wire = feed_server.route("/wire", feed("Old story"))
        self.other = feed_server.route("/other", feed("Other old"))
        self.config = tmp_path / "config.toml"
        self.config.write_text(
            f'[[sources]]\nurl = "{self.wire}"\nname = "Wire"\n\n'
            f'[[sources]]\nurl = "{self.other}"\nname = "Other"\n',
            encoding="utf-8",
        )
        self.db = tmp_path / "news.db"
        self.fetch()

    def args(self) -> list[str]:
        return [sys.executable, "-m", "newstui", "--config", str(self.config), "--db", str(self.db)]

    def fetch(self) -> None:
        done = subprocess.run([*self.args(), "fetch", "-q"], env=ENV, timeout=120)
        assert done.returncode == 0

    def follow(self, *options: str) -> tuple[subprocess.Popen[bytes], Output]:
        process = subprocess.Popen(
            [*self.args(), "headlines", "--follow", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,
            env=ENV,
        )
        return process, Output(process)


class Output:
    """A process's stdout read as it comes (no buffering hides a line from select)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        self.fd = process.stdout.fileno()
        self.pending = b""

    def lines(self, count: int, timeout: float = 60) -> list[str]:
        """`count` lines, waiting up to `timeout` seconds for them."""
        deadline = time.monotonic() + timeout
        while self.pending.count(b"\n") < count:
            left = deadline - time.monotonic()
            assert left > 0, f"only {self.pending!r} after {timeout} s"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                chunk = os.read(self.fd, 65536)
                assert chunk, f"stdout closed with {self.pending!r}"
                self.pending += chunk
        *lines, self.pending = self.pending.split(b"\n", count)
        return [line.decode("utf-8") for line in lines]

    def quiet(self, wait: float = 1.5) -> bool:
        """Nothing more comes within `wait` seconds."""
        if self.pending:
            return False
        ready, _, _ = select.select([self.fd], [], [], wait)
        return not ready


def started(setup: Setup, out: Output) -> None:
    """Waits until the follower runs (what is stored before it starts is not printed): a new
    marker headline each time until one is printed; the test then reads past it."""
    for n in range(60):
        setup.server.route("/other", feed(f"marker {n}", "Other old"))
        setup.fetch()
        if not out.quiet(1.0):
            line = out.lines(1)[0]
            assert "marker" in line
            return
    raise AssertionError("the follower printed nothing")


def test_follow_prints_new_headlines_once_and_ends_on_ctrl_c(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    setup = Setup(tmp_path, feed_server)
    process, out = setup.follow("--json")
    started(setup, out)
    feed_server.route("/wire", feed("Quake hits Chile", "Markets calm", "Old story"))
    setup.fetch()
    records = [json.loads(line) for line in out.lines(2)]
    assert [r["title"] for r in records] == ["Markets calm", "Quake hits Chile"]  # as stored
    assert {r["source"] for r in records} == {"Wire"}
    setup.fetch()  # the same documents again: nothing new, nothing twice
    feed_server.route("/wire", feed("Late news", "Quake hits Chile", "Markets calm"))
    setup.fetch()
    assert json.loads(out.lines(1)[0])["title"] == "Late news"
    assert out.quiet()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err == b""  # quietly: no traceback


def test_follow_keeps_to_the_filters_and_prints_text_rows(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    setup = Setup(tmp_path, feed_server)
    process, out = setup.follow("--source", "Wire", "--limit", "1")
    first = out.lines(1)[0]
    assert first.rstrip().endswith("Wire   Old story")  # the backlog asked for: one, no more
    feed_server.route("/other", feed("Not this one", "Other old"))
    feed_server.route("/wire", feed("This one", "Old story"))
    setup.fetch()
    (line,) = out.lines(1)
    assert line.rstrip().endswith("Wire   This one")
    assert out.quiet()
    process.terminate()
    process.communicate(timeout=30)


def test_a_closed_pipe_ends_follow_with_status_0_even_with_no_news(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    setup = Setup(tmp_path, feed_server)
    process, _ = setup.follow()
    time.sleep(1.0)  # let it start and settle into waiting
    assert process.stdout is not None
    process.stdout.close()  # `... --follow | head -1` after head has its line
    assert process.wait(timeout=30) == 0
    assert process.stderr is not None and process.stderr.read() == b""


def test_a_pipe_closed_while_news_is_printed_ends_with_status_0(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    setup = Setup(tmp_path, feed_server)
    shell = subprocess.Popen(
        f"{' '.join(setup.args())} headlines --follow --json | head -1; "
        'echo "status ${PIPESTATUS[0]}"',
        shell=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        executable="/bin/bash",
    )
    titles = [f"Story {n}" for n in range(30)]
    for attempt in range(30):
        feed_server.route("/wire", feed(*titles[: attempt + 1]))
        setup.fetch()
        if shell.poll() is not None:
            break
        time.sleep(0.5)
    out, err = shell.communicate(timeout=60)
    first, status = out.splitlines()
    assert json.loads(first)["source"] == "Wire"
    assert status == "status 0" and err == ""


def test_an_id_given_again_after_a_prune_is_still_new(tmp_path: Path) -> None:
    store = Store(tmp_path / "news.db")
    (source,) = store.sync_sources([SourceConfig("https://wire.example/feed")], 300)

    def entry(guid: str) -> FeedEntry:
        return FeedEntry(guid, guid, None, NOW)

    store.save_poll(source, [entry("a"), entry("b")])
    follower = Follower(store, HeadlineQuery())
    (new,) = store.save_poll(source, [entry("c")])
    assert [h.guid for h in follower.new()] == ["c"]
    with sqlite3.connect(store.path) as raw:  # a prune deletes the newest id
        raw.execute("DELETE FROM items WHERE id = ?", (new.id,))
    (again,) = store.save_poll(source, [entry("d")])
    assert again.id == new.id  # SQLite gave the id out again
    assert [h.guid for h in follower.new()] == ["d"]
    assert follower.new() == []
    store.close()
