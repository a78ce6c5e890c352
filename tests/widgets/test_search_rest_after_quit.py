"""Tests that a search's rest-of-page read, a re-read, or an arrivals' read, which wakes while the
app quits (the list already taken down, the column's worker not yet cancelled) does nothing: its
NoMatches for the list ended the app on an error (CI, a run that quit ~0.1 s after a search;
benchmarks/ui_soak.py quitting while news flowed in)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

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


async def test_a_reread_that_ends_after_the_app_quit_does_nothing(
    tmp_path: Path, news_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["Storm one", "Storm two", "Calm"]]))
    release = threading.Event()
    async with app.run_test(size=(100, 30)) as pilot:
        column = app.main.column
        await settle(pilot, lambda: len(column.headlines.headlines) == 3)
        read = column._rows_of

        def held(*args: Any, **kwargs: Any) -> Any:  # the store's read, still on its thread
            release.wait(30)
            return read(*args, **kwargs)

        monkeypatch.setattr(column, "_rows_of", held)
        # The re-read as news arriving starts it, outside the column's worker (so that the
        # teardown cannot cancel it: the race is a read that ends before that cancel).
        rereading = asyncio.create_task(column._reread())
        await pilot.pause()
    release.set()  # the read ends after the app's widgets were taken down
    await rereading
    assert not column.query(HeadlineList)


async def test_arrivals_read_that_ends_after_the_app_quit_does_nothing(
    tmp_path: Path, news_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [["Storm one", "Storm two", "Calm"]]))
    release = threading.Event()
    async with app.run_test(size=(100, 30)) as pilot:
        column = app.main.column
        await settle(pilot, lambda: len(column.headlines.headlines) == 3)
        arrived = list(column.headlines.headlines[:1])
        read = column._arrival_rows

        def held(*args: Any, **kwargs: Any) -> Any:  # the store's read, still on its thread
            release.wait(30)
            return read(*args, **kwargs)

        monkeypatch.setattr(column, "_arrival_rows", held)
        # The flush as a poll's news starts it, outside the column's worker (see above).
        flushing = asyncio.create_task(column._flush(arrived))
        await pilot.pause()
    release.set()  # the read ends after the app's widgets were taken down
    await flushing
    assert not column.query(HeadlineList)
