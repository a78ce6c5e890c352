"""Pilot: the footer's keys change in the frame of what changed them: the frame that first shows
the filter bar shows its keys too (once they were made: a first time they are fitted a frame
later), and the frame after a search gives the list the focus back shows the list's
(KeyFooter.bindings_changed remakes the keys before the next frame)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.screen import Screen

from newstui.ui.app import NewsApp
from newstui.ui.widgets.key_footer import KeyFooter, shown_actions
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

TITLES = ["Bank one", "Harbour two", "Bank three"]


@pytest.fixture
def frames(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, bool, set[str]]]:
    """At each frame the screen paints: whether the filter bar is shown, whether it has the
    focus, and the actions of the footer's keys shown."""
    seen: list[tuple[bool, bool, set[str]]] = []
    paint = Screen._compositor_refresh

    def painted(self: Screen[object]) -> None:
        app = self.app
        if isinstance(app, NewsApp) and self is app.main and self.query(KeyFooter):
            bar = app.main.column.filter_bar
            keys = set(shown_actions(self.query_one(KeyFooter)))
            seen.append((bool(bar.display), bar.has_focus, keys))
        paint(self)

    monkeypatch.setattr(Screen, "_compositor_refresh", painted)
    return seen


async def test_the_footer_changes_in_the_frame_of_the_focus(
    tmp_path: Path, news_app: MakeApp, frames: list[tuple[bool, bool, set[str]]]
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [TITLES]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 3)
        await pilot.press("slash")  # the bar's keys made once (a first time, they are fitted
        await settle(pilot, lambda: app.main.column.filter_bar.has_focus)  # a frame after)
        await pilot.press("escape")
        await settle(pilot, lambda: app.main.headlines.has_focus)
        await pilot.pause(0.2)
        frames.clear()
        await pilot.press("slash")
        await settle(pilot, lambda: app.main.column.filter_bar.has_focus)
        await pilot.pause(0.2)
        shown = [keys for bar, focused, keys in frames if bar and focused]
        assert shown, "no frame showed the filter bar"
        assert "submit" in shown[0], shown[0]  # the bar's Enter, from its first frame
        await pilot.press(*"bank", "enter")
        await settle(pilot, lambda: app.main.headlines.has_focus)
        await pilot.pause(0.2)
        back = [keys for _, focused, keys in frames if not focused]
        assert back and "submit" not in back[0], back  # the list's keys with the list's focus
