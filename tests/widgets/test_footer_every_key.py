"""Tests that the footer names every key of an action it shows (the reading pane's `q` goes
back as Esc does: "esc/q Back"), as the keymap left them, and not the App's own ctrl+q; and
that a dialog shows its own keys, in its footer and its hint, over the screen's beneath."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Footer, Static

from newstui.ui.app import NewsApp
from newstui.ui.screens.ask import AskScreen, ConfirmScreen
from newstui.ui.screens.help import HelpScreen
from newstui.ui.screens.pick import PickScreen
from newstui.ui.screens.sources import SourcesScreen
from newstui.ui.textual_compat import footer_key_action
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


def footer(app: NewsApp) -> dict[str, str]:
    """Each key the footer of the screen on top draws: action -> its text ("esc/q Back")."""
    footers = app.screen.query(Footer)
    keys = footers.first().children if footers else []
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
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 2)  # Enter opens one
        await settle(pilot, lambda: footer(app).get("quit") is not None)
        assert footer(app)["quit"] == "q Quit"  # not "q/^q": ctrl+q is the App's, unshown
        await pilot.press("slash")  # the filter bar says how to leave it
        await settle(pilot, lambda: "submit" in footer(app))
        assert footer(app)["submit"] == "⏎ Keep filter"
        assert footer(app)["clear_filter"] == "esc Clear filter"
        await pilot.press("escape")
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
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 2)  # Enter opens one
        await settle(pilot, lambda: footer(app).get("quit") is not None)
        assert footer(app)["quit"] == "w Quit"
        await pilot.press("enter", "tab")
        await settle(pilot, lambda: "screen.go_back" in footer(app))
        assert footer(app)["screen.go_back"] == "x/w Back"


def hint(app: NewsApp) -> str:
    return str(app.screen.query_one(".hint", Static).content)


async def test_a_dialog_shows_its_own_keys_not_the_screens_beneath(
    tmp_path: Path, news_app: MakeApp
) -> None:
    titles = [[f"Story {n}" for n in range(25)]]
    keymap = {"confirm.yes": "a,enter"}
    app = news_app(*stock(tmp_path / "n.db", titles, tags=[("world",)], keymap=keymap))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 25)
        await pilot.press("question_mark")
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen) and footer(app))
        assert footer(app) == {"dismiss": "esc/q Close"}
        await pilot.press("escape", "T")
        await settle(pilot, lambda: isinstance(app.screen, PickScreen) and footer(app))
        assert footer(app) == {"cancel": "esc/q Cancel"}
        await pilot.press("escape", "A")  # 25 unread: asks first
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen) and footer(app))
        assert footer(app) == {"answer(True)": "a/⏎ Yes", "answer(False)": "n/esc No"}
        assert hint(app) == "a/⏎: yes   n/esc: no"
        await pilot.press("n")
        await settle(pilot, lambda: app.screen is app.main)
        app.push_screen(AskScreen("Add a source", hint="Or a web page", enter="add"))
        await settle(pilot, lambda: isinstance(app.screen, AskScreen) and footer(app))
        assert footer(app) == {"cancel": "esc Cancel"}
        assert hint(app) == "Or a web page   ⏎: add   esc: cancel"
