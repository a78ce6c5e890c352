"""Tests that the sources view in a short terminal (40x10, 40x8) still shows a few rows of its
table, with the highlighted source's error and address below where a line is left, and that a
tall one keeps the detail in full."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Static

from newstui.ui.screens.sources import SourcesScreen
from newstui.ui.widgets.source_table import SourceTable
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import closed_url, stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

ERROR = "connection refused"


def rows_shown(screen: SourcesScreen) -> int:
    """Rows of sources in view: the table's height less its header row and any scrollbar."""
    return screen.query_one(SourceTable).scrollable_content_region.height - 1


@pytest.mark.parametrize(("size", "detail_shown"), [((40, 10), True), ((40, 8), False)])
async def test_a_short_terminal_shows_a_few_sources(
    tmp_path: Path, news_app: MakeApp, size: tuple[int, int], detail_shown: bool
) -> None:
    config, store = stock(tmp_path / "n.db", [["One"], ["Two"], ["Three"], ["Four"], ["Five"]])
    first = store.sources()[0]
    store.save_states([replace(first, last_status="error", last_error=ERROR)])
    app = news_app(config, store)
    async with app.run_test(size=size) as pilot:
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        await settle(pilot, lambda: rows_shown(screen) >= 3)
        assert screen.query_one("#sources-title").region.height == 1
        box = screen.query_one("#source-detail", Static)
        assert box.display is detail_shown
        if detail_shown:  # what the table cannot show, the error first, the address last
            said = str(box.content)
            assert said.startswith(f"Error: {ERROR}\n") and said.endswith(f"\n{closed_url(0)}")
            assert box.region.height >= 2


async def test_a_tall_terminal_shows_the_detail_in_full(tmp_path: Path, news_app: MakeApp) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["One"], ["Two"]], names=["Desk A", "Desk B"]))
    async with app.run_test(size=(40, 24)) as pilot:
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        await settle(pilot, lambda: rows_shown(screen) >= 2)
        box = screen.query_one("#source-detail", Static)
        assert str(box.content).startswith("Desk A")
        assert closed_url(0) in str(box.content)
        assert screen.query_one("#sources-title").region.height >= 1
