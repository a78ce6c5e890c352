"""Tests that the reading pane takes width only while an article is open or the pane is pinned,
at the widths people use, and that it shows an article's title once."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from newstui.models import Article
from newstui.ui.app import NewsApp
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

TITLES = [[f"Harbour story {i} about the crane and the tide tables" for i in range(20)]]


def widths(app: NewsApp) -> tuple[int, int]:
    main = app.main
    return main.query_one("#list-column").region.width, main.reader.region.width


@pytest.mark.parametrize("width", [60, 100, 120, 200])
async def test_the_list_has_the_whole_width_until_an_article_opens(
    tmp_path: Path, news_app: MakeApp, width: int
) -> None:
    app = news_app(*stock(tmp_path / "n.db", TITLES))
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        assert widths(app) == (width, 0)
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.reader.headline is not None)
        column, reader = widths(app)
        if width < 100:
            assert (column, reader) == (0, width)  # narrow: the article takes the screen
        else:
            assert column > 0 and reader > 0 and column + reader == width
            assert app.main.headlines.has_focus  # j/k still move the list beside the article
        await pilot.press("escape")
        await pilot.pause()
        assert widths(app) == (width, 0)
        assert app.main.headlines.has_focus


async def test_a_pinned_pane_stays_open_without_an_article(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*stock(tmp_path / "n.db", TITLES))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("P")
        await pilot.pause()
        column, reader = widths(app)
        assert column > 0 and reader > 0
        assert app.main.reader.query_one("#reader-empty").display
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.reader.headline is not None)
        await pilot.press("escape")
        await pilot.pause()
        assert widths(app)[1] == reader  # closing the article leaves a pinned pane open
        await pilot.press("P")
        await pilot.pause()
        assert widths(app) == (120, 0)


async def test_the_pin_key_can_be_remapped(tmp_path: Path, news_app: MakeApp) -> None:
    app = news_app(*stock(tmp_path / "n.db", TITLES, keymap={"pin_pane": "ctrl+y"}))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("P")
        await pilot.pause()
        assert widths(app) == (120, 0)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert widths(app)[1] > 0


async def test_the_full_article_shows_its_title_once(tmp_path: Path, news_app: MakeApp) -> None:
    config, store = stock(tmp_path / "n.db", TITLES)
    newest = store.headlines(limit=1)[0]
    document = f"# The page's own headline\n\nFirst paragraph of {newest.title}.\n"
    store.save_article(newest.id, Article("The page's own headline", document, 6))
    app = news_app(config, store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.reader.headline is not None)
        reader = app.main.reader
        await settle(
            pilot, lambda: "Full text" in str(reader.query_one("#reader-status", Static).content)
        )
        body = reader.query_one("#reader-body")
        # The document `newstui read` prints, its title line in the pane's title's place.
        assert body.source == f"First paragraph of {newest.title}.\n"  # type: ignore[attr-defined]
        title = reader.query_one("#reader-title", Static)
        assert title.display and str(title.content) == "The page's own headline"
        await pilot.press("f")  # the feed's own text: under the headline's title
        await settle(pilot, lambda: str(title.content) == newest.title)
        assert "Summary of" in body.source  # type: ignore[attr-defined]


async def test_an_article_cached_without_its_title_line_gets_one(
    tmp_path: Path, news_app: MakeApp
) -> None:
    config, store = stock(tmp_path / "n.db", TITLES)
    newest = store.headlines(limit=1)[0]
    # As long a read as the feed's summary: a page that gave less keeps the feed text on show.
    body = "Body cached before, a story about the crane and the tide tables.\n"
    store.save_article(newest.id, Article("Old row", body, 12))
    app = news_app(config, store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        reader = app.main.reader
        title = reader.query_one("#reader-title", Static)
        await settle(pilot, lambda: str(title.content) == "Old row")  # the article's title
        assert title.display
        assert reader.query_one("#reader-body").source == body  # type: ignore[attr-defined]
