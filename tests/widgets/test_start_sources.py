"""Pilot: the ticker paints its first list without reading the sources, which come after it with
the config's sources stored; the list is read again then only when they rename a source it
shows."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newstui.ui.app import NewsApp
from tests.widgets.conftest import MakeApp
from tests.widgets.test_snapshots import newsroom
from tests.widgets.waits import settle


def names_shown(app: NewsApp) -> set[str]:
    return {h.source_name for h in app.main.headlines.headlines}


async def test_the_sources_come_after_the_first_list_which_is_not_read_again(
    news_app: MakeApp, tmp_path: Path
) -> None:
    config, store = newsroom(tmp_path)
    app = news_app(config, store)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot, lambda: app.main.headlines.headlines)
        await settle(pilot, lambda: len(app.main.polling.sources) == 3)
        await pilot.pause(0.2)
        assert [s.display_name for s in app.main.palette_sources()] == [
            "Harbour Times",
            "Tech Line",
            "World Wire",
        ]
        assert app.main.column._shown == 1  # read once: the sources renamed none


async def test_a_source_renamed_in_the_config_is_shown_renamed(
    news_app: MakeApp, tmp_path: Path
) -> None:
    config, store = newsroom(tmp_path)
    first, *rest = config.sources
    renamed = replace(config, sources=(replace(first, name="Harbour Evening Post"), *rest))
    app = news_app(renamed, store)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot, lambda: app.main.headlines.headlines)
        await settle(pilot, lambda: "Harbour Evening Post" in names_shown(app))
        assert "Harbour Times" not in names_shown(app)
        assert {"Tech Line", "World Wire"} <= names_shown(app)
