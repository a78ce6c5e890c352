"""Tests that the command palette names the key of each of the ticker's commands, as the keymap
left it: the palette is where a newcomer learns the keys (only Refresh had its key, written in)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.ui.palette import NewsCommands
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock

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
