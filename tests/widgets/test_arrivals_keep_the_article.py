"""Tests that arrivals never take the highlight while an article is open: after closing it the
highlight is on the article's row (so `j` goes on to the next older); a reader idle at the top
with no article open still follows the news (follow mode)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.test_newcomer_edges import TITLES, arrive
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.mark.parametrize("width", [60, 120])
async def test_arrivals_while_reading_leave_the_highlight_on_the_article(
    news_app: MakeApp, tmp_path: Path, width: int
) -> None:
    config, store = stock(tmp_path / "n.db", TITLES, stories=False)
    app = news_app(config, store)
    async with app.run_test(size=(width, 24)) as pilot:
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
        await pilot.press("q")
        await settle(pilot, lambda: not app.main.reading)
        assert lst.highlighted is not None and lst.highlighted.id == top.id
        await pilot.press("j")
        await settle(pilot, lambda: lst.highlighted is not None and lst.highlighted != top)
        assert lst.highlighted == next_older


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
