"""Tests what `newstui fetch` does after its round now that a quiet round that brought nothing
opens no store after it (RESULTS.md, warm5): a retention pass still runs when one is due
(asked before the round), is not run again within the hour, and the table is still printed
without -q."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.feeds import Item, rss
from tests.server import FeedServer


def fetch(config: Path, db: Path, *options: str) -> str:
    command = [sys.executable, "-m", "newstui", "--config", str(config), "--db", str(db)]
    done = subprocess.run(
        [*command, "fetch", *options],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": "UTC"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def last_prune(db: Path) -> str | None:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT value FROM settings WHERE key = 'last_prune'").fetchone()
    conn.close()
    return None if row is None else str(row[0])


def test_a_quiet_round_with_nothing_new_prunes_only_when_due(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    urls = [
        feed_server.route(f"/feed/{n}", rss([Item(f"Story {n}", f"http://x.test/{n}")]), etag="e")
        for n in range(3)
    ]
    config = tmp_path / "config.toml"
    config.write_text("".join(f'[[sources]]\nurl = "{u}"\n' for u in urls))
    db = tmp_path / "newstui.db"
    fetch(config, db, "-q")  # news: pruned after it
    first = last_prune(db)
    assert first is not None

    fetch(config, db, "-q")  # nothing new, pruned within the hour: no pass
    assert last_prune(db) == first

    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE settings SET value = '0.0' WHERE key = 'last_prune'")  # long ago
    conn.close()
    fetch(config, db, "-q")  # nothing new, but a pass is due
    again = last_prune(db)
    assert again is not None and float(again) > float(first) - 1

    table = fetch(config, db)  # not quiet: the table, from the store opened after the round
    assert "SOURCE" in table
    assert table.count("unchanged") == 3
