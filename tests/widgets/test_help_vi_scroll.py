"""Tests that `j` and `k` scroll the help screen, as the arrows do (its keys are longer than a
small terminal)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll

from newstui.ui.screens.help import HelpScreen
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


async def test_j_and_k_scroll_the_help(tmp_path: Path, news_app: MakeApp) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["One", "Two"]]))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 2)
        await pilot.press("question_mark")
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        scroll = app.screen.query_one(VerticalScroll)
        await settle(pilot, lambda: scroll.max_scroll_y > 2)
        await pilot.press("j", "j")
        await settle(pilot, lambda: scroll.scroll_y == 2)
        await pilot.press("k")
        await settle(pilot, lambda: scroll.scroll_y == 1)
        assert isinstance(app.screen, HelpScreen)  # still open


async def test_a_burst_of_j_scrolls_a_line_each(tmp_path: Path, news_app: MakeApp) -> None:
    # Keys that come faster than the screen refreshes (a held key, or tmux's send-keys j j j
    # ...) each scrolled from the same place, deferred to the refresh: ten j moved one line.
    app = news_app(*stock(tmp_path / "n.db", [["One", "Two"]]))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 2)
        await pilot.press("question_mark")
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        scroll = help_screen.query_one(VerticalScroll)
        await settle(pilot, lambda: scroll.max_scroll_y > 6)
        for _ in range(5):  # as the keys of one read from the terminal: no refresh between
            help_screen.action_scroll_help(1)
        await pilot.pause()
        assert scroll.scroll_y == 5
