"""Tests moving around the ticker as newsboat users do: next/previous unread (paging older
headlines in), next/previous source, and a new view starting at its newest headline."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.ui.app import NewsApp
from newstui.ui.widgets.headline_column import PAGE
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import record_notices, stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

WORLD = [f"World story {n}" for n in range(8)]
LOCAL = [f"Local story {n}" for n in range(8)]


def highlighted(app: NewsApp) -> str:
    headline = app.main.headlines.highlighted
    assert headline is not None
    return headline.title


async def test_another_view_starts_at_its_newest_the_same_view_keeps_the_place(
    tmp_path: Path, news_app: MakeApp
) -> None:
    config, store = stock(tmp_path / "n.db", [WORLD, LOCAL])
    app = news_app(config, store)
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.press(*"jjjjjjjjjj")  # below the screen's newest rows
        assert app.main.headlines.highlighted_index == 10
        await pilot.press("2")  # unread: every headline, the same one would stay mid-list
        await pilot.pause()
        assert app.main.headlines.highlighted_index == 0
        assert app.main.headlines.scroll_y == 0
        await pilot.press("j", "j", "j")
        app.main.apply_view(app.main.view)  # read again (as after a mark-all): place kept
        await pilot.pause()
        assert app.main.headlines.highlighted_index == 3


async def test_next_and_previous_unread_skip_read_headlines(
    tmp_path: Path, news_app: MakeApp
) -> None:
    config, store = stock(tmp_path / "n.db", [WORLD])
    read = [h.id for h in store.headlines(limit=100) if h.title not in {WORLD[3], WORLD[6]}]
    store.set_read(read, True)
    app = news_app(config, store)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right_square_bracket")
        assert highlighted(app) == WORLD[3]
        await pilot.press("right_square_bracket")
        assert highlighted(app) == WORLD[6]
        await pilot.press("right_square_bracket")
        assert highlighted(app) == WORLD[6]
        assert notices[-1] == "No unread headline below in this view."
        await pilot.press("left_square_bracket")
        assert highlighted(app) == WORLD[3]


async def test_next_unread_beyond_the_loaded_page_pages_it_in(
    tmp_path: Path, news_app: MakeApp
) -> None:
    titles = [f"Story {n}" for n in range(PAGE + 60)]
    config, store = stock(tmp_path / "n.db", [titles])
    store.set_read([h.id for h in store.headlines(limit=PAGE + 50)], True)
    app = news_app(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        # The first read is a few screens; the rest of the page follows the first paint.
        await settle(pilot, lambda: len(app.main.headlines.headlines) == PAGE)
        await pilot.press("right_square_bracket")
        assert highlighted(app) == f"Story {PAGE + 50}"


async def test_next_unread_with_an_article_open_opens_it(tmp_path: Path, news_app: MakeApp) -> None:
    config, store = stock(tmp_path / "n.db", [WORLD])
    app = news_app(config, store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.reader.headline is not None)
        await pilot.press("right_square_bracket")
        await settle(
            pilot,
            lambda: (
                app.main.reader.headline is not None and app.main.reader.headline.title == WORLD[1]
            ),
        )
        assert highlighted(app) == WORLD[1]


async def test_next_and_previous_source_cycle_through_the_sources(
    tmp_path: Path, news_app: MakeApp
) -> None:
    config, store = stock(
        tmp_path / "n.db",
        [WORLD, LOCAL, ["Sport story"]],
        names=["World", "Local", "Sport"],
        tags=[("news",), ("news",), ()],
    )
    app = news_app(config, store)
    async with app.run_test(size=(120, 30)) as pilot:
        names = []
        for _ in range(4):
            await pilot.press("J")
            await pilot.pause()
            names.append(app.main.view.source_name)
        assert names == ["Local", "Sport", "World", None]  # by name, then every source again
        await pilot.press("K")
        await pilot.pause()
        assert app.main.view.source_name == "World"
        assert {h.source_name for h in app.main.headlines.headlines} == {"World"}
        await pilot.press("escape", "T", "down", "enter")  # the tag "news"
        await pilot.pause()
        await pilot.press("J", "J")
        await pilot.pause()
        assert app.main.view.source_name == "World"  # Sport has not the tag


async def test_the_keys_can_be_remapped_newsboat_style(tmp_path: Path, news_app: MakeApp) -> None:
    keymap = {"next_unread": "n", "prev_unread": "p", "jump_new": "N"}
    config, store = stock(tmp_path / "n.db", [WORLD], keymap=keymap)
    store.set_read([h.id for h in store.headlines(limit=3)], True)
    app = news_app(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        assert highlighted(app) == WORLD[3]
        await pilot.press("N")
        assert highlighted(app) == WORLD[0]
