"""`newstui fetch` leaves alone a source whose server asked for a wait (a 429 with
Retry-After) until the wait is over, and says so, as the ticker and its `r` do: a `fetch` from
cron every 15 minutes polled a server that had asked for an hour at each run."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e.test_cli import newstui, write_config
from tests.feeds import Item, rss
from tests.server import FeedServer


def test_fetch_waits_for_a_servers_retry_after(tmp_path: Path, feed_server: FeedServer) -> None:
    busy = feed_server.route("/busy.xml", "slow down", status=429, headers={"Retry-After": "3600"})
    calm = feed_server.route("/calm.xml", rss([Item("Harbour opens", "http://127.0.0.1:9/a")]))
    down = feed_server.route("/down.xml", "back soon", status=503, headers={"Retry-After": "86400"})
    config, db = write_config(tmp_path, [busy, calm, down]), tmp_path / "news.db"
    run = ("--config", str(config), "--db", str(db), "fetch")

    first = newstui(*run)
    assert first.returncode == 0, first.stderr  # one source of two answered
    assert "Retry-After: 3600 s" in first.stdout  # the table's error names the wait
    assert len(feed_server.requests_for("/busy.xml")) == 1

    second = newstui(*run)
    assert second.returncode == 0, second.stderr
    assert len(feed_server.requests_for("/busy.xml")) == 1  # left alone
    assert len(feed_server.requests_for("/calm.xml")) == 2  # the other is polled
    # Each named with its own wait, soonest first (it gave the day's wait for both, naming none).
    hour = (datetime.now(UTC) + timedelta(hours=1)).astimezone().strftime("%H:")
    day = (datetime.now(UTC) + timedelta(days=1)).astimezone().strftime("%d.%m.%Y")
    said = second.stderr
    assert "2 sources not polled, their servers asked for a wait (Retry-After): " in said
    assert re.search(rf"127\.0\.0\.1/busy\.xml until {hour}\d\d \S+, ", said), said
    assert re.search(rf", 127\.0\.0\.1/down\.xml until \d\d:\d\d {day} ", said), said

    quiet = newstui(*run, "-q")
    assert quiet.returncode == 0 and not quiet.stderr, quiet.stderr  # cron hears nothing
    assert len(feed_server.requests_for("/busy.xml")) == 1
