"""Tests that another view is laid out from the list's top: a search typed far down the list reads
its first screen and the rest of its page, and no older page on top of them (laid out at the old
view's scroll place, its first rows asked for one at once, read before the search's paint)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.ui.widgets.headline_column import HeadlineColumn
from tests.waiting import until
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle


async def test_a_search_far_down_the_list_reads_no_older_page_before_its_own(
    tmp_path: Path, news_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    titles = [[f"Storms over quay {n} of {desk}" for n in range(100)] for desk in range(3)]
    config, store = stock(tmp_path / "s.db", titles)
    app = news_app(config, store)
    paged: list[int] = []
    page_older = HeadlineColumn._page_older

    def counted(column: HeadlineColumn, *args: object, **kwargs: object) -> object:
        paged.append(len(column.headlines.headlines))
        return page_older(column, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(HeadlineColumn, "_page_older", counted)
    async with app.run_test(size=(120, 40)) as pilot:
        column, headlines = app.main.column, app.main.headlines
        await settle(pilot, lambda: len(headlines.headlines) == 300)
        await pilot.press("G")  # the oldest row: the list scrolled to its end
        await settle(pilot, lambda: headlines.highlighted_index == 299 and headlines.scroll_y > 0)
        paged.clear()
        await pilot.press("slash", *"storm", "enter")
        await settle(pilot, lambda: column.view.search == "storm")
        await settle(pilot, lambda: len(headlines.headlines) == 300)
        await until(lambda: not [w for w in column.workers if w.group == "search-rest"])
        assert paged == []  # its first screen, then the rest of its page: nothing older asked for
        assert headlines.highlighted_index == 0 and headlines.scroll_y == 0
