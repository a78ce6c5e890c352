"""Pilot: the sources view's detail says why a source's next poll is later than its `refresh`
(its feed's <ttl>, which the polls follow), where it said only a next poll a day away."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Static

from newstui.ui.screens.sources import SourcesScreen
from newstui.ui.widgets.source_table import SourceTable
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


async def test_the_detail_says_the_feeds_ttl_over_the_refresh(
    tmp_path: Path, news_app: MakeApp
) -> None:
    config, store = stock(tmp_path / "n.db", [["One"], ["Two"]], names=["Slow desk", "Quick"])
    slow, quick = store.sources()
    store.save_states([replace(slow, ttl=30 * 3600.0), replace(quick, ttl=60.0)])
    app = news_app(config, store)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        table = app.screen.query_one(SourceTable)
        await settle(pilot, lambda: table.row_count == 2)
        box = app.screen.query_one("#source-detail", Static)
        await settle(pilot, lambda: "Slow desk" in str(box.content))
        assert "its feed's <ttl> asks for 30h between polls" in str(box.content)
        await pilot.press("j")
        await settle(pilot, lambda: "Quick" in str(box.content))
        assert "<ttl>" not in str(box.content)  # a ttl under the refresh changes nothing
