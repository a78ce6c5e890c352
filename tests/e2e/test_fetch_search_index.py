"""Tests where `newstui fetch` leaves its headlines' search indexing (schema migration 16): the
round stores them above the index's mark and exits, and the next search, in another process,
indexes them first and finds every one."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.feeds import Item, rss
from tests.server import FeedServer

TITLES = ["हिन्दी समाचार आज", "Stórm über Zürich", "snake_case release notes", "東京 storm"]


def newstui(config: Path, db: Path, *arguments: str) -> str:
    command = [sys.executable, "-m", "newstui", "--config", str(config), "--db", str(db)]
    done = subprocess.run(
        [*command, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": "UTC"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def unindexed(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        sql = "SELECT COUNT(*) FROM items WHERE id > (SELECT high FROM fts_mark)"
        count = int(conn.execute(sql).fetchone()[0])
    conn.close()
    return count


def test_fetch_leaves_the_index_to_the_next_search_which_finds_every_headline(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    urls = [
        feed_server.route(
            f"/feed/{n}", rss([Item(f"{title} {n}", f"http://x.test/{n}")]), etag=f"e{n}"
        )
        for n, title in enumerate(TITLES)
    ]
    config = tmp_path / "config.toml"
    config.write_text("".join(f'[[sources]]\nurl = "{u}"\n' for u in urls))
    db = tmp_path / "newstui.db"
    newstui(config, db, "fetch", "-q")
    assert unindexed(db) == 4  # stored, left to index

    assert "हिन्दी समाचार आज 0" in newstui(config, db, "headlines", "--search", "समाचार")
    assert unindexed(db) == 0  # the search indexed them first
    assert "Stórm über Zürich 1" in newstui(config, db, "headlines", "--search", "zurich")
    assert "snake_case release notes 2" in newstui(config, db, "headlines", "--search", "snake_c")
    found = newstui(config, db, "headlines", "--search", "storm")
    assert "東京 storm 3" in found and "Stórm über Zürich 1" in found
