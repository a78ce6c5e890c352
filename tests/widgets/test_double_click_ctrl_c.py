"""Tests that ctrl+c quits after a double click opened a headline: the double click also
selected the list's text (Textual's selection), and ctrl+c copied it instead, every time."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.ui.widgets.headline_list import HeadlineList
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


async def test_ctrl_c_quits_after_a_double_click_opened_a_headline(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["Harbour bridge opens", "Ferry strike ends"]]))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 2)
        await pilot.pause(0.3)
        await pilot.double_click(HeadlineList, offset=(6, 1))
        await settle(pilot, lambda: app.main.reading)
        await pilot.press("ctrl+c")
        await settle(pilot, lambda: app._exit, timeout=5)
