"""Pilot at 60 columns (News line: a headline is its title's lines over its time and source):
many headlines arriving while an article hides the list leave the highlight on its screen row
after Esc, and the view starts at a headline's first line, never in the middle of one; so do
arrivals with the list in view, and at 100 and 120 columns (the list beside the article)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from newstui.models import FeedEntry, Headline
from newstui.storage.store import Store
from newstui.ui.app import NewsApp
from newstui.ui.widgets.headline_list import HeadlineList
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.stock import stock
from tests.widgets.test_newcomer_edges import TITLES
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

WORDS = [
    "storm",
    "ferry",
    "harbour",
    "council",
    "market",
    "bridge",
    "school",
    "rail",
    "coast",
    "winter",
    "festival",
]


def titled(n: int) -> str:
    """Titles of one to three lines at 60 columns, in an order no period of 2 or 3 follows."""
    words = 3 + (n * 7) % 17
    return " ".join(WORDS[(n + i) % len(WORDS)] for i in range(words)) + f" {n}"


def arrive_many(
    app: NewsApp, store: Store, first: int, count: int, *, above: bool
) -> list[Headline]:
    """`count` headlines polled now: newer than all shown (`above`), else older than the newest
    shown, landing among the rows above the highlight (a slow source's items, dated minutes ago)."""
    source = store.sources()[0]
    entries = [
        FeedEntry(titled(n), titled(n), f"http://127.0.0.1:9/p{n}", when(n, above=above))
        for n in range(first, first + count)
    ]
    new = store.save_poll(source, entries, NOW)
    app.main.column.add_arrivals(new)
    return new


async def arrive_in_batches(pilot: Pilot[None], app: NewsApp, store: Store, *, above: bool) -> None:
    """300 headlines in 3 polls, each shown before the next comes."""
    lst = app.main.headlines
    for batch in range(3):
        wanted = len(lst.headlines) + 100
        arrive_many(app, store, batch * 100, 100, above=above)
        await settle(pilot, lambda wanted=wanted: len(lst.headlines) == wanted)  # type: ignore[misc]


def when(n: int, *, above: bool) -> datetime:
    if above:
        return NOW + timedelta(seconds=n)
    return NOW - timedelta(seconds=30 + n % 150)


def screen_row(lst: HeadlineList) -> int:
    return lst.line_of(lst.highlighted_index) - round(lst.scroll_y)


def nearest_row(lst: HeadlineList, row: int) -> bool:
    """The highlight is as near `row` as a view starting at a headline's first line allows."""
    lines, cursor = lst._lines, lst.highlighted_index
    head = lines.head_of(cursor)
    rows = [head - lines.top_of(i) for i in range(cursor + 1)]
    return abs(screen_row(lst) - row) == min(abs(r - row) for r in rows)


def top_is_a_first_line(lst: HeadlineList) -> bool:
    lines, top = lst._lines, round(lst.scroll_y)
    return lines.top_of(lines.index_at(top)) == top


@pytest.mark.parametrize("width", [60, 100, 120])
@pytest.mark.parametrize("above", [True, False])
async def test_arrivals_while_reading_keep_the_row_after_esc(
    news_app: MakeApp, tmp_path: Path, width: int, above: bool
) -> None:
    config, store = stock(tmp_path / "n.db", TITLES, stories=False)
    app = news_app(config, store)
    async with app.run_test(size=(width, 30)) as pilot:
        lst = app.main.headlines
        await settle(pilot, lambda: len(lst.headlines) == 60)
        while screen_row(lst) < 9:
            await pilot.press("j")
        await pilot.pause()
        row, chosen = screen_row(lst), lst.highlighted
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.reading)
        await arrive_in_batches(pilot, app, store, above=above)
        await pilot.press("escape")
        await settle(pilot, lambda: not app.main.reading)
        await pilot.pause()
        assert lst.highlighted is not None and chosen is not None
        assert lst.highlighted.id == chosen.id
        assert nearest_row(lst, row), (screen_row(lst), row)
        assert top_is_a_first_line(lst)


@pytest.mark.parametrize("width", [60, 100, 120])
@pytest.mark.parametrize("above", [True, False])
async def test_arrivals_in_view_keep_the_row(
    news_app: MakeApp, tmp_path: Path, width: int, above: bool
) -> None:
    """The same with the list in view (no article open): the highlight mid-screen stays."""
    config, store = stock(tmp_path / "n.db", TITLES, stories=False)
    app = news_app(config, store)
    async with app.run_test(size=(width, 30)) as pilot:
        lst = app.main.headlines
        await settle(pilot, lambda: len(lst.headlines) == 60)
        while screen_row(lst) < 9:
            await pilot.press("j")
        await pilot.pause()
        row, chosen = screen_row(lst), lst.highlighted
        await arrive_in_batches(pilot, app, store, above=above)
        await pilot.pause()
        assert lst.highlighted is not None and chosen is not None
        assert lst.highlighted.id == chosen.id
        assert nearest_row(lst, row), (screen_row(lst), row)
        assert top_is_a_first_line(lst)
