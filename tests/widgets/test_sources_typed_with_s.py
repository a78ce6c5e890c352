"""Pilot: keys typed together with `S` (the sources view) act in the sources view, in the order
typed: "Sjj" then Enter chose the first source (the cursor keys were lost while the view's table
had not the focus yet), and with keys typed before `S` those act on the ticker first."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from newstui.ui.screens.sources import SourcesScreen
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

NAMES = ["Desk A", "Desk B", "Desk C", "Desk D"]
CHARACTERS = {"enter": "\r", "escape": "\x1b", "down": None}


def burst(app: object, *keys: str) -> None:
    """Keys as a terminal delivers keys typed together (tmux send-keys, a paste): all queued on
    the app before the first is handled (Pilot's press waits for each key's effects)."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key)))  # type: ignore[attr-defined]


@pytest.mark.parametrize("down", ["j", "down"])
async def test_cursor_keys_typed_with_s_move_the_sources_table(
    tmp_path: Path, news_app: MakeApp, down: str
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["One"], ["Two"], ["Three"], ["Four"]], names=NAMES))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: bool(app.main.headlines.headlines))
        listed = app.main.headlines.highlighted_index
        burst(app, "S", down, down, "enter")
        # Enter chose the source the two keys moved to, in the sources view: the ticker shows
        # its headlines, and the list beneath never moved (nor opened an article).
        await settle(pilot, lambda: app.screen is app.main and app.main.view.source_id is not None)
        assert app.main.view.source_name == "Desk C"
        assert not app.main.reading
        assert app.main.headlines.highlighted_index == listed


async def test_keys_typed_before_s_act_on_the_ticker_first(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["One"], ["Two"], ["Three"], ["Four"]], names=NAMES))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 4)
        burst(app, "j", "j", "S", "j")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        table = app.screen.query_one("#sources-table")
        await settle(pilot, lambda: table.cursor_row == 1)  # type: ignore[attr-defined]
        assert app.main.headlines.highlighted_index == 2  # the two before S moved the list
        burst(app, "q")
        await settle(pilot, lambda: app.screen is app.main)
        assert app.is_running


@pytest.mark.parametrize("sources", [4, 400])
async def test_help_typed_with_s_opens_over_the_sources_view(
    tmp_path: Path, news_app: MakeApp, sources: int
) -> None:
    titles = [[f"Title {n}"] for n in range(sources)]
    app = news_app(*stock(tmp_path / "n.db", titles))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: bool(app.main.headlines.headlines))
        burst(app, "S", "question_mark")
        # The help screen is on the stack before its children are mounted (CI, loaded).
        await settle(pilot, lambda: len(app.screen_stack) == 3 and app.screen.query("#help-title"))
        assert isinstance(app.screen_stack[1], SourcesScreen)
        assert "sources view" in str(app.screen.query_one("#help-title").render()).lower()
