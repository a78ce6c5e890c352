"""Tests mark-all-read in the ticker: it marks exactly what the view and its filters show, says
how many, asks above a screenful, and the last one can be undone in the session."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.models import HeadlineQuery
from newstui.storage.store import Store
from newstui.ui.app import NewsApp
from newstui.ui.mark_all import ASK_ABOVE
from newstui.ui.screens.ask import ConfirmScreen
from newstui.ui.widgets.ticker_header import TickerHeader
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import record_notices, stock
from tests.widgets.waits import settle, written

pytestmark = pytest.mark.usefixtures("utc_local_time")

BANKS = ["Bank raises rates", "Central bank holds", "Harbour crane falls", "Bank of Ostria opens"]
OTHERS = ["Storm warning for the coast", "Library lends telescopes", "Bankside fair returns"]


def unread_titles(store: Store) -> set[str]:
    return {h.title for h in store.headlines(HeadlineQuery(unread_only=True), limit=1000)}


async def press_and_wait(pilot: object, app: NewsApp, *keys: str) -> None:
    await pilot.press(*keys)  # type: ignore[attr-defined]
    await written(pilot, app)  # type: ignore[arg-type]


async def test_under_a_search_only_the_matches_are_marked_and_undo_brings_them_back(
    tmp_path: Path, news_app: MakeApp
) -> None:
    config, store = stock(tmp_path / "n.db", [BANKS, OTHERS])
    app = news_app(config, store)
    notices = record_notices(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("slash", *"bank", "enter")
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 4)
        await press_and_wait(pilot, app, "A")
        # "bank" matches words starting with it (Bankside too), nothing else
        left = unread_titles(store)
        assert left == {
            "Harbour crane falls",
            "Storm warning for the coast",
            "Library lends telescopes",
        }
        assert notices[-1].startswith('4 headlines marked read (All headlines · search: "bank")')
        assert notices[-1].endswith("U: undo")
        assert app.main.query_one(TickerHeader).unread == 3
        await press_and_wait(pilot, app, "U")
        assert len(unread_titles(store)) == 7
        assert notices[-1].startswith("4 headlines unread again")
        await press_and_wait(pilot, app, "U")
        assert notices[-1].startswith("Nothing to undo")


async def test_source_tag_and_starred_filters_are_kept(tmp_path: Path, news_app: MakeApp) -> None:
    config, store = stock(
        tmp_path / "n.db", [BANKS, OTHERS], names=["World", "Local"], tags=[("w",), ("l",)]
    )
    starred = [h for h in store.headlines(limit=100) if h.title in {BANKS[0], OTHERS[0]}]
    for headline in starred:
        store.set_starred(headline.id, True)
    app = news_app(config, store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("3")  # starred: one of each source
        await pilot.pause()
        await pilot.press("T", "down", "down", "enter")  # (every tag), l, w: the tag w
        await pilot.pause()
        assert [h.title for h in app.main.headlines.headlines] == [BANKS[0]]
        await press_and_wait(pilot, app, "A")
        assert unread_titles(store) == set(BANKS[1:] + OTHERS)


async def test_above_a_screenful_it_asks_first(tmp_path: Path, news_app: MakeApp) -> None:
    many = [f"Wire story number {n}" for n in range(ASK_ABOVE + 5)]
    config, store = stock(tmp_path / "n.db", [many])
    app = news_app(config, store)
    notices = record_notices(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("A")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert f"Mark {ASK_ABOVE + 5} headlines read?" in app.screen.question
        await pilot.press("n")
        await settle(pilot, lambda: app.screen is app.main)
        await written(pilot, app)
        assert len(unread_titles(store)) == ASK_ABOVE + 5
        await pilot.press("A")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is app.main)
        await pilot.press("A")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await press_and_wait(pilot, app, "enter")
        assert unread_titles(store) == set()
        assert notices[-1].startswith(f"{ASK_ABOVE + 5} headlines marked read")


async def test_the_undo_key_can_be_remapped(tmp_path: Path, news_app: MakeApp) -> None:
    config, store = stock(tmp_path / "n.db", [BANKS], keymap={"undo_mark_all": "ctrl+z"})
    app = news_app(config, store)
    notices = record_notices(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await press_and_wait(pilot, app, "A")
        assert notices[-1].endswith("^z: undo")
        await press_and_wait(pilot, app, "U")
        assert unread_titles(store) == set()
        await press_and_wait(pilot, app, "ctrl+z")
        assert unread_titles(store) == set(BANKS)
