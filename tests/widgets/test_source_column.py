"""Pilot: the compact layout's source column is as wide as the names shown need from 120 columns
on (within a cap; CJK and emoji count two cells), follows names that arrive, go or change, and
stays at 16 cells at 100 columns; the real app on a real store shows names whole at 200."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from newstui.models import Headline
from newstui.ui.widgets.cells import ELLIPSIS, row_cells
from newstui.ui.widgets.headline_list import HeadlineList
from newstui.ui.widgets.source_column import column_cells
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.test_headline_list import NOW, ListApp, headline, screen_lines
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

LONG_NAMES = ["Everything Typeset Daily", "Loud Thinking by DHH", "東京新聞ニュース"]
"""24 cells, 20 cells, and 8 wide characters: 16 cells that Python counts as 8."""


def rows(count: int, source: str, start: int = 1) -> list[Headline]:
    return [
        headline(start + n, NOW - timedelta(minutes=n + start), source=source) for n in range(count)
    ]


def title_x(widget: HeadlineList) -> int:
    width = widget.scrollable_content_region.width
    return widget._paint.compact_title_x(width, widget.source_width)


@pytest.mark.parametrize("width", [120, 200])
async def test_names_are_whole_at_120_and_200_columns(
    news_app: MakeApp, tmp_path: Path, width: int
) -> None:
    titles = [[f"Story {n} of desk {d}" for n in range(6)] for d in range(3)]
    config, store = stock(tmp_path / "db.sqlite", titles, names=LONG_NAMES, stories=False)
    app = news_app(config, store)
    async with app.run_test(size=(width, 30)) as pilot:
        widget = app.main.headlines
        await settle(pilot, lambda: len(widget.headlines) >= 18)
        assert widget.current_layout == "compact"
        assert widget.source_width == 24
        lines = "\n".join(screen_lines(widget))
        for name in LONG_NAMES:
            assert name in lines
        assert ELLIPSIS not in lines
        x = title_x(widget)
        story_lines = [line for line in screen_lines(widget) if "Story" in line]
        # Every title starts in one column, right after the widest name and a space.
        assert all(row_cells(line[: line.index("Story")]) == x for line in story_lines)


async def test_at_100_columns_the_column_stays_16_cells(news_app: MakeApp, tmp_path: Path) -> None:
    titles = [[f"Story {n} of desk {d}" for n in range(4)] for d in range(3)]
    config, store = stock(tmp_path / "db.sqlite", titles, names=LONG_NAMES, stories=False)
    app = news_app(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        widget = app.main.headlines
        await settle(pilot, lambda: len(widget.headlines) >= 12)
        assert widget.source_width == 16
        assert "Everything Type" + ELLIPSIS in "\n".join(screen_lines(widget))


async def test_the_column_follows_names_that_arrive_change_and_go() -> None:
    app = ListApp(rows(5, "Wire"), layout="compact")
    async with app.run_test(size=(200, 20)) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.pause()
        assert widget.source_width == 16  # short names: as narrow as at 100 columns
        first_x = title_x(widget)
        widget.add_headlines(rows(1, "A much longer source name here", start=50))
        await pilot.pause()
        assert widget.source_width == 30
        assert title_x(widget) == first_x + 14
        lines = screen_lines(widget)
        assert any("A much longer source name here Headline number 50" in line for line in lines)
        x = title_x(widget)
        assert all(line[x:].startswith("Headline") for line in lines if "Head" in line)
        renamed = replace(widget._timeline.get(50), source_name="Wire 2")  # type: ignore[type-var]
        widget.update_headline(renamed)
        await pilot.pause()
        assert widget.source_width == 16
        assert title_x(widget) == first_x
        widget.add_headlines(rows(1, "🦊" * 14, start=60))  # 28 cells, 14 code points
        await pilot.pause()
        assert widget.source_width == 28
        widget.set_headlines(rows(3, "Wire"))
        await pilot.pause()
        assert widget.source_width == 16


def test_the_cap_grows_with_the_width_and_narrow_widths_keep_16() -> None:
    assert column_cells(100, 60) == 16
    assert column_cells(80, 60) == 13
    assert column_cells(110, 60) == 24
    assert column_cells(109, 60) == 16
    assert column_cells(168, 60) == 33
    assert column_cells(198, 60) == 39
    assert column_cells(200, 60) == 40
    assert column_cells(200, 38) == 38
    assert column_cells(200, 3) == 16


async def test_a_resize_past_120_columns_widens_the_column_and_back() -> None:
    app = ListApp(rows(5, "A much longer source name here"), layout="compact")
    async with app.run_test(size=(100, 20)) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.pause()
        assert widget.source_width == 16
        await pilot.resize_terminal(200, 20)
        await pilot.pause()
        assert widget.source_width == 30
        assert widget._lines.kind == "compact:30"  # heights measured for this column
        lines = screen_lines(widget)
        assert any("A much longer source name here Headline number 1" in line for line in lines)
        await pilot.resize_terminal(100, 20)
        await pilot.pause()
        assert widget.source_width == 16 and widget._lines.kind == "compact:16"
