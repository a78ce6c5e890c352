"""Tests that a search's rest-of-page read which wakes while the app quits (the list already
taken down, the column's worker not yet cancelled) does nothing: its NoMatches for the list
ended the app on an error (CI, a run that quit ~0.1 s after a search)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.ui.widgets import headline_column_stories
from newstui.ui.widgets.headline_list import HeadlineList
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle


async def test_the_rest_of_a_search_page_after_the_list_is_gone_does_nothing(
    tmp_path: Path, news_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(headline_column_stories, "SEARCH_REST_AFTER", 0.0)
    app = news_app(*stock(tmp_path / "n.db", [["Storm one", "Storm two", "Calm"]]))
    async with app.run_test(size=(100, 30)) as pilot:
        column = app.main.column
        await settle(pilot, lambda: len(column.headlines.headlines) == 3)
        await pilot.press("slash", *"storm", "enter")
        await settle(pilot, lambda: len(column.headlines.headlines) == 2)
        view, shown = column.view, column._shown
    # The app has quit: its widgets are taken down. The read as the search's worker runs it,
    # woken now: it finds no list and returns.
    assert not column.query(HeadlineList)
    await column._rest_of_search_page(view, 1, shown)
