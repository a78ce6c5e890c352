"""Pilot: what says "new" survives a change of rows. `X` (stories on/off) keeps the "▲ N new" of a
reader scrolled away from the top, and a headline that arrives while a filter hides it still
shows ✦ when the filter is cleared (within its minutes)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from newstui.models import FeedEntry, Headline
from newstui.storage.store import Store
from newstui.ui.app import NewsApp
from newstui.ui.widgets.headline_paint import NEW_SYMBOL
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.stock import stock
from tests.widgets.test_headline_list import screen_lines
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

TITLES = [
    [f"Harbour report number {n}" for n in range(30)],
    [f"Market note {n}" for n in range(30)],
]


def arrive(app: NewsApp, store: Store, title: str, minutes: int = 1) -> list[Headline]:
    """A headline polled now on the first source, handed to the list as a poll's are."""
    source = store.sources()[0]
    entry = FeedEntry(
        title, title, f"http://127.0.0.1:9/{minutes}", NOW + timedelta(minutes=minutes)
    )
    new = store.save_poll(source, [entry], NOW)
    app.main.column.add_arrivals(new)
    return new


def status(app: NewsApp) -> str:
    return str(app.main.column.query_one("#list-status", Static).content)


@pytest.mark.parametrize("stories", [True, False])
async def test_x_keeps_the_new_count_of_a_reader_scrolled_away(
    news_app: MakeApp, tmp_path: Path, stories: bool
) -> None:
    config, store = stock(tmp_path / "db.sqlite", TITLES, stories=stories)
    app = news_app(config, store)
    async with app.run_test(size=(100, 20)) as pilot:
        widget = app.main.headlines
        await settle(pilot, lambda: len(widget.headlines) >= 60)
        await pilot.press("pagedown", "pagedown", "j")
        await settle(pilot, lambda: round(widget.scroll_y) > 0)
        arrive(app, store, "Lighthouse keeper spots a comet")
        await settle(pilot, lambda: widget.new_count == 1)
        # The line above the list hears of the count by a message, a moment after the list.
        await settle(pilot, lambda: "▲ 1 new" in status(app))
        place = widget.highlighted
        await pilot.press("X")
        await settle(pilot, lambda: app.main.column.stories is not stories)
        # The rows are rebuilt from the store (off the loop): wait for them, not for a time.
        await settle(pilot, lambda: widget.highlighted == place)  # the reader's place is kept...
        assert widget.new_count == 1  # ...and so is what arrived above it
        await settle(pilot, lambda: "▲ 1 new" in status(app))
        await pilot.press("n")
        await settle(pilot, lambda: widget.new_count == 0 and "new" not in status(app))


async def test_an_arrival_a_filter_hides_shows_its_mark_once_the_filter_goes(
    news_app: MakeApp, tmp_path: Path
) -> None:
    config, store = stock(tmp_path / "db.sqlite", TITLES)
    app = news_app(config, store)
    async with app.run_test(size=(100, 20)) as pilot:
        widget = app.main.headlines
        await settle(pilot, lambda: len(widget.headlines) >= 60)
        await pilot.press("slash", *"market", "enter")
        await settle(pilot, lambda: len(widget.headlines) == 30)
        hidden = arrive(app, store, "Harbour crane topples in gale", minutes=1)
        shown = arrive(app, store, "Market rallies on harbour deal", minutes=2)
        await settle(pilot, lambda: widget.headlines[0].title == shown[0].title)
        assert screen_lines(widget)[0].startswith(NEW_SYMBOL)  # arrived under the filter
        await pilot.press("escape")  # the filter goes: every headline again
        await settle(pilot, lambda: len(widget.headlines) >= 62)
        await pilot.pause()
        lines = screen_lines(widget)
        for headline in (shown[0], hidden[0]):
            line = next(line for line in lines if headline.title in line)
            assert line.startswith(NEW_SYMBOL), line
        older = next(line for line in lines if "Harbour report number 0" in line)
        assert not older.startswith(NEW_SYMBOL)


@pytest.mark.parametrize("width", [60, 100, 200])
async def test_the_line_above_the_list_says_new_and_the_day_whole(
    news_app: MakeApp, tmp_path: Path, width: int
) -> None:
    """Long words where they fit ("— press n to jump to them", "Friday 27 November 2026"),
    short ones where they would be cut (beside an open article at 100 columns, at 60)."""
    config, store = stock(tmp_path / "db.sqlite", TITLES, stories=False)
    app = news_app(config, store)
    async with app.run_test(size=(width, 20)) as pilot:
        widget = app.main.headlines
        await settle(pilot, lambda: len(widget.headlines) >= 60)
        await pilot.press("enter")  # an article beside the list (in its place at 60)
        await pilot.press("tab" if width < 100 else "f12")
        await pilot.pause()
        widget.focus()
        await pilot.press("pagedown", "pagedown")
        arrive(app, store, "Lighthouse keeper spots a comet")
        await settle(pilot, lambda: "▲ 1 new" in status(app))  # told by a message: wait
        line = app.main.column.query_one("#list-status", Static)
        text = status(app)
        assert len(text) <= line.size.width, text
        assert "▲ 1 new" in text and ("Fri 27 Nov" in text or "November 2026" in text), text
        if width >= 200:
            assert "press n to jump to them" in text and "Friday 27 November 2026" in text
