"""Tests that keys typed right after `/` reach the filter bar even when they arrive together
(a paste, a fast typist, tmux send-keys), and that `/` inside the bar is a character."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from newstui.ui.app import NewsApp
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

CHARACTERS = {"slash": "/", "enter": "\r"}


def arrive_together(app: NewsApp, *keys: str) -> None:
    """Queues the keys at once, as a terminal delivers a paste: none is handled before the last
    one is queued."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key)))


async def test_keys_queued_after_slash_go_to_the_filter(tmp_path: Path, news_app: MakeApp) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["Bank one", "Harbour two", "Bank three"]]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        arrive_together(app, "slash", "b", "a", "n", "k", "enter")
        # Enter kept the filter and gave the list the keys again (focus() lands a moment later)
        await settle(pilot, lambda: app.main.view.search == "bank" and app.main.headlines.has_focus)
        assert [h.title for h in app.main.headlines.headlines] == ["Bank one", "Bank three"]
        assert app.main.reader.headline is None  # no key reached the list: nothing was opened


async def test_a_slash_typed_in_the_filter_is_a_character(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["Open 24/7 now"]]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", "2", "4", "slash", "7")
        assert app.main.column.filter_bar.value == "24/7"
