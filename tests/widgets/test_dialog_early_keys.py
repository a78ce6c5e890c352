"""Pilot: keys typed right after the key that opens a text dialog (rename, tags, add source in
the sources view) land in its input, in order, and Enter typed with them answers with them."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input

from newstui.config.schema import load_config
from newstui.ui.app import NewsApp
from newstui.ui.screens.ask import AskScreen
from newstui.ui.screens.sources import SourcesScreen
from tests.widgets.conftest import MakeApp
from tests.widgets.test_dialog_burst import until


def burst(app: NewsApp, keys: str) -> None:
    """Keys as a terminal sends them typed fast (tmux send-keys): all queued before the first
    is handled (Pilot's press waits for each key's effects)."""
    for key in keys:
        app.post_message(events.Key(key, key))


async def test_keys_typed_with_the_one_that_asks_land_in_the_dialog(
    tmp_path: Path, news_app: MakeApp
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[[sources]]\nurl = "http://127.0.0.1:9/feed"\nname = "Ascii"\n')
    app = news_app(load_config(path), tmp_path / "n.db", now=None)
    async with app.run_test(size=(100, 24)) as pilot:
        await until(pilot, lambda: len(app.store.sources()) == 1)
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, SourcesScreen))
        sources = app.screen
        await until(pilot, lambda: len(sources.sources) == 1)  # type: ignore[attr-defined]
        burst(app, "tworld")  # `t` asks for tags; "world" typed right after it
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        field = app.screen.query_one(Input)
        await until(pilot, lambda: field.value == "world")  # none went to the sources view
        assert isinstance(app.screen, AskScreen)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is sources)
        burst(app, "eHarbour")  # `e` renames; r and a are keys of the view too
        app.post_message(events.Key("enter", None))
        await until(pilot, lambda: app.screen is sources and "Harbour" in path.read_text())
        assert 'name = "Harbour"' in path.read_text()
