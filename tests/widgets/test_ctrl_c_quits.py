"""Tests that ctrl+c quits the ticker as it ends a terminal's other programs, from the list,
the reading pane and the filter bar (Textual only told the user to press ctrl+q), while text
selected in the filter bar is copied by it, as Textual's Input does, and nothing quits."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.ui.app import NewsApp
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.mark.parametrize("where", ["list", "article", "filter"])
async def test_ctrl_c_quits_where_nothing_is_selected(
    tmp_path: Path, news_app: MakeApp, where: str
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["One", "Two", "Three"]]))
    notices: list[str] = []
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 3)
        if where == "article":
            await pilot.press("enter")
            await settle(pilot, lambda: app.main.reading)
        elif where == "filter":
            await pilot.press("slash", "T", "w")
            await settle(pilot, lambda: app.main.column.filter_bar.value == "Tw")
        notices.extend(n.message for n in app._notifications)
        await pilot.press("ctrl+c")
        await settle(pilot, lambda: not app.is_running)
    assert not any("quit" in text for text in notices)


async def test_ctrl_c_copies_a_selection_in_the_filter_bar_and_the_ticker_stays(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["One", "Two", "Three"]]))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 3)
        await pilot.press("slash", "T", "w", "o")
        bar = app.main.column.filter_bar
        await settle(pilot, lambda: bar.value == "Two" and bar.has_focus)
        await pilot.press("shift+left", "shift+left")
        await settle(pilot, lambda: bar.selected_text == "wo")
        await pilot.press("ctrl+c")
        await settle(pilot, lambda: app.clipboard == "wo")
        assert app.is_running
        assert isinstance(app, NewsApp)
