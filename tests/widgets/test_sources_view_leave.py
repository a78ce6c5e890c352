"""Tests that keys typed together in the sources view act in the order typed, and leave it once:
with `q` (or Esc) and Enter arriving together, Enter (a priority binding) chose a source first,
then `q` quit the ticker beneath; or both dismissed the view, and the second dismiss popped the
ticker: newstui quit either way."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from newstui.ui.screens.sources import SourcesScreen
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.mark.parametrize("keys", [("q", "enter"), ("escape", "enter"), ("q", "enter", "enter")])
async def test_keys_together_leave_the_sources_view_once(
    tmp_path: Path, news_app: MakeApp, keys: tuple[str, ...]
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["One"], ["Two"]], names=["Desk A", "Desk B"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        for key in keys:  # queued at once, as a terminal delivers keys typed together
            app.post_message(events.Key(key, {"enter": "\r", "escape": "\x1b"}.get(key, key)))
        await settle(pilot, lambda: app.screen is app.main)
        await pilot.pause()
        assert app.is_running and app.screen is app.main
        assert app.main.view.source_name is None  # left, not chosen (Enter acted after)
