"""Pilot: ctrl+z suspends from a modal screen too (the help, a dialog, the palette), where a
modal ends a key's bindings at itself and ctrl+z did nothing; a keymap that moves `suspend` to
another key leaves ctrl+z alone there as well. (tests/e2e/test_tmux_suspend.py: the real stop.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.ui.screens.ask import AskScreen
from newstui.ui.screens.help import HelpScreen
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.mark.parametrize(("keymap", "suspends"), [({}, True), ({"suspend": "f12"}, False)])
async def test_ctrl_z_suspends_from_modal_screens(
    tmp_path: Path, news_app: MakeApp, keymap: dict[str, str], suspends: bool
) -> None:
    config, store = stock(tmp_path / "n.db", [["A1", "A2"]], keymap=keymap)
    app = news_app(config, store)
    stops: list[str] = []
    app.action_suspend_process = lambda: stops.append(type(app.screen).__name__)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 2)
        await pilot.press("question_mark")
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("ctrl+z")
        await pilot.press("escape")
        app.push_screen(AskScreen("Add a source", enter="add"))
        await settle(pilot, lambda: isinstance(app.screen, AskScreen))
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert stops == (["HelpScreen", "AskScreen"] if suspends else [])
        await pilot.press("escape")
        await pilot.press("f12" if not suspends else "ctrl+z")  # the main screen's, as before
        await pilot.pause()
        assert stops[-1:] == ["MainScreen"]
