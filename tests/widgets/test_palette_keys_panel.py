"""Tests that the palette's "Keys" shows the screen's own help (as `?` does), in the ticker and in
the sources view: Textual's keys panel opened beside the list instead, Esc did not close it,
q (which closes the help) quit the ticker, and it listed Textual's keys, not the ticker's."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette

from newstui.config.schema import load_config
from newstui.ui.screens.help import HelpScreen
from newstui.ui.screens.sources import SourcesScreen
from tests.widgets.conftest import MakeApp
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.mark.parametrize("where", ["ticker", "sources view"])
async def test_the_palettes_keys_opens_the_screens_help(
    tmp_path: Path, news_app: MakeApp, where: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[[sources]]\nurl = "http://127.0.0.1:9/feed"\nname = "Ascii"\n')
    app = news_app(load_config(config), tmp_path / "n.db", now=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: len(app.store.sources()) == 1)
        if where == "sources view":
            await pilot.press("S")
            await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        beneath = app.screen
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"keys")
        await pilot.pause(0.3)  # the palette searches its commands as the words are typed
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert not app.query("HelpPanel") and not beneath.query("HelpPanel")
        await pilot.press("escape")  # closes as the help does
        await settle(pilot, lambda: app.screen is beneath)
        assert app.is_running
