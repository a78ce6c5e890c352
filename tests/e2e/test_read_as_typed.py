"""Tests `newstui read WORDS` with a title given as typed or pasted: "Live item number 3:" has
every word of items 30 to 39 too, and the error listed the 10 newest of them, item 3 left out,
so its key could not be found there either."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.config.schema import load_config
from newstui.models import FeedEntry
from newstui.storage.store import Store
from tests.e2e.test_read_stored import newstui

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.mark.slow  # four runs of the command (~0.4 s of CPU each)
def test_read_picks_the_title_given_as_typed(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[[sources]]\nurl = "https://w.example/f"\nname = "Wire"\n')
    db = tmp_path / "news.db"
    store = Store(db)
    (wire,) = store.sync_sources(load_config(config).sources, 300)
    entries = [
        FeedEntry(f"i{n}", f"Live item number {n}: more", None, NOW + timedelta(minutes=n),
                  summary=f"Body of item {n}.")
        for n in (3, *range(30, 40))
    ]  # fmt: skip
    store.save_poll(wire, entries, NOW)
    store.close()
    where = ("--config", str(config), "--db", str(db))
    for typed in ("Live item number 3: more", "live ITEM number 3:", "item number 3"):
        done = newstui("read", typed, *where)
        assert (done.returncode, done.stdout) == (
            0,
            "# Live item number 3: more\n\nBody of item 3.\n",
        )
    several = newstui("read", "item number", *where)  # whole in every title: listed, as before
    assert several.returncode == 2 and "several headlines" in several.stderr


@pytest.mark.slow  # five runs of the command (~0.4 s of CPU each)
def test_read_takes_a_title_with_a_slash_as_words_and_a_host_path_as_an_address(
    tmp_path: Path,
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[[sources]]\nurl = "https://w.example/f"\nname = "Wire"\n')
    db = tmp_path / "news.db"
    store = Store(db)
    (wire,) = store.sync_sources(load_config(config).sources, 300)
    titles = ("AC/DC add a date in Lowbridge", "Sales up 5% y/y in Q3", "Harbour open 24/7")
    entries = [
        FeedEntry(f"i{n}", title, None, NOW + timedelta(minutes=n), summary=f"Body {n}.")
        for n, title in enumerate(titles)
    ]
    store.save_poll(wire, entries, NOW)
    store.close()
    where = ("--config", str(config), "--db", str(db))
    for typed, n in (("AC/DC", 0), ("Sales up 5% y/y", 1), ("24/7", 2)):
        done = newstui("read", typed, *where)
        assert (done.returncode, done.stdout) == (0, f"# {titles[n]}\n\nBody {n}.\n"), done.stderr
    for address in ("example.org/story", "127.0.0.1:9/feed"):
        refused = newstui("read", address, *where)  # an address, refused before any fetch
        assert refused.returncode == 2 and "address" in refused.stderr
        assert "stored headline" not in refused.stderr
