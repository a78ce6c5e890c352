"""Tests that Enter's search paints its rows and line while the filter bar still has the focus,
and gives the focus (and the keys typed after Enter) back to the list in the frames after: the
focus's restyle and the footer's keys were ~5-9 ms of CPU before a search's paint at 500,000
stored (benchmarks/RESULTS.md, "A common word's search under 50 ms")."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.ui.widgets import filter_bar
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.test_filter_handover import arrive_together
from tests.widgets.test_search_one_frame import TITLES
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


async def test_the_rows_are_painted_before_the_focus_goes_back(
    tmp_path: Path, news_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filter_bar, "DEBOUNCE", 60.0)  # the search is Enter's, not the pause's
    app = news_app(*stock(tmp_path / "n.db", [TITLES]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 5)
        screen, headlines = app.main, app.main.headlines
        bar, status = app.main.column.filter_bar, app.main.column.query_one("#list-status")
        arrive_together(app, "slash", "b", "a", "n", "k")
        await settle(pilot, lambda: bar.value == "bank" and bar.has_focus)
        await pilot.pause()
        frames: list[tuple[bool, bool, bool]] = []  # rows found, line of the search, bar focused
        painted = screen._compositor_refresh

        def recorded() -> None:
            rows = len(headlines.headlines) == 3
            line = 'search: "bank"' in str(status.render())
            frames.append((rows, line, bar.has_focus))
            painted()

        screen._compositor_refresh = recorded  # type: ignore[method-assign]
        arrive_together(app, "enter", "j")
        await settle(pilot, lambda: headlines.highlighted_index == 1)
        first = next(index for index, (rows, *_) in enumerate(frames) if rows)
        assert frames[first] == (True, True, True), frames  # painted, the bar still focused
        assert headlines.has_focus and not bar.has_focus
        assert [h.title for h in headlines.headlines] == [TITLES[0], TITLES[2], TITLES[3]]
