"""Tests that the footer names every key of an action it shows (the reading pane's `q` goes
back as Esc does: "esc/q Back"), as the keymap left them, and not the App's own ctrl+q."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Footer

from newstui.ui.app import NewsApp
from newstui.ui.screens.sources import SourcesScreen
from newstui.ui.textual_compat import footer_key_action
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


def footer(app: NewsApp) -> dict[str, str]:
    """Each key the footer of the screen on top draws: action -> its text ("esc/q Back")."""
    keys = app.screen.query_one(Footer).children
    return {
        action: key.render().plain.strip()  # type: ignore[attr-defined]
        for key in keys
        if (action := footer_key_action(key)) is not None and key.display
    }


async def test_each_footer_names_every_key_of_its_actions(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["One", "Two"]]))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: footer(app).get("quit") is not None)
        assert footer(app)["quit"] == "q Quit"  # not "q/^q": ctrl+q is the App's, unshown
        await pilot.press("enter", "tab")  # the article beside the list, the pane focused
        await settle(pilot, lambda: "screen.go_back" in footer(app))
        assert footer(app)["screen.go_back"] == "esc/q Back"
        await pilot.press("q", "S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen) and footer(app))
        assert footer(app)["back"] == "esc/q Back"


async def test_the_footer_shows_the_keys_a_keymap_gave(tmp_path: Path, news_app: MakeApp) -> None:
    keymap = {"back": "x", "quit": "w"}
    app = news_app(*stock(tmp_path / "n.db", [["One", "Two"]], keymap=keymap))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: footer(app).get("quit") is not None)
        assert footer(app)["quit"] == "w Quit"
        await pilot.press("enter", "tab")
        await settle(pilot, lambda: "screen.go_back" in footer(app))
        assert footer(app)["screen.go_back"] == "x/w Back"
