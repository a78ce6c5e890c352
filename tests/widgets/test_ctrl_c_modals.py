"""Tests that ctrl+c quits from the ticker's modal screens (help, a dialog, the command
palette) as ctrl+q does: Textual stops a key's bindings at a modal screen, so the app's ctrl+c
never got there and did nothing, while text selected in a dialog's input is still copied by it
and nothing quits."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widgets import Input

from newstui.config.schema import load_config
from newstui.ui.app import NewsApp
from newstui.ui.screens.ask import AskScreen
from newstui.ui.screens.help import HelpScreen
from newstui.ui.screens.sources import SourcesScreen
from tests.widgets.conftest import MakeApp
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

OPENERS: dict[str, list[tuple[str, type[Screen[object]]]]] = {
    "help": [("question_mark", HelpScreen)],
    "add source": [("S", SourcesScreen), ("a", AskScreen)],
    "palette": [("ctrl+p", CommandPalette)],
}
"""Each screen's way there: a key, then the screen it shows (waited for before the next)."""


def _app(tmp_path: Path, news_app: MakeApp) -> NewsApp:
    """A ticker with a config file (the sources view adds sources to it) of one source that
    answers nothing (port 9: discard)."""
    config = tmp_path / "config.toml"
    config.write_text('[[sources]]\nurl = "http://127.0.0.1:9/feed"\nname = "Ascii"\n')
    return news_app(load_config(config), tmp_path / "n.db", now=None)


async def _open(pilot: Pilot[None], where: str) -> None:
    for key, kind in OPENERS[where]:
        await pilot.press(key)
        await settle(pilot, lambda kind=kind: isinstance(pilot.app.screen, kind))
    assert isinstance(pilot.app.screen, ModalScreen)


@pytest.mark.parametrize("where", list(OPENERS))
async def test_ctrl_c_quits_from_a_modal_screen(
    tmp_path: Path, news_app: MakeApp, where: str
) -> None:
    app = _app(tmp_path, news_app)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: len(app.store.sources()) == 1)
        await _open(pilot, where)
        await pilot.press("ctrl+c")
        await settle(pilot, lambda: not app.is_running)


async def test_ctrl_c_copies_a_selection_in_a_dialog_and_the_ticker_stays(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = _app(tmp_path, news_app)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: len(app.store.sources()) == 1)
        await _open(pilot, "add source")
        field = app.screen.query_one(Input)
        await settle(pilot, lambda: field.has_focus)
        await pilot.press("h", "t", "t", "p")
        await settle(pilot, lambda: field.value == "http")
        await pilot.press("shift+left", "shift+left")
        await settle(pilot, lambda: field.selected_text == "tp")
        await pilot.press("ctrl+c")
        await settle(pilot, lambda: app.clipboard == "tp")
        assert app.is_running
        assert isinstance(app.screen, AskScreen)
