"""Tests that the sources view's rename dialog (`e`) opens filled with the name the source is
shown by, and that giving it back unchanged writes no name into the config."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from newstui.config.schema import load_config
from newstui.storage.store import Store
from newstui.ui.screens.ask import AskScreen
from newstui.ui.screens.sources import SourcesScreen
from tests.widgets.conftest import MakeApp
from tests.widgets.test_sources_view_edits import until, user_config

__all__ = ["user_config"]  # the fixture, used by name

pytestmark = pytest.mark.usefixtures("utc_local_time")


async def test_rename_opens_with_the_shown_name(
    tmp_path: Path, user_config: Path, news_app: MakeApp
) -> None:
    user_config.parent.mkdir(parents=True)
    user_config.write_text('[[sources]]\nurl = "https://mine.example/feed"\n')
    config = load_config(user_config)
    store = Store(tmp_path / "n.db")
    store.sync_sources(config.sources, config.refresh)
    app = news_app(config, store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, SourcesScreen) and app.screen.sources)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        assert app.screen.query_one(Input).value == "mine.example/feed"  # as shown: host, path
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SourcesScreen))
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        await pilot.press("ctrl+u", *"Harbour desk", "enter")
        await until(pilot, lambda: "Harbour desk" in user_config.read_text())
    assert load_config(user_config).sources[0].name == "Harbour desk"
    assert user_config.read_text().count("name") == 1  # the first, unchanged, wrote none
