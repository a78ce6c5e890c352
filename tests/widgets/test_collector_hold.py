"""Tests that the filter bar holds Python's automatic garbage collection off from `/` to the paint
of the search Enter keeps (or Esc), at most HOLD_AT_MOST seconds, and turns on again only a
collector it turned off itself."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from newstui.ui.views import View
from newstui.ui.widgets import filter_bar
from newstui.ui.widgets.collector_hold import CollectorHold
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.test_filter_handover import TITLES, arrive_together
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    """Each test starts with the collector on and leaves it as it found it."""
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        (gc.enable if was else gc.disable)()


def test_a_hold_turns_on_only_what_it_turned_off() -> None:
    hold = CollectorHold()
    assert hold.hold() and not gc.isenabled() and hold.holding
    assert not hold.hold()  # held already
    hold.release()
    assert gc.isenabled() and not hold.holding
    gc.disable()  # as the ticker does until its first frame
    assert not hold.hold()
    hold.release()
    assert not gc.isenabled()


async def test_held_while_typing_and_until_the_search_is_shown(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [TITLES]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 5)
        column = app.main.column
        shown = column.show_view
        on_when_shown: list[bool] = []

        def show_view(view: View, *, keep_place: bool = False) -> None:
            on_when_shown.append(gc.isenabled())
            shown(view, keep_place=keep_place)

        column.show_view = show_view  # type: ignore[method-assign]
        arrive_together(app, "slash", "b", "a", "n", "k")
        await settle(pilot, lambda: column.filter_bar.value == "bank")
        assert not gc.isenabled()
        arrive_together(app, "enter")
        await settle(pilot, lambda: app.main.view.search == "bank" and gc.isenabled())
        assert on_when_shown and not any(on_when_shown)  # off while the rows were read and set
        assert [h.title for h in app.main.headlines.headlines] == TITLES[0:1] + TITLES[2:4]


async def test_esc_ends_the_hold(tmp_path: Path, news_app: MakeApp) -> None:
    app = news_app(*stock(tmp_path / "n.db", [TITLES]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 5)
        arrive_together(app, "slash", "h", "a")
        await settle(pilot, lambda: app.main.column.filter_bar.value == "ha")
        assert not gc.isenabled()
        arrive_together(app, "escape")
        await settle(pilot, lambda: gc.isenabled())
        assert not app.main.column.filter_shown


async def test_a_bar_left_open_holds_no_longer_than_the_limit(
    tmp_path: Path, news_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filter_bar, "HOLD_AT_MOST", 0.05)
    app = news_app(*stock(tmp_path / "n.db", [TITLES]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 5)
        arrive_together(app, "slash", "h")
        await settle(pilot, lambda: app.main.column.filter_bar.value == "h")
        await settle(pilot, lambda: gc.isenabled())
        assert app.main.column.filter_bar.has_focus  # still typing: the limit ended it


async def test_quitting_with_the_bar_open_turns_the_collector_on(
    tmp_path: Path, news_app: MakeApp
) -> None:
    app = news_app(*stock(tmp_path / "n.db", [TITLES]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 5)
        arrive_together(app, "slash", "h")
        await settle(pilot, lambda: app.main.column.filter_bar.value == "h")
        assert not gc.isenabled()
    assert gc.isenabled()
