"""Tests that keys typed right after Enter or Esc in the filter bar reach the list, even when they
arrive together with the filter's text (a paste, a fast typist, tmux send-keys), and that the
bar's own keys act in the order typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from newstui.ui.app import NewsApp
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

CHARACTERS = {"slash": "/", "enter": "\r", "escape": "\x1b", "left": None}
TITLES = ["Bank one", "Harbour two", "Bank three", "Bank four", "Harbour five"]


def arrive_together(app: NewsApp, *keys: str) -> None:
    """Queues the keys at once, as a terminal delivers a paste: none is handled before the last
    one is queued."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key)))


async def test_keys_after_enter_move_the_filtered_list(tmp_path: Path, news_app: MakeApp) -> None:
    app = news_app(*stock(tmp_path / "n.db", [TITLES]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 5)
        arrive_together(app, "slash", "b", "a", "n", "k", "enter", "j", "j")
        await settle(pilot, lambda: app.main.headlines.highlighted_index == 2)
        assert app.main.view.search == "bank"
        assert app.main.column.filter_bar.value == "bank"
        assert app.main.headlines.has_focus
        assert [h.title for h in app.main.headlines.headlines] == TITLES[0:1] + TITLES[2:4]
        assert app.main.reader.headline is None


async def test_keys_after_esc_move_the_whole_list(tmp_path: Path, news_app: MakeApp) -> None:
    app = news_app(*stock(tmp_path / "n.db", [TITLES]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 5)
        arrive_together(app, "slash", "h", "a", "r", "escape", "j", "j", "j")
        await settle(pilot, lambda: app.main.headlines.highlighted_index == 3)
        assert app.main.view.search == ""
        assert not app.main.column.filter_shown
        assert len(app.main.headlines.headlines) == 5
        # Enter after them opens the highlighted headline: the list owns Enter again too
        arrive_together(app, "slash", "b", "a", "n", "k", "enter", "enter")
        await settle(pilot, lambda: app.main.reader.headline is not None)
        assert app.main.reader.headline is not None
        assert app.main.reader.headline.title.startswith("Bank")


async def test_the_bars_own_keys_act_in_the_order_typed(tmp_path: Path, news_app: MakeApp) -> None:
    app = news_app(*stock(tmp_path / "n.db", [TITLES]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        arrive_together(app, "slash", "a", "b", "left", "c")
        await settle(pilot, lambda: len(app.main.column.filter_bar.value) == 3)
        assert app.main.column.filter_bar.value == "acb"
