"""Tests the ticker's first paint: a few screens of rows read before it, the rest of a page read
after it, in place, the reader's place kept; the app's call after it, and the command's garbage
collector held off until then."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from newstui.commands import ticker
from newstui.ui.app import NewsApp
from newstui.ui.headline_source import StoredHeadlines
from newstui.ui.widgets.headline_column import FIRST_SCREENS, PAGE
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle


@pytest.mark.parametrize("stories", [True, False], ids=["stories", "headlines"])
async def test_the_first_read_is_a_few_screens_and_the_page_follows(
    tmp_path: Path, news_app: MakeApp, monkeypatch: pytest.MonkeyPatch, stories: bool
) -> None:
    titles = [f"Story {n}" for n in range(PAGE + 60)]
    config, store = stock(tmp_path / "f.db", [titles], stories=stories)
    limits: list[int] = []
    for name in ("headlines", "stories"):
        read = getattr(StoredHeadlines, name)

        def recorded(self: StoredHeadlines, *args: Any, _read: Any = read, **kwargs: Any) -> Any:
            limits.append(int(kwargs["limit"]))
            return _read(self, *args, **kwargs)

        monkeypatch.setattr(StoredHeadlines, name, recorded)
    app = news_app(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        headlines = app.main.headlines
        await settle(pilot, lambda: len(headlines.headlines) == PAGE)
        assert limits[:2] == [FIRST_SCREENS * 30, PAGE - FIRST_SCREENS * 30]
        assert [h.title for h in headlines.headlines] == titles[:PAGE]  # newest first, once each
        assert headlines.highlighted is not None and headlines.highlighted.title == "Story 0"


async def test_painted_is_called_once_after_the_first_frame(tmp_path: Path) -> None:
    config, store = stock(tmp_path / "p.db", [["Story 0", "Story 1"]])
    rows_then: list[int] = []
    app = NewsApp(config, store, poll=False)
    app._painted = lambda: rows_then.append(len(app.main.headlines.headlines))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: bool(rows_then))
        await pilot.pause()
        assert rows_then == [2]  # once, with the stored headlines in the list


def test_the_ticker_collects_again_once_start_up_is_frozen() -> None:
    gc.disable()
    try:
        ticker._collect_again()
        assert gc.isenabled() and gc.get_freeze_count() > 0
        gc.unfreeze()
        ticker._collect_again()  # enabled already: nothing frozen again
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        gc.enable()
