"""Pilot: news flows in at the top above an open article while the highlight stays on it (its
row moves down); closing the article leaves the highlight on the row just read (so `j` goes on
to the next older); a row pushed off the page by news keeps its place instead (the news above is
counted); a reader idle at the top with no article open still follows the news."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from newstui.models import FeedEntry
from newstui.ui.widgets.headline_list import HeadlineList
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.stock import stock
from tests.widgets.test_newcomer_edges import TITLES, arrive
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


def on_screen(lst: HeadlineList) -> bool:
    """The highlighted row's first line is inside the view."""
    head, top = lst.line_of(lst.highlighted_index), round(lst.scroll_y)
    return top <= head < top + lst.scrollable_content_region.height


@pytest.mark.parametrize("width", [60, 120, 200])
async def test_arrivals_while_reading_flow_in_above_the_article_and_leave_it_highlighted(
    news_app: MakeApp, tmp_path: Path, width: int
) -> None:
    config, store = stock(tmp_path / "n.db", TITLES, stories=False)
    app = news_app(config, store)
    async with app.run_test(size=(width, 30)) as pilot:
        lst = app.main.headlines
        await settle(pilot, lambda: len(lst.headlines) == 60)
        await pilot.press("2")  # the Unread view, as the newcomer had it
        top = lst.headlines[0]
        await settle(pilot, lambda: lst.highlighted == top)
        next_older = lst.headlines[1]
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.reading)
        new = arrive(app, store, "Storm warning for the northern coast", 1)
        await settle(pilot, lambda: lst.headlines[0] == new)
        newer = arrive(app, store, "Ferry timetable changes for the winter", 2)
        await settle(pilot, lambda: lst.headlines[0] == newer)
        assert lst.highlighted is not None and lst.highlighted.id == top.id
        if not app.main.narrow:  # beside the article: the news shows at the top
            assert lst.scroll_y == 0 and lst.new_count == 0
        await pilot.press("q")
        await settle(pilot, lambda: not app.main.reading)
        assert lst.highlighted is not None and lst.highlighted.id == top.id
        assert lst.scroll_y == 0 and lst.new_count == 0 and on_screen(lst)
        await pilot.press("j")
        await settle(pilot, lambda: lst.highlighted is not None and lst.highlighted != top)
        assert lst.highlighted == next_older


async def test_news_pushing_the_open_row_off_the_page_keeps_its_place(
    news_app: MakeApp, tmp_path: Path
) -> None:
    config, store = stock(tmp_path / "n.db", TITLES, stories=False)
    app = news_app(config, store)
    async with app.run_test(size=(120, 12)) as pilot:
        lst = app.main.headlines
        await settle(pilot, lambda: len(lst.headlines) == 60)
        opened = lst.headlines[0]
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.reading)
        for n in range(12):  # more than the page: the row would leave it
            # Seconds apart (a time over 5 minutes ahead of the poll is taken as the poll's).
            source = store.sources()[0]
            title = f"Late bulletin number {n} from the harbour"
            entry = FeedEntry(title, title, f"http://127.0.0.1:9/{n}", NOW + timedelta(seconds=n))
            [new] = store.save_poll(source, [entry], NOW)
            app.main.column.add_arrivals([new])
            await settle(pilot, lambda new=new: lst.headlines[0] == new)  # type: ignore[misc]
            assert lst.highlighted is not None and lst.highlighted.id == opened.id
            assert on_screen(lst)  # never pushed out of sight
        assert lst.scroll_y > 0 and lst.new_count > 0  # then kept, the news above counted


async def test_moving_off_the_article_gives_the_highlight_back_to_the_news(
    news_app: MakeApp, tmp_path: Path
) -> None:
    config, store = stock(tmp_path / "n.db", TITLES, stories=False)
    app = news_app(config, store)
    async with app.run_test(size=(120, 24)) as pilot:
        lst = app.main.headlines
        await settle(pilot, lambda: len(lst.headlines) == 60)
        await pilot.press("enter", "escape", "j", "k")  # read, closed, then moved on and back
        await settle(pilot, lambda: not app.main.reading and lst.highlighted_index == 0)
        new = arrive(app, store, "Storm warning for the northern coast", 1)
        await settle(pilot, lambda: lst.highlighted == new)  # follow mode again


async def test_a_reader_idle_at_the_top_with_no_article_follows_the_news(
    news_app: MakeApp, tmp_path: Path
) -> None:
    config, store = stock(tmp_path / "n.db", TITLES, stories=False)
    app = news_app(config, store)
    async with app.run_test(size=(60, 24)) as pilot:
        lst = app.main.headlines
        await settle(pilot, lambda: len(lst.headlines) == 60)
        new = arrive(app, store, "Storm warning for the northern coast", 1)
        await settle(pilot, lambda: lst.highlighted == new)
