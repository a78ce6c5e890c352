"""Pilot: the sources view's times are as the list's: the time alone for today, the date too for
another day (a table of one date repeated on every row hid the time, at 60 columns, past its
edge)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from newstui.config.schema import Config
from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store
from newstui.ui.widgets.source_table import SourceTable
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


def two_sources(db: Path) -> tuple[Config, Store]:
    """One source fetched today (NOW, the app's clock), one three days before."""
    configs = (
        SourceConfig("http://127.0.0.1:9/today.xml", name="Today Desk"),
        SourceConfig("http://127.0.0.1:9/older.xml", name="Older Desk"),
    )
    store = Store(db)
    today, older = store.sync_sources(configs, 300)
    entry = FeedEntry("a", "A headline", "http://127.0.0.1:9/a", NOW - timedelta(minutes=5))
    store.save_poll(today, [entry], NOW)
    store.save_states(
        [
            replace(today, last_fetch=NOW - timedelta(minutes=3), next_poll=NOW),
            replace(older, last_fetch=NOW - timedelta(days=3, minutes=7), next_poll=NOW),
        ]
    )
    return Config(sources=configs), store


async def test_sources_polled_today_show_the_time_and_older_ones_the_date(
    news_app: MakeApp, tmp_path: Path
) -> None:
    app = news_app(*two_sources(tmp_path / "db.sqlite"))
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("S")
        await settle(pilot, lambda: app.screen is not app.main)
        table = app.screen.query_one(SourceTable)
        await settle(pilot, lambda: table.row_count == 2)
        rows = {str(table.get_row_at(n)[0]): str(table.get_row_at(n)[4]) for n in range(2)}
        assert rows["Today Desk"] == "09:50"
        assert rows["Older Desk"] == "09:46 24.11.2026"
