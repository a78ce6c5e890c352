"""Tests that the headline list, trimmed to max_rows while news arrives above a reader far down,
keeps enough rows below the screen not to ask for older ones (each ask is a read of a page on
the interface's thread, and the next trim dropped what it read)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from newstui.ui.widgets.headline_list import KEPT_PAGES, HeadlineList
from tests.widgets.test_headline_list import NOW, SIZE, ListApp, Recorder, headline, minutes_apart

pytestmark = pytest.mark.usefixtures("utc_local_time")


async def test_arrivals_above_a_reader_at_the_cap_trim_without_asking_for_older() -> None:
    recorder = Recorder()
    app = ListApp(minutes_apart(200, start=1000), max_rows=200, layout="compact")
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        widget = app.query_one(HeadlineList)
        oldest = widget.headlines[-1].published
        widget.extend_older([headline(n, oldest - timedelta(minutes=n)) for n in range(1, 101)])
        widget.highlighted_index = 150  # the reader far down, away from the list's end
        await pilot.pause()
        reading = widget.highlighted
        assert reading is not None
        recorder.messages.clear()
        newest = NOW
        for batch in range(4):  # news above, as polls of a round bring it
            newest += timedelta(minutes=60)
            widget.add_headlines(
                [headline(5000 + batch * 100 + n, newest - timedelta(minutes=n)) for n in range(60)]
            )
            await pilot.pause()
        assert widget.highlighted == reading  # the reader's place is kept
        assert 200 < len(widget.headlines) < 300 + 4 * 60  # trimmed, to pages below the screen
        below = len(widget.headlines) - 1 - widget.highlighted_index
        assert below >= (KEPT_PAGES - 1) * widget.scrollable_content_region.height
        assert not recorder.of(HeadlineList.NeedOlder)
