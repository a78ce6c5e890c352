"""Tests the ticker's first read: a few screens of rows before the first paint, the rest of a
page read after it, in place, the reader's place kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

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
