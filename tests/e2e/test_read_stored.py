"""Tests `newstui read` with what the other commands print: a headline's key (the `key` of
`headlines --json`, as mark-read takes) or words of its title, besides a page's address; the
database's cached article first, else the feed's own text (no network: the links are None)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.config.schema import load_config
from newstui.models import Article, FeedEntry
from newstui.storage.store import Store

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
CONFIG = '[[sources]]\nurl = "https://w.example/f"\nname = "World"\n'
CACHED = "# Storm hits the coast\n\nThe whole article, as the ticker cached it.\n"


def newstui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newstui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": "UTC"},
    )


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Path, Path, dict[str, int]]:
    """A config and a database of three headlines without links, the first one's article
    cached; and each title's key."""
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    db = tmp_path / "news.db"
    store = Store(db)
    (world,) = store.sync_sources(load_config(config).sources, 300)
    entries = [
        FeedEntry("w1", "Storm hits the coast", None, NOW - timedelta(minutes=1)),
        FeedEntry("w2", "Storm warning lifted", None, NOW - timedelta(minutes=2)),
        FeedEntry("w3", "Election day", None, NOW - timedelta(minutes=3), summary="Polls open."),
    ]
    store.save_poll(world, entries, NOW)
    keys = {h.title: h.id for h in store.headlines()}
    store.save_article(keys["Storm hits the coast"], Article("Storm hits the coast", CACHED, 7))
    store.close()
    return config, db, keys


@pytest.mark.slow  # four runs of the command (~0.4 s of CPU each)
def test_read_by_key_or_words(stored: tuple[Path, Path, dict[str, int]]) -> None:
    config, db, keys = stored
    where = ("--config", str(config), "--db", str(db))
    listed = newstui("headlines", "--json", *where)
    assert {json.loads(line)["key"] for line in listed.stdout.splitlines()} == set(keys.values())
    by_key = newstui("read", str(keys["Storm hits the coast"]), *where)
    assert (by_key.returncode, by_key.stdout, by_key.stderr) == (0, CACHED, "")
    by_words = newstui("read", "election", *where)  # one match, nothing cached, no link
    assert by_words.returncode == 0, by_words.stderr
    assert by_words.stdout == "# Election day\n\nPolls open.\n"
    assert "full article unavailable (no link to fetch)" in by_words.stderr
    several = newstui("read", "storm", *where)
    assert several.returncode == 2 and several.stdout == ""
    assert several.stderr.startswith("newstui: several headlines have every word of 'storm'")
    assert f"newstui read {keys['Storm hits the coast']}`" in several.stderr
    for title in ("Storm hits the coast", "Storm warning lifted"):
        assert any(
            line.startswith(str(keys[title])) and line.endswith(title)
            for line in several.stderr.splitlines()
        ), several.stderr


@pytest.mark.parametrize(
    ("target", "code", "message"),
    [
        ("999", 1, "newstui: no headline with key 999; keys are the `key` of"),
        ("zebra", 1, "newstui: no stored headline has every word of 'zebra'"),
        ("&&", 2, "newstui: '&&' is neither an address, a key nor words to search for"),
        ("example.org/story", 2, "newstui: 'example.org/story': unsupported URL scheme"),
    ],
)
def test_read_of_what_names_no_headline(
    stored: tuple[Path, Path, dict[str, int]], target: str, code: int, message: str
) -> None:
    config, db, _ = stored
    done = newstui("read", target, "--config", str(config), "--db", str(db))
    assert (done.returncode, done.stdout) == (code, "")
    assert done.stderr.startswith(message), done.stderr
    assert len(done.stderr.splitlines()) == 1
