"""Tests the ticker's headline list at common widths: whole headlines, follow mode, the pane."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from newstui.feeds.poller import PollOutcome
from newstui.models import FeedEntry
from newstui.ui.app import NewsApp
from newstui.ui.messages import PollFinished
from newstui.ui.widgets.headline_list import HeadlineList
from newstui.ui.widgets.headline_paint import OPEN_SYMBOL
from tests.widgets.conftest import NOW
from tests.widgets.test_snapshots import TITLES, _NoNetwork, make_app
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")
__all__ = ["make_app"]  # the fixture, used by name below


def drawn_words(widget: HeadlineList) -> set[str]:
    """The words on screen; the open article's bar (OPEN_SYMBOL) before a title is no word."""
    height = widget.scrollable_content_region.height
    lines = (widget.render_line(y).text.replace(OPEN_SYMBOL, " ") for y in range(height))
    return {word for line in lines for word in line.split()}


def newest_is(widget: HeadlineList, title: str) -> Callable[[], bool]:
    return lambda: bool(widget.headlines) and widget.headlines[0].title == title


@pytest.mark.parametrize(
    ("width", "layout"), [(60, "newsline"), (100, "compact"), (120, "compact"), (200, "compact")]
)
async def test_every_word_of_every_headline_shows_where_the_list_is_narrow(
    make_app: Callable[[], NewsApp], width: int, layout: str
) -> None:
    """The list has the whole width until an article opens: News line under 100 cells of list,
    compact above. With an article open beside it (from 100 columns) the list is narrow again
    and wraps every headline in full."""
    app = make_app()
    async with app.run_test(size=(width, 40)) as pilot:
        widget = app.main.headlines
        await settle(pilot, lambda: len(widget.headlines) == len(TITLES))
        await pilot.pause()
        assert widget.current_layout == layout  # "auto": News line under 100 cells of list
        if layout == "newsline":
            assert_whole_headlines(widget)
        if 100 <= width < 200:
            await pilot.press("enter")  # the pane opens beside the list
            await settle(pilot, lambda: app.main.reader.headline is not None)
            await settle(pilot, lambda: widget.current_layout == "newsline")
            assert widget.size.width < 100
            assert_whole_headlines(widget)
            assert app.focused is widget  # Enter opens the article and leaves the list focused
        before = widget.current_layout
        await pilot.press("L")  # the other layout, on the reader's word
        await pilot.pause()
        assert widget.current_layout != before


def assert_whole_headlines(widget: HeadlineList) -> None:
    words = drawn_words(widget)
    shown = [title for title in TITLES if set(title.split()) <= words]
    assert len(shown) >= 8  # the first screenful, whole, however narrow
    assert shown == TITLES[: len(shown)]


async def test_arrivals_at_the_top_never_change_the_open_article(
    make_app: Callable[[], NewsApp],
) -> None:
    app = make_app()
    app._fetcher = _NoNetwork()  # type: ignore[assignment]
    async with app.run_test(size=(120, 30)) as pilot:
        main = app.main
        widget = main.headlines
        await settle(pilot, lambda: len(widget.headlines) == len(TITLES))
        await pilot.press("enter")  # open the newest, stay on it
        await settle(pilot, lambda: main.reader.headline is not None)
        opened = main.reader.headline
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
            main.post_message(PollFinished(PollOutcome(source=source, new=new)))
            await settle(pilot, newest_is(widget, entry.title))
            await pilot.pause()
            assert widget.highlighted is not None
            assert widget.highlighted.id == opened.id  # the article's row, moved down
            assert widget.scroll_y == 0  # news flows in at the top, shown
        assert main.reader.headline is not None and main.reader.headline.id == opened.id
        assert widget.new_count == 0
        words = drawn_words(widget)
        assert {"Late", "news", "number", "harbour", "0", "1", "2", "3", "4"} <= words
        await pilot.press("escape")  # closed: the highlight is on the row just read
        await settle(pilot, lambda: not main.reading)
        assert widget.highlighted is not None and widget.highlighted.id == opened.id


@pytest.mark.parametrize("down", [1, 2, 3, 5])
async def test_opening_an_article_never_leaves_a_cut_headline_at_the_top(
    make_app: Callable[[], NewsApp], down: int
) -> None:
    """The pane opening narrows the list (compact to News line): the highlighted headline stays
    on screen and the first line shown is a headline's first line, not the tail of one."""
    app = make_app()
    async with app.run_test(size=(120, 16)) as pilot:  # a list shorter than its headlines
        widget = app.main.headlines
        await settle(pilot, lambda: len(widget.headlines) == len(TITLES))
        await pilot.press(*["down"] * down, "enter")
        await settle(pilot, lambda: widget.current_layout == "newsline")
        await pilot.pause()
        lines, top = widget._lines, round(widget.scroll_y)
        assert lines.top_of(lines.index_at(top)) == top
        head = lines.head_of(widget.highlighted_index)
        assert top <= head < top + widget.scrollable_content_region.height
