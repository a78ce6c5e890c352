"""Pilot: the rough edges a newcomer found in the ticker. Keys about "this article" act on the open
article wherever the highlight is (its row marked open; arrivals never move it meanwhile),
reading a headline drops its ✦, q and Esc in the reading pane go back to the list (the footer
says so), clearing a filter keeps the highlighted headline, and a sources view opened before the
config's sources are stored lists them once they are."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from newstui.models import FeedEntry, Headline, SourceConfig
from newstui.storage.store import Store
from newstui.ui.app import NewsApp
from newstui.ui.screens.sources import SourcesScreen
from newstui.ui.widgets.headline_paint import NEW_SYMBOL, OPEN_SYMBOL
from newstui.ui.widgets.key_footer import KeyFooter, shown_actions
from newstui.ui.widgets.source_table import SourceTable
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.stock import closed_url, stock
from tests.widgets.test_headline_list import screen_lines
from tests.widgets.waits import settle, written

pytestmark = pytest.mark.usefixtures("utc_local_time")

TITLES = [
    [f"Harbour report number {n}" for n in range(30)],
    [f"Market note {n}" for n in range(30)],
]


def arrive(app: NewsApp, store: Store, title: str, minutes: int) -> Headline:
    """A headline polled now on the first source, handed to the list as a poll's are."""
    source = store.sources()[0]
    entry = FeedEntry(title, title, f"http://127.0.0.1:9/{title}", NOW + timedelta(minutes=minutes))
    [new] = store.save_poll(source, [entry], NOW)
    app.main.column.add_arrivals([new])
    return new


def line_of(app: NewsApp, title: str) -> str:
    return next(line for line in screen_lines(app.main.headlines) if title in line)


def stored(store: Store, headline: Headline) -> Headline:
    return next(h for h in store.headlines(limit=200) if h.id == headline.id)


async def test_keys_about_this_article_act_on_the_open_one_wherever_the_highlight_is(
    news_app: MakeApp, tmp_path: Path
) -> None:
    config, store = stock(tmp_path / "n.db", TITLES, stories=False)
    app = news_app(config, store)
    async with app.run_test(size=(120, 30)) as pilot:
        lst = app.main.headlines
        await settle(pilot, lambda: len(lst.headlines) == 60)
        first = arrive(app, store, "Lighthouse keeper spots a comet", 1)
        await settle(pilot, lambda: lst.highlighted == first)
        await pilot.pause()
        assert line_of(app, first.title).startswith(NEW_SYMBOL)  # just arrived, unread
        await pilot.press("enter")  # opened beside the list, so read: no longer news
        await settle(pilot, lambda: app.main.reading and lst.headlines[0].read)
        await pilot.pause()
        row = line_of(app, first.title)
        assert not row.startswith(NEW_SYMBOL) and row[2] == OPEN_SYMBOL, row
        assert lst.has_focus  # the list keeps the keys; follow mode waits for the article
        second = arrive(app, store, "Comet turns out to be a weather balloon", 2)
        await settle(pilot, lambda: lst.headlines[0] == second)
        await pilot.pause()
        assert lst.highlighted is not None and lst.highlighted.id == first.id  # place kept
        await pilot.press("k")  # the reader moves the highlight, the article stays open
        await settle(pilot, lambda: lst.highlighted == second)
        assert app.main.reader.headline is not None
        assert app.main.reader.headline.id == first.id  # the pane keeps its article
        assert line_of(app, first.title)[2] == OPEN_SYMBOL  # and its row says it is open
        assert line_of(app, second.title)[2] != OPEN_SYMBOL
        await pilot.press("s", "u")  # about this article: the open one, not the highlight
        await written(pilot, app)
        assert stored(store, first).starred and not stored(store, first).read
        assert not stored(store, second).starred and not stored(store, second).read
        await pilot.press("escape")  # no article open: the keys act on the highlight again
        await pilot.pause()
        assert lst.opened_id is None and OPEN_SYMBOL not in line_of(app, first.title)[:3]
        await pilot.press("s")
        await written(pilot, app)
        assert stored(store, second).starred


