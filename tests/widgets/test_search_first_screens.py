"""Tests a search's read: a few screens of rows before the list is painted, the rest of the page
after it, in place and in order, the highlight on the newest match; a cleared search still
reads whole pages (the reader's place is looked for in them)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from newstui.ui.headline_source import StoredHeadlines
from newstui.ui.widgets.headline_column import PAGE, SEARCH_SCREENS
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle


@pytest.mark.parametrize("stories", [True, False], ids=["stories", "headlines"])
async def test_a_search_reads_a_few_screens_then_the_rest_of_its_page(
    tmp_path: Path, news_app: MakeApp, monkeypatch: pytest.MonkeyPatch, stories: bool
) -> None:
    titles = [f"Story {n} {'harbour' if n % 2 else 'bridge'}" for n in range(2 * PAGE + 200)]
    config, store = stock(tmp_path / "s.db", [titles], stories=stories)
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
        headlines.highlighted_index = 5
        del limits[:]
        await pilot.press("slash", *"harbour", "enter")
        wanted = [t for t in titles if "harbour" in t][:PAGE]
        await settle(pilot, lambda: [h.title for h in headlines.headlines] == wanted)
        # The word's read is a few screens, then the rest of its page. Under load the live
        # filter may also have read for part of the word while it was typed (pilot's keys came
        # slower than its delay), so the pair is looked for rather than taken as the first reads.
        pairs = list(pairwise(limits))
        assert (SEARCH_SCREENS * 30, PAGE - SEARCH_SCREENS * 30) in pairs, limits
        assert PAGE not in limits, limits  # never a whole page before the paint
        assert headlines.highlighted is not None and headlines.highlighted.title == wanted[0]

        del limits[:]
        await pilot.press("escape")  # the search cleared: the place kept, whole pages read
        await settle(pilot, lambda: len(headlines.headlines) >= PAGE and not app.main.view.search)
        assert limits and all(limit >= PAGE for limit in limits)
        assert headlines.highlighted is not None and headlines.highlighted.title == wanted[0]
