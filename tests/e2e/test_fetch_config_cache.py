"""Tests that `newstui fetch` keeps and reads the config's parse beside the database as the
ticker does (newstui.config.parse_cache: 5,000 sources parse in ~25 ms of CPU before a round's
fork, read back in ~7 ms; benchmarks/RESULTS.md, warm6), and that an edited config is parsed
afresh: every source it lists is polled."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from newstui.config import parse_cache
from newstui.config.schema import parse_config
from tests.feeds import Item, rss
from tests.server import FeedServer


def fetch(config: Path, db: Path) -> None:
    command = [sys.executable, "-m", "newstui", "--config", str(config), "--db", str(db)]
    done = subprocess.run(
        [*command, "fetch", "-q"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": "UTC"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def polled(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT url FROM sources WHERE last_fetch IS NOT NULL").fetchall()
    conn.close()
    return {row[0] for row in rows}


def test_fetch_keeps_the_configs_parse_and_parses_an_edited_one_again(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    urls = [
        feed_server.route(f"/feed/{n}", rss([Item(f"Story {n}", f"http://x.test/{n}")]), etag="e")
        for n in range(3)
    ]
    config = tmp_path / "config.toml"
    db = tmp_path / "newstui.db"
    kept = parse_cache.cache_path(db)

    text = "".join(f'[[sources]]\nurl = "{u}"\n' for u in urls[:2])
    config.write_text(text)
    fetch(config, db)
    assert polled(db) == set(urls[:2])
    assert parse_cache.read(kept, config, text) == parse_config(text, config)

    text += f'[[sources]]\nurl = "{urls[2]}"\n'  # an edit: the kept parse no longer holds
    config.write_text(text)
    fetch(config, db)
    assert polled(db) == set(urls)
    assert parse_cache.read(kept, config, text) == parse_config(text, config)
