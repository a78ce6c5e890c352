"""Pilot: the cursor keys typed just before a key that opens a text dialog in the sources view
(`j j t`, typed fast or held down) move the cursor first, so the dialog is about the source
the reader moved to, not the one the cursor was on when the keys arrived."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from newstui.config.schema import load_config
from newstui.ui.screens.ask import AskScreen
from newstui.ui.screens.sources import SourcesScreen
from tests.widgets.conftest import MakeApp
from tests.widgets.test_dialog_burst import until
from tests.widgets.test_dialog_early_keys import burst


async def test_cursor_keys_typed_before_t_choose_the_source_it_retags(
    tmp_path: Path, news_app: MakeApp
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "".join(
            f'[[sources]]\nurl = "http://127.0.0.1:9/{name}"\nname = "{name}"\n'
            for name in ("Alder", "Birch", "Cedar")
        )
    )
    app = news_app(load_config(path), tmp_path / "n.db", now=None)
    async with app.run_test(size=(100, 24)) as pilot:
        await until(pilot, lambda: len(app.store.sources()) == 3)
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, SourcesScreen))
        sources = app.screen
        assert isinstance(sources, SourcesScreen)
        await until(pilot, lambda: len(sources.sources) == 3)
        third = sources.sources[2].name
        burst(app, "jjtworld")  # two rows down, then `t` and the tags, all queued at once
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        field = app.screen.query_one(Input)
        await until(pilot, lambda: field.value == "world")
        await pilot.press("enter")
        await until(pilot, lambda: "world" in path.read_text())
        tagged = load_config(path).sources
        assert [s.name for s in tagged if s.tags] == [third]
