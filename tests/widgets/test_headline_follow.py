"""Tests the headline list's follow mode: at the top on the newest, arrivals flow in, in view."""

from __future__ import annotations

from datetime import timedelta

import pytest

from newstui.ui.widgets.headline_list import HeadlineList
from tests.widgets.test_headline_list import (
    NOW,
    SIZE,
    ListApp,
    Recorder,
    headline,
    minutes_apart,
    screen_lines,
)

pytestmark = pytest.mark.usefixtures("utc_local_time")


async def test_five_batches_at_the_top_all_appear_and_the_highlight_follows() -> None:
    recorder = Recorder()
    app = ListApp(minutes_apart(40))
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        widget = app.query_one(HeadlineList)
        for batch in range(5):
            arrivals = [
                headline(100 + 2 * batch + n, NOW + timedelta(minutes=2 * batch + n + 1))
                for n in range(2)
            ]
            widget.add_headlines(arrivals)
            await pilot.pause()
            newest = arrivals[-1]
            assert widget.highlighted == newest  # the highlight stays on the newest
            assert widget.highlighted_index == 0
            assert round(widget.scroll_y) == 0
            assert f"Headline number {newest.id}" in screen_lines(widget)[0]
            assert widget.new_count == 0  # nothing went above the view
        lines = "\n".join(screen_lines(widget))
        for number in range(100, 110):  # every arrival is on screen
            assert f"Headline number {number}" in lines
        assert not recorder.of(HeadlineList.NewAbove)
        assert not recorder.of(HeadlineList.Opened)  # arrivals never open anything
