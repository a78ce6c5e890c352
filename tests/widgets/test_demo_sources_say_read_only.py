"""Tests that an edit key (`d`, `a`, `e`, `t`) in the demo's read-only sources view says why it
does nothing, in a notice, instead of nothing at all; and asks nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.commands.demo import demo_settings
from newstui.config.schema import Config
from newstui.demo import Newsroom
from newstui.storage.store import Store
from newstui.ui.screens.sources import SourcesScreen
from newstui.ui.screens.sources_read_only import READ_ONLY
from tests.widgets.conftest import MakeApp
from tests.widgets.test_sources_view_edits import newsroom, until
from tests.widgets.waits import settle

__all__ = ["newsroom"]  # the fixture, used by name

pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.mark.parametrize("key", ["d", "delete", "e"])
async def test_an_edit_key_in_the_demo_says_the_sources_are_read_only(
    tmp_path: Path, newsroom: Newsroom, news_app: MakeApp, key: str
) -> None:
    config = demo_settings(Config(), newsroom.source_configs())
    store = Store(tmp_path / "demo.db")
    store.sync_sources(config.sources, config.refresh)
    app = news_app(config, store, title="newstui demo")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, SourcesScreen) and app.screen.sources)
        screen = app.screen
        assert not any(n.message == READ_ONLY for n in app._notifications)
        await pilot.press(key)
        await settle(pilot, lambda: any(n.message == READ_ONLY for n in app._notifications))
        assert app.screen is screen  # nothing asked, nothing removed
        assert len(store.sources()) == len(config.sources)
