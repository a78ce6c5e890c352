"""Tests that the list layout chosen with L is remembered from one run of the ticker to the
next (in the database, as the theme is)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.storage.store import Store
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle, written

pytestmark = pytest.mark.usefixtures("utc_local_time")


async def test_the_layout_chosen_with_l_is_the_next_runs(tmp_path: Path, news_app: MakeApp) -> None:
    db = tmp_path / "n.db"
    config, store = stock(db, [[f"Story {n}" for n in range(10)]])
    app = news_app(config, store)
    async with app.run_test(size=(200, 30)) as pilot:  # wide: "auto" is compact
        headlines = app.main.headlines
        await settle(pilot, lambda: bool(headlines.headlines))
        assert headlines.current_layout == "compact"
        await pilot.press("L")
        assert headlines.current_layout == "newsline"
        await written(pilot, app)
    store.close()
    assert Store(db).setting("layout") == "newsline"
    again = news_app(config, Store(db))
    async with again.run_test(size=(200, 30)) as pilot:
        headlines = again.main.headlines
        await settle(pilot, lambda: bool(headlines.headlines))
        assert headlines.current_layout == "newsline"  # wide, and yet the reader's choice
        await pilot.press("L")
        assert headlines.current_layout == "compact"
        await written(pilot, again)
    assert Store(db).setting("layout") == "compact"
