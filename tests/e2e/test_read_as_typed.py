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
