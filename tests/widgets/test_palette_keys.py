"""Tests that the command palette names the key of each of the ticker's commands, as the keymap
left it: the palette is where a newcomer learns the keys (only Refresh had its key, written in)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.ui.palette import NewsCommands
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


async def test_the_palette_names_each_commands_key(tmp_path: Path, news_app: MakeApp) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["One"]], keymap={"refresh": "f5"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        found = {hit.text: hit.help async for hit in NewsCommands(app.main).discover()}
        assert found["Refresh: poll every source now"] == "key f5"
        assert found["Mark all read"] == (
            "every unread headline the list shows, filters included · key A"
        )
        assert found["View: unread"] == "key 2"
        assert found["Sources…"] == "status, add, rename, pause, remove · key S"
        assert found["Clear filter"] is None  # Esc, the screen's back, clears it in turn


async def test_jump_to_source_says_each_sources_unread_count_as_stored_now(
    tmp_path: Path, news_app: MakeApp
) -> None:
    # The palette said "0 unread" of every demo source with two dozen unread: the sources in
    # memory carry the counts of the start or of their last poll, not of now.
    app = news_app(*stock(tmp_path / "n.db", [["A1", "A2", "A3"], ["B1", "B2"]]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 5)
        await settle(pilot, lambda: len(app.main.polling.sources) == 2)  # counts as of start
        await settle(pilot, lambda: not app.main.polling.in_flight)
        app.store.set_read([h.id for h in app.main.headlines.headlines if h.title == "A1"])
        provider = NewsCommands(app.main)
        await provider.startup()
        found = {hit.text: hit.help async for hit in provider.search("Jump to source")}
        assert found == {
            "Jump to source: Desk 0": "2 unread",
            "Jump to source: Desk 1": "2 unread",
        }
