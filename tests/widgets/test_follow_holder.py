"""Pilot against a real second process on one real SQLite file: while that process holds the
database's poll lease (tests/lease_holder.py, as a polling ticker), the ticker polls nothing,
says whom it follows, shows what the holder stores as its own arrivals (✦), passes `r` on to
it, and polls once the holder is killed (SIGKILL: the lease is never left stale)."""

from __future__ import annotations

import asyncio
import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.config.schema import Config
from newstui.models import SourceConfig
from newstui.storage.poll_lease import Holder, PollLease
from tests import lease_holder
from tests.feeds import Item, rss
from tests.server import FeedServer
from tests.widgets.conftest import MakeApp
from tests.widgets.test_headline_list import screen_lines
from tests.widgets.waits import settle


async def store(process: subprocess.Popen[str], title: str) -> None:
    assert process.stdin is not None
    process.stdin.write(f"store {title}\n")
    process.stdin.flush()
    assert await said(process) == "stored"


async def said(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    return (await asyncio.to_thread(process.stdout.readline)).strip()


@pytest.mark.slow  # a second process, and a follower's looks a second apart
async def test_a_follower_shows_asks_and_takes_over(
    tmp_path: Path, feed_server: FeedServer, news_app: MakeApp
) -> None:
    old = Item("Council approves the harbour plan", "http://127.0.0.1:9/old",
               published=datetime.now(UTC) - timedelta(hours=1))  # fmt: skip
    url = feed_server.route("/wire.xml", rss([old], title="Wire"))
    db = tmp_path / "n.db"
    holder = lease_holder.start(db)
    try:
        config = Config(sources=(SourceConfig(url, name="Wire"),), refresh=3600)
        app = news_app(config, db, poll=True, now=None)
        async with app.run_test(size=(120, 30)) as pilot:
            header = app.query_one("#header")
            following = f"following newstui (pid {holder.pid})"
            await settle(pilot, lambda: header.follows == following)  # type: ignore[attr-defined]
            assert following in header.render().plain  # type: ignore[attr-defined]
            column = app.main.column  # and the empty list says what it waits for
            await settle(
                pilot, lambda: column.situation == f"F{following[1:]}: what it stores shows here."
            )

            lines = app.main.headlines
            for title in ("Storm closes the coast road", "Ferry strike ends after talks"):
                await store(holder, title)  # the first fills the empty list: no news, as ever
                await settle(pilot, lambda t=title: t in " ".join(screen_lines(lines)))  # type: ignore[misc]
            first = screen_lines(lines)[0]
            assert first.startswith("✦") and "Ferry strike" in first, first
            assert feed_server.requests_for("/wire.xml") == []  # the holder polls, not this one

            await pilot.press("r")  # asks the holder
            assert await said(holder) == "asked"
            told = [str(n.message) for n in app._notifications]
            assert f"Asked newstui (pid {holder.pid}) to poll every source now." in told
            assert feed_server.requests_for("/wire.xml") == []

            holder.kill()  # SIGKILL: the kernel drops its lock
            holder.wait()
            await settle(pilot, lambda: len(feed_server.requests_for("/wire.xml")) == 1)
            await settle(pilot, lambda: "Council approves" in " ".join(screen_lines(lines)))
            assert header.follows == ""  # type: ignore[attr-defined]
            told = [str(n.message) for n in app._notifications]
            assert "The other newstui ended: this one polls the sources now." in told
            assert PollLease(db).holder() == Holder(os.getpid(), "ticker")
        assert PollLease(db).holder() is None  # given up at quit
        assert PollLease(db).try_take("ticker")
    finally:
        holder.kill()
        holder.wait()
