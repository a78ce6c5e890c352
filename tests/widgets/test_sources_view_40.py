"""Pilot: the sources view at 40x12 fits its table (no column cut at the screen's edge: those
that do not fit are left out and said below it), keeps every source's status whole, and the
header keeps its clock whole (its figures give way, with an ellipsis)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Static

from newstui.ui.screens.sources import SourcesScreen
from newstui.ui.widgets.source_table import SourceTable
from newstui.ui.widgets.ticker_header import TickerHeader
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import closed_url, stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

NAMES = ["Harbour authority desk", "Market notes and rates", "Weather"]


@pytest.mark.parametrize("width", [40, 60])
async def test_a_narrow_sources_view_fits_and_says_what_it_left_out(
    tmp_path: Path, news_app: MakeApp, width: int
) -> None:
    config, store = stock(tmp_path / "n.db", [["One"], ["Two"], ["Three"]], names=NAMES)
    first = store.sources()[0]
    store.save_states([replace(first, last_status="error", last_error="connection refused")])
    app = news_app(config, store)
    async with app.run_test(size=(width, 12)) as pilot:
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        table = screen.query_one(SourceTable)
        await settle(pilot, lambda: table.row_count == 3)
        await pilot.pause()
        assert table.virtual_size.width <= table.scrollable_content_region.width  # no cut
        lines = [table.render_line(y).text for y in range(4)]
        assert "Status" in lines[0] and "error" in lines[1]  # the status, whole
        box = screen.query_one("#source-detail", Static)
        said = str(box.content)
        assert "Error: connection refused" in said and closed_url(0) in said
        for label in table.left_out - {"Error", "Tags"}:  # each left out is said below
            assert label.lower() in said.lower(), (label, said)
        if width == 40:
            assert {"Next poll", "Unread"} <= table.left_out
        header = screen.query_one(TickerHeader).render().plain
        assert re.search(r"\d\d:\d\d $", header), header  # the clock whole, at the edge
        assert len(header) <= width
