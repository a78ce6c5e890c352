"""Tests import, export, mark-read and the headline filters as a user runs them (subprocesses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.config.schema import load_config
from newstui.models import FeedEntry
from newstui.storage.store import Store

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
CONFIG = """\
# mine
[[sources]]
url = "https://w.example/f"
name = "World"
tags = ["news"]

[[sources]]
url = "https://t.example/f"
name = "Tech"
"""


def newstui(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newstui", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        env={**os.environ, "TZ": "UTC"},
    )


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    db = tmp_path / "news.db"
    store = Store(db)
    world, tech = store.sync_sources(load_config(config).sources, 300)
    store.save_poll(
        world,
        [
            FeedEntry("w1", "Storm hits the coast", None, NOW - timedelta(minutes=1)),
            FeedEntry("w2", "Election day", None, NOW - timedelta(minutes=2), summary="storm"),
        ],
        NOW,
    )
    store.save_poll(tech, [FeedEntry("t1", "Storm of patches", None, NOW)], NOW)
    store.close()
    return config, db


def rows(config: Path, db: Path, *args: str) -> list[dict[str, object]]:
    done = newstui("headlines", "--json", "--config", str(config), "--db", str(db), *args)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_filters_and_mark_read(setup: tuple[Path, Path]) -> None:
    config, db = setup
    every = rows(config, db)
    assert [r["title"] for r in every] == [
        "Storm of patches",
        "Storm hits the coast",
        "Election day",
    ]
    assert [r["title"] for r in rows(config, db, "--search", "storm", "--source", "world")] == [
        "Storm hits the coast",
        "Election day",
    ]
    assert [r["title"] for r in rows(config, db, "--tag", "news", "--search", "elect")] == [
        "Election day"
    ]
    key = every[1]["key"]
    done = newstui("mark-read", str(key), "--db", str(db))
    assert (done.returncode, done.stdout.strip()) == (0, "1 marked read"), done.stderr
    assert [r["title"] for r in rows(config, db, "--unread")] == [
        "Storm of patches",
        "Election day",
    ]
    assert (
        newstui("mark-read", "--source", "Tech", "--db", str(db)).stdout.strip() == "1 marked read"
    )
    assert [r["title"] for r in rows(config, db, "--unread", "--search", "storm")] == [
        "Election day"
    ]
    assert newstui("mark-read", "--all", "--db", str(db)).stdout.strip() == "1 marked read"
    assert rows(config, db, "--unread") == []
    assert newstui("mark-read", "--all", "--unread", "--db", str(db)).stdout.strip() == (
        "3 marked unread"
    )
    assert rows(config, db, "--starred") == []


def test_mark_read_errors(setup: tuple[Path, Path]) -> None:
    _, db = setup
    missing = newstui("mark-read", "999", "--db", str(db))
    assert missing.returncode == 1 and "no headline with key 999" in missing.stderr
    unknown = newstui("mark-read", "--source", "Nope", "--db", str(db))
    assert unknown.returncode == 2 and "no source named" in unknown.stderr
    assert newstui("mark-read", "--db", str(db)).returncode == 2


def test_import_newsboat_then_export_round_trip(tmp_path: Path, setup: tuple[Path, Path]) -> None:
    config, db = setup
    urls = tmp_path / "urls"
    urls.write_text(
        'https://n.example/feed "~Newsy" tech "long tag"\n'
        "exec:touch /tmp/newstui-should-never-exist\n"
        '"query:Unread:unread = \\"yes\\""\n'
        "https://w.example/f\n"
    )
    done = newstui("import", str(urls), "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert "1 added, 1 already configured, 2 skipped" in done.stdout
    assert "exec" in done.stderr and "query" in done.stderr
    assert not Path("/tmp/newstui-should-never-exist").exists()
    text = config.read_text()
    assert text.startswith("# mine") and 'name = "Newsy"' in text
    out = tmp_path / "subs.opml"
    exported = newstui("export", "-o", str(out), "--config", str(config), "--db", str(db))
    assert exported.returncode == 0, exported.stderr
    fresh = tmp_path / "fresh.toml"
    fresh.write_text('[[sources]]\nurl = "https://only.example/f"\n')
    again = newstui("import", str(out), "--config", str(fresh))
    assert again.returncode == 0, again.stderr
    before = {(s.url, s.name, s.tags) for s in load_config(config).sources}
    after = {(s.url, s.name, s.tags) for s in load_config(fresh).sources}
    assert after == before | {("https://only.example/f", None, ())}


def test_export_to_stdout_and_import_dry_run(tmp_path: Path, setup: tuple[Path, Path]) -> None:
    config, db = setup
    shown = newstui("export", "--config", str(config), "--db", str(db))
    assert shown.returncode == 0 and shown.stdout.startswith("<?xml")
    assert 'category="news"' in shown.stdout
    dry = newstui("import", "-", "--dry-run", "--config", str(config), stdin=shown.stdout)
    assert dry.returncode == 0 and "https://w.example/f  World  [news]" in dry.stdout
    assert config.read_text() == CONFIG


def test_import_nothing_usable(tmp_path: Path, setup: tuple[Path, Path]) -> None:
    config, _ = setup
    junk = tmp_path / "junk.txt"
    junk.write_text("exec:rm -rf ~\n")
    done = newstui("import", str(junk), "--config", str(config))
    assert done.returncode == 1 and "no feed sources" in done.stderr
    assert newstui("import", str(tmp_path / "none"), "--config", str(config)).returncode == 1


def test_import_corpus_opml(corpus: Path, tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('# keep me\n[[sources]]\nurl = "https://only.example/f"\n')
    path = corpus / "awesome-rss-feeds/recommended/with_category/Business & Economy.opml"
    done = newstui("import", str(path), "--config", str(config))
    assert done.returncode == 0, done.stderr
    sources = load_config(config).sources
    assert len(sources) == 17 and sources[1].tags == ("Business & Economy",)
