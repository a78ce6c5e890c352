"""Tests that `q` with an article open closes it in either layout, wherever the focus is (the
list or the pane), the list keeping its highlight, and quits only with none open; the footer
says which ("q Close" or "esc/q Back" while one is open, "q Quit" otherwise)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.ui.app import NewsApp
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.test_footer_every_key import footer
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


def open_article(app: NewsApp) -> bool:
    return app.main.reading


@pytest.mark.parametrize(("width", "tab"), [(120, False), (120, True), (60, False)])
async def test_q_closes_the_open_article_before_it_quits(
    tmp_path: Path, news_app: MakeApp, width: int, tab: bool
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["One", "Two", "Three"]]))
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 3)
        await pilot.press("j", "enter")
        await settle(pilot, lambda: open_article(app))
        highlighted = app.main.headlines.highlighted
        if tab:
            await pilot.press("tab")
            await settle(pilot, lambda: app.main.reader.has_focus)
        want = "screen.go_back" if app.main.reader.has_focus else "close_article"
        await settle(pilot, lambda: want in footer(app))
        assert "quit" not in footer(app)
        await pilot.press("q")
        await settle(pilot, lambda: not open_article(app))
        assert app.is_running  # the article closed, the app still runs
        assert app.main.headlines.has_focus
        assert app.main.headlines.highlighted == highlighted
        await settle(pilot, lambda: footer(app).get("quit") == "q Quit")
        assert "close_article" not in footer(app)
        await pilot.press("q")
        await settle(pilot, lambda: not app.is_running)
