"""Tests that a `/` typed into the filter bar together with the `/` that opened it (a paste,
a fast typist, tmux send-keys) is a character of the search, not a second "open the filter"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.test_filter_keys import arrive_together
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


async def test_slashes_queued_after_the_opening_slash_are_characters(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["Open 24/7 now", "Open late"]]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # the bar gets the focus at once, but its Focus event (has_focus) only after these keys
        arrive_together(app, "slash", "2", "4", "slash", "7", "slash", "x")
        bar = app.main.column.filter_bar
        await settle(pilot, lambda: "x" in bar.value)
        assert bar.value == "24/7/x"
