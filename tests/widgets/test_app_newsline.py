"""Tests the ticker app's headline list at common widths: whole headlines, follow mode, the pane."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from newstui.feeds.poller import PollOutcome
from newstui.models import FeedEntry
from newstui.ui.app import NewsApp, PollFinished
from newstui.ui.widgets.headline_list import HeadlineList
from tests.widgets.test_snapshots import NOW, TITLES, _NoNetwork, make_app

pytestmark = pytest.mark.usefixtures("utc_local_time")


def drawn_words(app: NewsApp) -> set[str]:
    widget = app.query_one(HeadlineList)
    height = widget.scrollable_content_region.height
    return {word for y in range(height) for word in widget.render_line(y).text.split()}


@pytest.mark.parametrize(
    ("width", "layout"), [(60, "newsline"), (100, "newsline"), (120, "newsline"), (200, "compact")]
)
async def test_every_word_of_every_headline_shows_where_the_list_is_narrow(
    tmp_path: Path, width: int, layout: str
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        widget = app.query_one(HeadlineList)
        assert widget.current_layout == layout  # "auto": News line under 100 cells of list
        if layout == "newsline":
            words = drawn_words(app)
            shown = [title for title in TITLES if set(title.split()) <= words]
            assert len(shown) >= 8  # the first screenful, whole, however narrow
            assert shown == TITLES[: len(shown)]
        await pilot.press("L")  # the other layout, on the reader's word
        await pilot.pause()
        assert widget.current_layout != layout


async def test_arrivals_at_the_top_never_change_the_open_article(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app._fetcher = _NoNetwork()  # type: ignore[assignment]
    async with app.run_test(size=(120, 30)) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.press("enter")  # open the newest, stay on it
        await pilot.pause(0.2)
        opened = app.reader.headline
        assert opened is not None and opened == widget.headlines[0]
        source = app.store.sources()[0]
        for batch in range(5):
            entry = FeedEntry(
                guid=f"late-{batch}",
                title=f"Late news number {batch} from the harbour",
                link=None,
                published=NOW + timedelta(minutes=batch + 1),
            )
            new = app.store.save_poll(source, [entry], NOW)
            app.post_message(PollFinished(PollOutcome(source=source, new=new)))
            await pilot.pause(0.4)  # the app gathers arrivals for 0.2 s
            assert widget.highlighted is not None
            assert widget.highlighted.title == entry.title  # followed, no key pressed
        assert app.reader.headline is not None and app.reader.headline.id == opened.id
        assert widget.new_count == 0
        words = drawn_words(app)
        for batch in range(5):
            assert f"{batch}" in words
        assert {"Late", "news", "number", "harbour"} <= words
