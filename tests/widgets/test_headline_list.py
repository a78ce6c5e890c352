"""Tests the headline list widget and its timeline: navigation, live inserts, safety, caps."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.message import Message

from newstui.models import Headline
from newstui.ui.widgets.cells import fit
from newstui.ui.widgets.headline_list import HeadlineList
from newstui.ui.widgets.timefmt import day_label, time_column_width
from newstui.ui.widgets.timeline import Timeline, sort_key

NOW = datetime(2026, 11, 27, 9, 53, tzinfo=UTC)
SIZE = (100, 30)


pytestmark = pytest.mark.usefixtures("utc_local_time")


def headline(
    number: int,
    published: datetime,
    title: str | None = None,
    source: str = "Wire",
    **changes: Any,
) -> Headline:
    return Headline(
        id=number,
        source_id=1,
        source_name=source,
        guid=f"g{number}",
        title=title if title is not None else f"Headline number {number}",
        link=f"http://127.0.0.1/{number}",
        published=published,
        **changes,
    )


def minutes_apart(count: int, start: int = 1) -> list[Headline]:
    """`count` headlines one minute apart, newest (id start+count-1) first... by time."""
    return [headline(start + n, NOW - timedelta(minutes=count - n)) for n in range(count)]


class ListApp(App[None]):
    def __init__(self, headlines: Sequence[Headline], **options: Any) -> None:
        super().__init__()
        self.initial = headlines
        self.options = options

    def compose(self) -> ComposeResult:
        yield HeadlineList(**self.options)

    def on_mount(self) -> None:
        widget = self.query_one(HeadlineList)
        widget.set_headlines(self.initial)
        widget.focus()


class Recorder:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    def __call__(self, message: Message) -> None:
        # The hook sees a message at every node it bubbles through: keep it once.
        if not any(message is seen for seen in self.messages):
            self.messages.append(message)

    def of(self, kind: type[Message]) -> list[Any]:
        return [message for message in self.messages if isinstance(message, kind)]


def screen_lines(widget: HeadlineList) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.scrollable_content_region.height)]


def screen_row(widget: HeadlineList) -> int:
    """Where the highlight is drawn, counted from the top of the widget."""
    return widget._timeline.row_of(widget.highlighted_index) - round(widget.scroll_y)


# -- keyboard -------------------------------------------------------------------------------


async def test_keys_move_the_highlight() -> None:
    app = ListApp(minutes_apart(200))
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        assert widget.highlighted_index == 0
        await pilot.press("j", "j", "down")
        assert widget.highlighted_index == 3
        await pilot.press("k", "up")
        assert widget.highlighted_index == 1
        page = widget.scrollable_content_region.height
        await pilot.press("pagedown")
        assert widget.highlighted_index == 1 + page
        assert round(widget.scroll_y) == page  # the highlight kept its screen row
        await pilot.press("pageup")
        assert widget.highlighted_index == 1
        await pilot.press("G")
        assert widget.highlighted_index == 199
        assert widget.highlighted == widget.headlines[-1]
        assert round(widget.scroll_y) == widget.max_scroll_y
        await pilot.press("g")
        assert (widget.highlighted_index, round(widget.scroll_y)) == (0, 0)
        await pilot.press("end")
        assert widget.highlighted_index == 199
        await pilot.press("home")
        assert widget.highlighted_index == 0
        await pilot.press("k")  # already at the top: stays
        assert widget.highlighted_index == 0


async def test_highlight_scrolls_into_view() -> None:
    app = ListApp(minutes_apart(100))
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        page = widget.scrollable_content_region.height
        for _ in range(page + 5):
            await pilot.press("j")
        assert 0 <= screen_row(widget) < page
        assert round(widget.scroll_y) > 0
        lines = screen_lines(widget)
        assert widget.highlighted is not None
        assert widget.highlighted.title in lines[screen_row(widget)]


async def test_day_separators_are_drawn_and_skipped() -> None:
    # Three headlines on 27 November, three on 26 November, one on 24 November.
    stamps = [
        NOW,
        NOW - timedelta(hours=1),
        NOW - timedelta(hours=2),
        NOW - timedelta(days=1),
        NOW - timedelta(days=1, hours=1),
        NOW - timedelta(days=1, hours=2),
        NOW - timedelta(days=3),
    ]
    items = [headline(number, stamp) for number, stamp in enumerate(stamps, 1)]
    recorder = Recorder()
    app = ListApp(items)
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        widget = app.query_one(HeadlineList)
        lines = screen_lines(widget)
        assert "Headline number 1" in lines[0]  # no separator above the newest day
        assert lines[3].startswith("── Thursday 26 November 2026 ──")
        assert lines[7].startswith("── Tuesday 24 November 2026 ──")
        assert "Headline number 4" in lines[4]
        assert widget.virtual_size.height == 9  # 6 headlines, 3 day separators
        await pilot.press("j", "j", "j")  # third headline of the day -> first of the next
        assert widget.highlighted_index == 3
        assert screen_row(widget) == 4  # the separator row was skipped
        await pilot.press("j", "j", "j")
        assert widget.highlighted == items[6]
        # A click on a separator row neither highlights nor opens anything.
        await pilot.click(HeadlineList, offset=(10, 3))
        await pilot.pause()
        assert widget.highlighted == items[6]
        assert not recorder.of(HeadlineList.Opened)


def test_day_label_has_no_zero_padding() -> None:
    assert day_label(date(2026, 12, 4)) == "Friday 4 December 2026"


# -- opening --------------------------------------------------------------------------------


async def test_enter_and_double_click_open_the_right_headline() -> None:
    items = minutes_apart(20)
    recorder = Recorder()
    app = ListApp(items)
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        opened = recorder.of(HeadlineList.Opened)
        assert [message.headline for message in opened] == [widget.headlines[2]]

        await pilot.click(HeadlineList, offset=(40, 6))  # one click: highlight only
        await pilot.pause()
        assert widget.highlighted_index == 6
        assert len(recorder.of(HeadlineList.Opened)) == 1
        highlighted = recorder.of(HeadlineList.Highlighted)
        assert highlighted[-1].headline == widget.headlines[6]

        await pilot.click(HeadlineList, offset=(40, 9), times=2)  # double click: one open
        await pilot.pause()
        opened = recorder.of(HeadlineList.Opened)
        assert [message.headline for message in opened] == [
            widget.headlines[2],
            widget.headlines[9],
        ]

        await pilot.click(HeadlineList, offset=(40, 9))  # click on the highlight opens it
        await pilot.pause()
        assert len(recorder.of(HeadlineList.Opened)) == 3


# -- the live rule --------------------------------------------------------------------------


async def test_news_arriving_keeps_the_highlight_and_its_screen_row() -> None:
    items = minutes_apart(40)
    recorder = Recorder()
    app = ListApp(items)
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.press("j", "j", "j", "j")
        fifth = widget.highlighted
        assert fifth == widget.headlines[4]
        assert screen_row(widget) == 4
        before = screen_lines(widget)

        newer = [headline(100 + n, NOW + timedelta(minutes=n + 1)) for n in range(3)]
        widget.add_headlines(newer)
        await pilot.pause()

        assert widget.highlighted == fifth
        assert widget.highlighted_index == 7
        assert screen_row(widget) == 4
        assert round(widget.scroll_y) == 3
        assert screen_lines(widget) == before  # nothing on screen moved
        assert [message.count for message in recorder.of(HeadlineList.NewAbove)] == [3]
        assert widget.new_count == 3

        widget.jump_to_newest()
        await pilot.pause()
        assert widget.highlighted == newer[-1]
        assert (widget.highlighted_index, round(widget.scroll_y)) == (0, 0)
        assert [message.count for message in recorder.of(HeadlineList.NewAbove)] == [3, 0]
        assert "Headline number 102" in screen_lines(widget)[0]


async def test_scrolling_up_to_the_new_rows_clears_the_count() -> None:
    recorder = Recorder()
    app = ListApp(minutes_apart(40))
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.press("j", "j")
        widget.add_headlines([headline(100 + n, NOW + timedelta(minutes=n + 1)) for n in range(3)])
        await pilot.pause()
        assert widget.new_count == 3
        await pilot.press("k", "k", "k")  # highlight reaches the top of the viewport and beyond
        await pilot.pause()
        counts = [message.count for message in recorder.of(HeadlineList.NewAbove)]
        assert counts[0] == 3
        assert counts[-1] == widget.new_count
        assert widget.new_count < 3
        await pilot.press("k", "k")
        await pilot.pause()
        assert widget.new_count == 0
        assert recorder.of(HeadlineList.NewAbove)[-1].count == 0


async def test_at_the_top_on_the_newest_row_news_slides_in_and_is_followed() -> None:
    recorder = Recorder()
    app = ListApp(minutes_apart(40))
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        widget = app.query_one(HeadlineList)
        newer = [headline(100 + n, NOW + timedelta(minutes=n + 1)) for n in range(2)]
        widget.add_headlines(newer)
        await pilot.pause()
        assert widget.highlighted == newer[-1]  # follow mode: on the newest
        assert widget.following
        assert round(widget.scroll_y) == 0
        lines = screen_lines(widget)
        assert "Headline number 101" in lines[0]
        assert lines[0].startswith("✦")  # the "just arrived" mark
        assert lines[1].startswith("✦")
        assert lines[2].startswith("•")  # unread, arrived before
        assert not recorder.of(HeadlineList.NewAbove)  # nothing hidden above
        moved = recorder.of(HeadlineList.Highlighted)
        assert [(message.headline, message.following) for message in moved][-1] == (
            newer[-1],
            True,
        )
        assert not recorder.of(HeadlineList.Opened)


async def test_fresh_mark_expires() -> None:
    app = ListApp(minutes_apart(10), fresh_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        widget.add_headlines([headline(100, NOW + timedelta(minutes=1))])
        assert screen_lines(widget)[0].startswith("✦")
        for _ in range(50):
            await pilot.pause(0.02)
            if not screen_lines(widget)[0].startswith("✦"):
                break
        assert screen_lines(widget)[0].startswith("•")  # no longer just arrived, still unread


async def test_interleaved_and_duplicate_inserts_land_in_time_order() -> None:
    items = minutes_apart(10)
    app = ListApp(items)
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.press("j", "j", "j")
        highlighted = widget.highlighted
        middle = headline(50, items[5].published + timedelta(seconds=30))
        old = headline(51, NOW - timedelta(days=2))
        widget.add_headlines([old, middle, items[0], middle])  # items[0] and middle twice
        await pilot.pause()
        held = list(widget.headlines)
        assert len(held) == 12
        assert held == sorted(held, key=lambda item: (item.published, item.id), reverse=True)
        assert held.index(middle) == 4
        assert held[-1] == old
        assert widget.highlighted == highlighted
        assert widget.new_count == 0  # both landed below the viewport's top


# -- untrusted text -------------------------------------------------------------------------


async def test_markup_in_titles_and_sources_renders_literally() -> None:
    nasty = [
        headline(1, NOW, "[bold red]x[/]"),
        headline(2, NOW - timedelta(minutes=1), "[@click=app.quit]click me[/]"),
        headline(3, NOW - timedelta(minutes=2), "closing [/] only", source="[b]Src[/b]"),
        headline(4, NOW - timedelta(minutes=3), "bell\x07 and escape \x1b[31m here"),
    ]
    app = ListApp(nasty)
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.pause()
        lines = screen_lines(widget)
        assert "[bold red]x[/]" in lines[0]
        assert "[@click=app.quit]click me[/]" in lines[1]
        assert "[b]Src[/b]" in lines[2]
        assert "closing [/] only" in lines[2]
        assert "\x1b" not in lines[3] and "\x07" not in lines[3]
        assert "bell and escape here" in lines[3]  # sequences go whole, parameters too
        await pilot.press("j", "j", "j")  # the cursor off the rows compared below

        def title_style(y: int, title: str) -> object:
            return next(seg.style for seg in widget.render_line(y) if seg.text.startswith(title))

        # "[bold red]" changed nothing: styled exactly like a plain unread title.
        assert title_style(0, "[bold red]x[/]") == title_style(2, "closing [/] only")
        await pilot.click(HeadlineList, offset=(60, 1), times=2)
        await pilot.pause()
        assert app.is_running  # the @click text is not an action


async def test_wide_titles_stay_within_the_row() -> None:
    """Compact rows wrap wide titles under their column, each line within the width, the
    longest cut after MAX_TITLE_LINES lines (a hostile length) with "…"."""
    cjk = "日本語のニュース見出し" * 20
    emoji = "🚀🔥" * 60
    app = ListApp([headline(1, NOW, cjk), headline(2, NOW - timedelta(minutes=1), emoji)])
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.pause()
        width = widget.scrollable_content_region.width
        total = widget._lines.height_of(0) + widget._lines.height_of(1)
        assert total > 2
        for y in range(total):
            strip = widget.render_line(y)
            assert strip.cell_length == width
            assert cell_len(strip.text) == width
        assert "日本語" in widget.render_line(0).text
        cjk_last = widget.render_line(widget._lines.height_of(0) - 1).text
        assert cjk_last.rstrip().endswith("…")  # 440 cells: past the sixth line
        assert widget.render_line(total - 1).text.rstrip().endswith("🚀🔥")  # whole


def test_fit_never_overflows_wide_characters() -> None:
    for width in range(0, 12):
        for text in ("日本語のニュース", "a日b本c", "🚀x🔥", "plain"):
            assert cell_len(fit(text, width)) == width


def test_time_column_width_covers_month_names() -> None:
    assert time_column_width("%H:%M %d.%m.%Y") == 16
    assert time_column_width("%d %B") == len("29 September")


async def test_row_layout_shows_local_time_source_and_title() -> None:
    item = headline(1, datetime(2019, 12, 11, 9, 53, tzinfo=UTC), "Title", source="Wire")
    app = ListApp([item])
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.pause()
        # Compact (100 columns): the time of day; the date is the day separator's (or, for
        # the newest day, `day_in_view`'s).
        assert widget.render_line(0).text.startswith("•  09:53 Wire")
        assert "Title" in widget.render_line(0).text


# -- state changes --------------------------------------------------------------------------


async def test_update_headline_redraws_read_and_star_state() -> None:
    items = minutes_apart(5)
    app = ListApp(items)
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.press("j")  # the cursor off row 2, whose styles are checked
        target = widget.headlines[2]

        def title_bold() -> bool:
            strip = widget.render_line(2)
            return any(
                segment.text.startswith(target.title) and bool(segment.style and segment.style.bold)
                for segment in strip
            )

        assert title_bold()
        widget.update_headline(replace(target, read=True, starred=True))
        await pilot.pause()
        assert not title_bold()
        assert widget.render_line(2).text.startswith(" ★")
        assert widget.headlines[2].read
        widget.update_headline(replace(target, title="Retitled"))
        assert "Retitled" in widget.render_line(2).text


async def test_max_rows_drops_the_oldest() -> None:
    app = ListApp(minutes_apart(60), max_rows=50)
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        assert len(widget.headlines) == 50
        assert widget.headlines[-1].id == 11  # ids 1-10 were the oldest
        widget.add_headlines([headline(100 + n, NOW + timedelta(minutes=n + 1)) for n in range(5)])
        await pilot.pause()
        assert len(widget.headlines) == 50
        assert widget.headlines[0].id == 104
        assert widget.headlines[-1].id == 16


async def test_max_rows_never_drops_the_highlight() -> None:
    recorder = Recorder()
    app = ListApp(minutes_apart(50), max_rows=50)
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.press("G")
        last = widget.highlighted
        widget.add_headlines([headline(100 + n, NOW + timedelta(minutes=n + 1)) for n in range(5)])
        await pilot.pause()
        assert widget.highlighted == last
        assert last in widget.headlines


async def test_near_the_end_asks_for_older_and_extends() -> None:
    recorder = Recorder()
    items = minutes_apart(100, start=1000)
    app = ListApp(items)
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        widget = app.query_one(HeadlineList)
        assert not recorder.of(HeadlineList.NeedOlder)
        await pilot.press("G")
        await pilot.pause()
        asks = recorder.of(HeadlineList.NeedOlder)
        assert [message.before for message in asks] == [widget.headlines[-1]]
        oldest = widget.headlines[-1]
        older = [headline(n, oldest.published - timedelta(minutes=n)) for n in range(1, 21)]
        widget.extend_older(older)
        await pilot.pause()
        assert widget.highlighted == oldest
        assert len(widget.headlines) == 120
        await pilot.press("G")
        await pilot.pause()
        asks = recorder.of(HeadlineList.NeedOlder)
        assert [message.before.id for message in asks] == [oldest.id, 20]


async def test_set_headlines_keeps_the_highlighted_headline() -> None:
    items = minutes_apart(30)
    app = ListApp(items)
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.press("j", "j", "j")
        highlighted = widget.highlighted
        widget.set_headlines([*items, headline(99, NOW + timedelta(hours=1))])
        await pilot.pause()
        assert widget.highlighted == highlighted
        assert screen_row(widget) == 3
        widget.set_headlines([])
        assert widget.highlighted is None and widget.highlighted_index == -1
        await pilot.press("j", "enter")  # nothing to move to or open: no error


# -- the timeline alone ---------------------------------------------------------------------


def test_timeline_rows_map_both_ways() -> None:
    timeline = Timeline()
    days = [0, 0, 1, 1, 1, 4]
    timeline.replace(
        headline(number, NOW - timedelta(days=day, minutes=number))
        for number, day in enumerate(days)
    )
    assert timeline.row_count == 8
    kinds = [timeline.locate(row) for row in range(timeline.row_count)]
    assert kinds == [0, 1, date(2026, 11, 26), 2, 3, 4, date(2026, 11, 23), 5]
    assert [timeline.row_of(index) for index in range(6)] == [0, 1, 3, 4, 5, 7]
    assert timeline.locate(8) is None
    assert timeline.index_at_or_after(2) == 2
    assert timeline.separator_above(2) and not timeline.separator_above(3)


stamp = st.integers(min_value=0, max_value=10 * 24 * 60).map(
    lambda minutes: NOW - timedelta(minutes=minutes)
)


@settings(max_examples=60, deadline=None)
@given(
    first=st.lists(st.tuples(st.integers(1, 400), stamp), max_size=60),
    batches=st.lists(st.lists(st.tuples(st.integers(1, 400), stamp), max_size=80), max_size=4),
    keep=st.integers(1, 200),
)
def test_timeline_matches_a_sorted_reference(
    first: list[tuple[int, datetime]],
    batches: list[list[tuple[int, datetime]]],
    keep: int,
) -> None:
    timeline = Timeline()
    timeline.replace(headline(number, when) for number, when in first)
    reference = {number: headline(number, when) for number, when in first}
    for batch in batches:
        timeline.merge(headline(number, when) for number, when in batch)
        reference.update({number: headline(number, when) for number, when in batch})
    expected = sorted(reference.values(), key=sort_key)
    assert list(timeline.items) == expected
    timeline.drop_tail(keep)
    expected = expected[:keep]
    assert list(timeline.items) == expected
    # Rows: a separator exactly where the local date changes between neighbours.
    rows: list[object] = []
    for index, item in enumerate(expected):
        if index and item.published.date() != expected[index - 1].published.date():
            rows.append(item.published.date())
        rows.append(index)
    assert [timeline.locate(row) for row in range(timeline.row_count)] == rows
    for index in range(len(expected)):
        assert timeline.locate(timeline.row_of(index)) == index
        assert timeline.index_of(expected[index].id) == index


# -- rendering paths ------------------------------------------------------------------------


class BorderedApp(ListApp):
    CSS = "HeadlineList { border: round $accent; padding: 0 1; }"


async def test_fast_frames_match_textuals_own_rendering() -> None:
    from textual.scroll_view import ScrollView

    app = ListApp(minutes_apart(300))
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.press("j", "j", "pagedown", "j")
        crop = widget.size.region
        fast = widget.render_lines(crop)
        widget._styles_cache.clear()
        slow = ScrollView.render_lines(widget, crop)
        assert [list(strip) for strip in fast] == [list(strip) for strip in slow]
        part = crop.intersection(crop.shrink((2, 5, 3, 7)))
        fast = widget.render_lines(part)
        widget._styles_cache.clear()
        slow = ScrollView.render_lines(widget, part)
        assert [list(strip) for strip in fast] == [list(strip) for strip in slow]


async def test_borders_and_padding_still_render() -> None:
    app = BorderedApp(minutes_apart(100))
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.press("j")
        lines = [strip.text for strip in widget.render_lines(widget.size.region)]
        assert lines[0].startswith("╭")
        assert lines[2].startswith("│ ")
        assert "Headline number 99" in lines[2]  # second row, inside border and padding
        await pilot.click(HeadlineList, offset=(30, 3))  # third row, counting the border
        assert widget.highlighted_index == 2


async def test_cursor_looks_different_when_focused() -> None:
    app = ListApp(minutes_apart(10))
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        focused = widget.render_line(0)
        widget.blur()
        await pilot.pause()
        blurred = widget.render_line(0)
        assert focused.text == blurred.text
        assert list(focused) != list(blurred)


async def test_scrollbar_thumb_follows_every_scroll() -> None:
    app = ListApp(minutes_apart(2000))
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        bar = widget.vertical_scrollbar
        region = bar.size.region

        def painted() -> list[list[object]]:
            return [list(strip) for strip in bar.render_lines(region)]

        for step in (1, 1, 1, 3, 7, 1, 13, 250, 1, 1):
            for _ in range(5):
                widget.scroll_to(y=widget.scroll_y + step, animate=False)
                await pilot.pause()
            assert bar.position == widget.scroll_y  # exact, so a drag starts right
            shown = painted()
            bar.refresh()
            assert shown == painted()  # what is on screen is what a full repaint draws


async def test_a_known_headline_whose_time_changed_moves_but_is_not_new() -> None:
    items = minutes_apart(60)  # more than a screen: room to scroll
    recorder = Recorder()
    app = ListApp(items)
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.press("j", "j", "j", "j")
        highlighted = widget.highlighted
        assert highlighted is not None
        republished = replace(items[0], published=NOW + timedelta(hours=1))  # oldest -> newest
        widget.add_headlines([republished])
        await pilot.pause()
        assert widget.headlines[0] == republished
        assert len(widget.headlines) == 60
        assert not recorder.of(HeadlineList.NewAbove)
        assert widget.highlighted == highlighted
        assert screen_row(widget) == 4
        widget.update_headline(replace(republished, published=NOW - timedelta(days=1)))
        await pilot.pause()
        assert widget.headlines[-1].id == republished.id
        assert widget.highlighted == highlighted
        assert screen_row(widget) == 4
        widget.update_headline(headline(999, NOW))  # not held: ignored
        assert len(widget.headlines) == 60
        widget.scroll_to(y=widget.max_scroll_y, animate=False, force=True)
        await pilot.pause()
        (row,) = [line for line in screen_lines(widget) if re.search(r"number 1\s*$", line)]
        assert not row.startswith("✦")  # known, so not marked as just arrived
