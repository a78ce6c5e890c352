"""Tests the sources view after the config file's sources changed while the ticker ran (edited by
hand, or `newstui import` in another shell): it said "read-only here: these sources are not from
your config file" and its `a` spoke of the demo's newsroom, and the new source was not polled
until a restart. Opened now, it reads the file's sources again, or says why it cannot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from newstui.config.schema import load_config
from newstui.ui.screens.sources import SourcesScreen
from newstui.ui.widgets.source_table import SourceTable
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import closed_url, record_notices
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


async def test_sources_added_by_hand_are_read_again_and_editable(
    tmp_path: Path, news_app: MakeApp
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'[[sources]]\nurl = "{closed_url(1)}"\nname = "Mine"\n')
    app = news_app(load_config(path), tmp_path / "n.db")
    async with app.run_test(size=(120, 30)) as pilot:
        notices = record_notices(app)
        await settle(pilot, lambda: len(app.main.polling.sources) == 1)
        with path.open("a") as file:  # the reader's editor, beside the running ticker
            file.write(f'[[sources]]\nurl = "{closed_url(2)}"\nname = "By hand"\n')
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        table = screen.query_one(SourceTable)
        await settle(pilot, lambda: table.row_count == 2)
        assert screen.editor is not None  # its edit keys work on the file
        title = str(screen.query_one("#sources-title", Static).content)
        assert "read-only" not in title
        assert any("changed since newstui started" in n for n in notices), notices
        assert {s.display_name for s in app.store.sources()} >= {"Mine", "By hand"}

        await pilot.press("escape")
        path.write_text(path.read_text() + "refresh = \n")  # broken by hand: said, file:line
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        await settle(pilot, lambda: any(f"{path}:7: invalid TOML" in n for n in notices))
        assert app.screen.query_one(SourceTable).row_count == 2  # as they were
