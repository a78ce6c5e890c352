"""Pilot: a click on "▲ N new" above the list jumps to the newest headlines, as `n` does (the
README says the mouse works too; the line looked like the "N new posts" a click shows
elsewhere, and a click there did nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.test_new_marks_kept import TITLES, arrive, status
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.mark.parametrize("width", [100, 60])  # the long words and the short ones
async def test_a_click_on_the_new_count_jumps_to_the_newest(
    news_app: MakeApp, tmp_path: Path, width: int
) -> None:
    config, store = stock(tmp_path / "db.sqlite", TITLES)
    app = news_app(config, store)
    async with app.run_test(size=(width, 20)) as pilot:
        widget = app.main.headlines
        await settle(pilot, lambda: len(widget.headlines) >= 60)
        await pilot.press("pagedown", "pagedown", "j")
        await settle(pilot, lambda: round(widget.scroll_y) > 0)
        arrive(app, store, "Lighthouse keeper spots a comet")
        await settle(pilot, lambda: "▲ 1 new" in status(app))
        line = app.main.column.query_one("#list-status", Static)
        await pilot.click(line, offset=(status(app).index("▲ 1 new") + 2, 0))
        await settle(pilot, lambda: widget.new_count == 0 and "new" not in status(app))
        newest = widget.highlighted
        assert newest is not None and newest.title == "Lighthouse keeper spots a comet"
        assert round(widget.scroll_y) == 0
        await pilot.press("j")
        await pilot.click(line, offset=(2, 0))  # the view's name: no jump
        await pilot.pause()
        assert widget.highlighted is not newest
