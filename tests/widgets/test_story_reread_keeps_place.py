"""Pilot: the stories read again (a backlog's placing re-reads the rows every few seconds) keep
the reader's highlight on its story's row, on screen, where the story got a newer headline
meanwhile: the highlight fell to the newest row, scrolled out of sight, and the keys seemed to
do nothing (app_speed's 5,000-source run, "no highlighted row")."""

from __future__ import annotations

from datetime import timedelta

import pytest

from newstui.models import StoryRow
from newstui.ui.widgets.headline_list import HeadlineList
from tests.widgets.test_headline_list import NOW, ListApp, headline

pytestmark = pytest.mark.usefixtures("utc_local_time")

ROWS = [headline(n, NOW - timedelta(minutes=n)) for n in range(1, 60)]


def read_again(newer_of: int) -> list[StoryRow]:
    """The rows as a re-read gives them once story `newer_of` has a newer headline (id 1000,
    a source's later report of it, placed since): that headline is the story's row now."""
    newer = headline(1000, NOW - timedelta(minutes=newer_of, seconds=-30), story=newer_of)
    return [StoryRow(newer, 2, 2) if h.id == newer_of else StoryRow(h) for h in ROWS]


async def test_a_reread_keeps_the_highlighted_story_on_its_row() -> None:
    app = ListApp([])
    async with app.run_test(size=(100, 20)) as pilot:
        lst = app.query_one(HeadlineList)
        lst.set_stories([StoryRow(h) for h in ROWS])
        await pilot.pause()
        for _ in range(30):
            await pilot.press("down")
        assert lst.highlighted is not None and lst.highlighted.id == 31
        scrolled = lst.scroll_y
        lst.set_stories(read_again(31))
        await pilot.pause()
        assert lst.highlighted is not None and lst.highlighted.story_id == 31
        assert lst.highlighted_index == 30 and lst.scroll_y == scrolled  # still on screen
        assert lst.story_row(31) == StoryRow(ROWS[30], 2, 2)  # the story's new size shows
        await pilot.press("down")
        assert lst.highlighted is not None and lst.highlighted.id == 32


async def test_in_follow_mode_the_newer_headline_takes_the_row() -> None:
    app = ListApp([])
    async with app.run_test(size=(100, 20)) as pilot:
        lst = app.query_one(HeadlineList)
        lst.set_stories([StoryRow(h) for h in ROWS])
        await pilot.pause()
        assert lst.following
        lst.set_stories(read_again(1))
        await pilot.pause()
        assert lst.highlighted is not None and lst.highlighted.id == 1000
