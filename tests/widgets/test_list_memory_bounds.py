"""Tests that the headline list's own state stays within its bounds while news flows through it:
a ticker left open for days drops its oldest row at each arrival past max_rows, and whatever it
kept about a dropped row (its story's row and mark, its measured lines) must go with it, else
the ticker's memory grows by a headline's worth per headline (benchmarks/ui_soak.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from newstui.models import StoryRow
from newstui.ui.widgets.headline_list import KEPT_PAGES, HeadlineList
from newstui.ui.widgets.line_map import LineMap
from newstui.ui.widgets.timeline import Timeline
from tests.widgets.test_headline_list import NOW, ListApp, headline, minutes_apart

pytestmark = pytest.mark.usefixtures("utc_local_time")


async def test_story_rows_of_dropped_headlines_are_forgotten() -> None:
    app = ListApp([], max_rows=50, layout="newsline")
    async with app.run_test(size=(100, 20)) as pilot:
        lst = app.query_one(HeadlineList)
        for batch in range(30):  # 300 stories, each with a mark, arriving at the top
            rows = [
                StoryRow(headline(batch * 10 + n, NOW + timedelta(minutes=batch * 10 + n)), 2, 2)
                for n in range(10)
            ]
            lst.add_story_rows(rows)
            if batch % 10 == 9:
                await pilot.pause()
        held = {h.id for h in lst.headlines}
        assert len(held) == 50
        assert set(lst._rows) <= held
        assert set(lst._story_marks) <= held
        assert set(lst._row_of_story.values()) <= held
        assert lst.story_row(299) == StoryRow(lst.headlines[0], 2, 2)  # the newest still known


def test_line_map_forgets_measurements_of_dropped_headlines() -> None:
    timeline = Timeline()
    lines = LineMap(timeline)
    lines.configure(uniform=False, width=80, kind="newsline")
    keep = 50
    for n in range(5000):  # each arrival measured on screen, the oldest dropped
        timeline.merge([headline(n, NOW + timedelta(minutes=n))])
        lines.record({0: 2})
        timeline.drop_tail(keep)
        assert len(lines._measured) <= 2 * keep + 1024 + 1
    assert lines.total >= keep * 2  # the held ones' measurements are kept


async def test_a_place_left_below_the_news_gives_way_at_twice_max_rows() -> None:
    app = ListApp(minutes_apart(100), max_rows=50, layout="compact")
    async with app.run_test(size=(100, 20)) as pilot:
        lst = app.query_one(HeadlineList)
        await pilot.press("j", "j")  # a reader's place, left there: arrivals go above it
        place = lst.highlighted
        assert place is not None and not lst.following
        page = lst.scrollable_content_region.height
        longest = 0
        for n in range(400):  # a day's news for a reader away
            lst.add_headlines([headline(1000 + n, NOW + timedelta(minutes=n + 1))])
            longest = max(longest, len(lst.headlines))
            if n == 40:
                assert lst.highlighted == place  # the place is kept while news arrives above
                assert lst.new_count == 41
            if n % 50 == 49:
                await pilot.pause()
        assert longest <= 2 * 50 + KEPT_PAGES * page  # before: every arrival kept (422)
        assert len(lst.headlines) <= 50 + KEPT_PAGES * page
        assert lst.following and lst.new_count == 0  # the place gave way: the newest again
        assert lst.highlighted == lst.headlines[0]


async def test_a_place_deep_in_older_headlines_is_kept_when_news_arrives() -> None:
    """The place gives way to arrivals above it, not to its depth: a reader who paged back
    through more than twice max_rows of older headlines is not sent to the top by the next one."""
    app = ListApp(minutes_apart(50), max_rows=50, layout="compact")
    async with app.run_test(size=(100, 20)) as pilot:
        lst = app.query_one(HeadlineList)
        oldest = lst.headlines[-1].published
        lst.extend_older([headline(100 + n, oldest - timedelta(minutes=n)) for n in range(1, 201)])
        lst.highlighted_index = 180  # deep in what the reader paged in
        await pilot.pause()
        place = lst.highlighted
        assert place is not None
        for n in range(3):
            lst.add_headlines([headline(1000 + n, NOW + timedelta(minutes=n + 1))])
            await pilot.pause()
        assert lst.highlighted == place and not lst.following


async def test_the_drawn_rows_kept_are_a_few_screens_not_thousands() -> None:
    app = ListApp(minutes_apart(3000), max_rows=5000, layout="compact")
    async with app.run_test(size=(100, 40)) as pilot:
        lst = app.query_one(HeadlineList)
        await pilot.pause()
        page, width = lst.scrollable_content_region.height, lst.scrollable_content_region.width
        for index in range(3000):  # every row drawn once, as paging through the list does
            lst._block(index, width)
        assert len(lst._blocks) <= 16 * page  # before: 2,048 (17 MiB at 100 columns)
        last_screen = [lst._block(index, width) for index in range(3000 - page, 3000)]
        again = [lst._block(index, width) for index in range(3000 - page, 3000)]
        assert all(a is b for a, b in zip(again, last_screen, strict=True))  # still kept
