"""Pilot: the compact layout at full width shows whole headlines. A title longer than its column
goes on under it, in the title's column, and the rows stay one per headline for keys, clicks,
paging and follow mode; a story's "+N sources" comes after its title, so every title starts in
the one column."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from newstui.models import FeedEntry
from newstui.ui.app import NewsApp
from newstui.ui.widgets.cells import ELLIPSIS
from newstui.ui.widgets.headline_list import HeadlineList
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.stock import stock
from tests.widgets.test_headline_list import screen_lines
from tests.widgets.test_story_rows import STORY
from tests.widgets.test_story_rows import newsroom as story_newsroom
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

LONG = (
    "Regional transport authority confirms that the long-delayed harbour tunnel will open "
    "to buses and cyclists next spring, after a decade of disputes over its cost and route"
)
"""169 characters: longer than the title column at 100, 120 and 200 columns (a kind of title
2.5-5.5 % of the shared corpus's are between 100 and ~167 columns)."""
SHORT = [f"Short headline number {n}" for n in range(40)]
WIDTHS = (100, 120, 200)


def titles_at(width: int) -> list[list[str]]:
    """Two desks: the newest headline of the first is LONG, the rest short."""
    return [[LONG, *SHORT[:20]], SHORT[20:]]


async def compact_list(pilot: object, app: NewsApp) -> HeadlineList:
    widget = app.main.headlines
    await settle(pilot, lambda: len(widget.headlines) > 10)  # type: ignore[arg-type]
    assert widget.current_layout == "compact"
    return widget


def title_x(widget: HeadlineList) -> int:
    width = widget.scrollable_content_region.width
    return widget._paint.compact_title_x(width, widget.source_width)


@pytest.mark.parametrize("width", WIDTHS)
async def test_a_long_title_goes_on_under_itself_in_the_title_column(
    news_app: MakeApp, tmp_path: Path, width: int
) -> None:
    config, store = stock(tmp_path / "db.sqlite", titles_at(width), stories=False)
    app = news_app(config, store)
    async with app.run_test(size=(width, 30)) as pilot:
        widget = await compact_list(pilot, app)
        lines = screen_lines(widget)
        x = title_x(widget)
        index = next(n for n, line in enumerate(lines) if line[x:].startswith("Regional"))
        own = [lines[index]]
        for line in lines[index + 1 :]:
            if line[:x].strip():  # the next headline's row: marks, time, source
                break
            own.append(line)
        assert len(own) >= 2 if width < 200 else len(own) >= 1
        assert " ".join(line[x:].strip() for line in own) == LONG  # whole, word for word
        assert ELLIPSIS not in "".join(own)
        assert all(line[x] != " " for line in own)  # every line in the title's column


@pytest.mark.parametrize("width", (100, 120))
async def test_keys_clicks_and_pages_go_by_headline_over_a_wrapped_row(
    news_app: MakeApp, tmp_path: Path, width: int
) -> None:
    config, store = stock(tmp_path / "db.sqlite", titles_at(width), stories=False)
    app = news_app(config, store)
    async with app.run_test(size=(width, 20)) as pilot:
        widget = await compact_list(pilot, app)
        assert widget.headlines[0].title == LONG and widget.highlighted_index == 0
        height = widget._lines.height_of(0)
        assert height >= 2
        await pilot.press("j")  # over the whole wrapped row, to the next headline
        assert widget.highlighted_index == 1
        assert widget._lines.head_of(1) == height
        await pilot.press("k")
        assert widget.highlighted_index == 0
        await pilot.click(widget, offset=(title_x(widget) + 2, 5))  # another row
        await pilot.pause()
        clicked = widget.highlighted_index
        assert clicked > 0
        await pilot.click(widget, offset=(title_x(widget) + 2, 1))  # the long title's 2nd line
        await pilot.pause()
        assert widget.highlighted_index == 0
        await pilot.press("escape")  # the click on the highlighted row opened it
        await pilot.pause()
        widget.focus()
        await pilot.press("pagedown", "pagedown", "G")
        await pilot.pause()
        assert widget.highlighted_index == len(widget.headlines) - 1
        last = screen_lines(widget)[-1]
        assert widget.headlines[-1].title in last  # the last row, whole, at the bottom
        await pilot.press("g")
        await pilot.pause()
        assert widget.highlighted_index == 0 and round(widget.scroll_y) == 0
        assert screen_lines(widget)[0][title_x(widget) :].startswith("Regional")


async def test_in_follow_mode_a_long_arrival_enters_whole_at_the_top(
    news_app: MakeApp, tmp_path: Path
) -> None:
    config, store = stock(tmp_path / "db.sqlite", [SHORT[:20]], stories=False)
    app = news_app(config, store)
    async with app.run_test(size=(100, 20)) as pilot:
        widget = await compact_list(pilot, app)
        assert widget.following
        newest = widget.headlines[0]
        source = store.sources()[0]
        entry = FeedEntry("long", LONG, "http://127.0.0.1:9/long", NOW + timedelta(minutes=1))
        app.main.column.add_arrivals(store.save_poll(source, [entry], NOW))
        await settle(pilot, lambda: widget.headlines[0].title == LONG)
        await pilot.pause()
        assert widget.following and widget.highlighted is not None
        assert widget.highlighted.title == LONG
        lines = screen_lines(widget)
        x = title_x(widget)
        height = widget._lines.height_of(0)
        assert height >= 2
        assert " ".join(line[x:].strip() for line in lines[:height]) == LONG
        assert newest.title in lines[height]  # the old newest right under it


@pytest.mark.parametrize("width", (70, 100, 120, 200))
async def test_a_story_rows_title_starts_in_the_title_column_and_its_mark_follows(
    news_app: MakeApp, tmp_path: Path, width: int
) -> None:
    app = news_app(*story_newsroom(tmp_path))
    async with app.run_test(size=(width, 30)) as pilot:
        widget = app.main.headlines
        await settle(pilot, lambda: len(widget.headlines) >= 2)
        await pilot.pause()
        if widget.current_layout != "compact":
            await pilot.press("L")
            await pilot.pause()
        x = title_x(widget)
        lines = screen_lines(widget)
        assert lines[0][x:].startswith(STORY[-1])  # the story's row, in line with the others
        assert all(line[x] != " " for line in lines[1:5] if line.strip())
        mark = "+2 sources" if width >= 100 else "+2"
        assert lines[0][x:].rstrip().endswith(STORY[-1] + "  " + mark)


LONG_MEMBER = (
    "Track worker struck and killed by a Metro-North train near the East Harlem viaduct early "
    "on Friday, the MTA says, as unions demand an inquiry into night work"
)


@pytest.mark.parametrize("width", (60, 100, 120))
async def test_an_expanded_storys_long_headline_goes_on_under_its_title_too(
    news_app: MakeApp, tmp_path: Path, width: int
) -> None:
    config, store = story_newsroom(tmp_path)
    member = next(h for h in store.headlines(limit=50) if h.title == STORY[1])
    with closing(sqlite3.connect(tmp_path / "stories.db")) as db, db:  # as a feed titled it
        db.execute("UPDATE items SET title = ? WHERE id = ?", (LONG_MEMBER, member.id))
    app = news_app(config, store)
    async with app.run_test(size=(width, 40)) as pilot:
        widget = app.main.headlines
        await settle(pilot, lambda: len(widget.headlines) >= 2 and app.main.polling.sources)
        await pilot.pause(0.3)  # the config's sources synced: the view read again
        await pilot.press("e")
        await settle(pilot, lambda: widget.is_expanded(widget.headlines[0]))
        row = widget.headlines[0]
        await pilot.pause()
        heights = widget.member_heights(row, widget.scrollable_content_region.width)
        assert heights[0] >= 2 and (heights[1] == 1 or width < 100)
        lines = screen_lines(widget)
        start = next(n for n, line in enumerate(lines) if "↳ Track worker" in line)
        x = lines[start].index("Track worker")
        shown = " ".join(line[x:].strip() for line in lines[start : start + heights[0]])
        assert shown == LONG_MEMBER  # whole, under its own start
        assert "↳" in lines[start + heights[0]]  # the next headline of the story right after
        await pilot.press("j")
        assert widget.highlighted is not None and widget.highlighted.title == LONG_MEMBER
        await pilot.press("j")
        assert widget.highlighted.title == STORY[0]
        await pilot.press("j")
        assert widget.highlighted_row is not widget.headlines[0]  # past the story
        await pilot.click(widget, offset=(x + 2, start + 1))  # the long one's second line
        await pilot.pause()
        assert widget.highlighted.title == LONG_MEMBER
