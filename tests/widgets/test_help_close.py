"""Tests that the help dialog's title says which key closes it, after the keymap."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import Static

from newstui.ui.screens.help import HelpScreen


class HelpApp(App[None]):
    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def on_mount(self) -> None:
        self.set_keymap(self.keymap)
        self.push_screen(HelpScreen([("Everywhere", [("q", "Quit")])]))


@pytest.mark.parametrize(
    ("keymap", "said"), [({}, "esc closes"), ({"help_close": "x"}, "x closes")]
)
async def test_the_title_says_the_key_that_closes_it(keymap: dict[str, str], said: str) -> None:
    app = HelpApp(keymap)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert str(app.screen.query_one("#help-title", Static).render()).endswith(said)
        await pilot.press(said.split()[0].replace("esc", "escape"))
        assert not isinstance(app.screen, HelpScreen)