@pytest.mark.parametrize("width", [60, 120])
async def test_q_and_esc_in_the_reading_pane_go_back_to_the_list(
    news_app: MakeApp, tmp_path: Path, width: int
) -> None:
    """At 60 columns the pane takes the screen: its footer offers Esc, and q goes back one level
    (newsboat's q) instead of quitting; at 120 the same in the pane once it has the focus."""
    app = news_app(*stock(tmp_path / "n.db", TITLES, stories=False))
    async with app.run_test(size=(width, 24)) as pilot:
        main = app.main
        await settle(pilot, lambda: len(main.headlines.headlines) == 60)
        for key in ("q", "escape"):
            await pilot.press("enter")
            await settle(pilot, lambda: main.reading)
            if width >= 100:
                await pilot.press("tab")
            await pilot.pause()
            assert main.reader.has_focus
            footer = main.query_one(KeyFooter)
            await settle(pilot, lambda f=footer: "screen.go_back" in set(shown_actions(f)))
            await pilot.press(key)
            await pilot.pause()
            assert app.return_code is None, f"{key} quit the app from the pane"
            assert not main.reading and main.headlines.has_focus
        await pilot.press("q")  # from the list, q quits
        await pilot.pause()
        assert app.return_code == 0


async def test_clearing_a_filter_keeps_the_highlighted_headline(
    news_app: MakeApp, tmp_path: Path
) -> None:
    app = news_app(*stock(tmp_path / "n.db", TITLES, stories=False))
    async with app.run_test(size=(100, 24)) as pilot:
        lst = app.main.headlines
        await settle(pilot, lambda: len(lst.headlines) == 60)
        for in_bar in (True, False):  # Esc in the filter bar, then in the list
            await pilot.press("slash", *"market", "enter")
            await settle(pilot, lambda: len(lst.headlines) == 30)
            await pilot.press("g", "j", "j", "j", "j")
            await pilot.pause()
            chosen = lst.highlighted
            assert chosen is not None and chosen.title == "Market note 4"
            if in_bar:
                await pilot.press("slash")  # the bar again, with the search in it
            await pilot.press("escape")
            await settle(pilot, lambda: len(lst.headlines) == 60)
            await pilot.pause()
            assert lst.highlighted == chosen, in_bar  # not the newest of every headline
            assert lst.highlighted_index == 9 and lst.has_focus
            assert any(chosen.title in line for line in screen_lines(lst))


async def test_a_sources_view_open_before_the_sources_are_stored_lists_them_when_they_are(
    news_app: MakeApp, tmp_path: Path
) -> None:
    config, store = stock(tmp_path / "n.db", [["Harbour report"]])
    app = news_app(config, store)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot, lambda: len(app.main.polling.sources) == 1)
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        table = app.screen.query_one(SourceTable)
        await settle(pilot, lambda: table.row_count == 1)
        more = SourceConfig(closed_url(7), name="Late desk")
        # The config's sources reaching the store while the view is open, as at start.
        await app.sync_sources(type(config)(sources=(*config.sources, more)))
        await settle(pilot, lambda: table.row_count == 2)
        assert any("Late desk" in table.get_row_at(row)[0] for row in range(2))


async def test_the_sources_table_fits_60_columns_without_scrolling_sideways(
    news_app: MakeApp, tmp_path: Path
) -> None:
    tags = [("world", "business"), ("tech", "security", "europe")]
    app = news_app(*stock(tmp_path / "n.db", [["Harbour report"], ["Market note"]], tags=tags))
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot, lambda: len(app.main.polling.sources) == 2)
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        table = app.screen.query_one(SourceTable)
        await settle(pilot, lambda: table.row_count == 2)
        await pilot.pause()
        assert table.virtual_size.width <= table.scrollable_content_region.width
        header = table.render_line(0).text
        for label in ("Source", "Status", "Unread", "Last fetch", "Next poll"):
            assert label in header, header
        assert "Desk 0" in table.render_line(1).text
