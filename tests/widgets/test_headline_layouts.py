"""Tests the headline list's two layouts: whole wrapped titles (News line) and one-row compact."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rich.cells import cell_len

from newstui.models import Headline
from newstui.text.characters import row_text
from newstui.ui.widgets.headline_list import HeadlineList
from newstui.ui.widgets.headline_paint import FRESH_SECONDS, GUTTER, LEGEND
from newstui.ui.widgets.timefmt import clock_format
from tests.widgets.test_headline_list import (
    NOW,
    ListApp,
    Recorder,
    headline,
    minutes_apart,
    screen_lines,
)

pytestmark = pytest.mark.usefixtures("utc_local_time")

WIDTHS = [60, 100, 120, 200]
LONG = (
    "Ostria and the Tarn Republic sign a long-awaited water-sharing accord after eleven years "
    "of talks in Varnholt, ending a dispute over the upper Lumen"
)
CJK = "日本語のニュース見出しが長くなると折り返して全部見えるべきです。東京都で新しい条例"
EMOJI = "Launch 🚀 of the Kestrel probe slips again 🔥 as engineers chase a valve fault 🛰️ today"


def varied() -> list[Headline]:
    """Three long titles (Latin, CJK, emoji) among short ones, over two days."""
    items = minutes_apart(30)
    items[-1] = headline(30, NOW, LONG, source="Harbour Times")
    items[-2] = headline(29, NOW - timedelta(minutes=1), CJK, source="東京ニュース")
    items[-3] = headline(28, NOW - timedelta(minutes=2), EMOJI)
    items[0] = headline(1, NOW - timedelta(days=1, hours=3))
    return items


def title_text(lines: list[str]) -> str:
    """The titles' words as drawn (gutters and padding off), one space between lines."""
    return " ".join(line[GUTTER:].strip() for line in lines)


@pytest.mark.parametrize("width", WIDTHS)
async def test_newsline_shows_every_word_of_long_titles_at_every_width(width: int) -> None:
    app = ListApp(varied(), layout="newsline")
    async with app.run_test(size=(width, 40)) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.pause()
        assert widget.current_layout == "newsline"
        lines = screen_lines(widget)
        content = widget.scrollable_content_region.width
        assert all(cell_len(line) == content for line in lines)
        drawn = title_text(lines)
        for word in LONG.split() + EMOJI.split():
            assert row_text(word) in drawn, word  # rows drop U+FE0F: "🛰️" is drawn "🛰"
        # CJK has no spaces: the lines joined give the title back, wrapped at cell widths.
        cjk_lines = [line[GUTTER:].strip() for line in lines if line[GUTTER : GUTTER + 1] in CJK]
        assert "".join(cjk_lines).startswith(CJK)
        assert any("09:53 27.11.2026" in line and "Harbour Times" in line for line in lines)
        if width < 120:  # the long title does not fit one line there: it wrapped
            # two lines a headline (title, time) and one day line, and more where wrapped
            assert widget.virtual_size.height > 2 * len(widget.headlines) + 1


@pytest.mark.parametrize("width", WIDTHS)
async def test_compact_is_one_row_each_with_the_time_and_day_lines(width: int) -> None:
    app = ListApp(varied(), layout="compact")
    async with app.run_test(size=(width, 40)) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.pause()
        assert widget.current_layout == "compact"
        heights = [widget._lines.height_of(n) for n in range(len(widget.headlines))]
        assert widget.virtual_size.height == sum(heights) + 1  # and one day line
        assert heights.count(1) >= len(heights) - 3  # a row each; the long titles go on
        lines = screen_lines(widget)
        content = widget.scrollable_content_region.width
        assert all(cell_len(line) == content for line in lines)
        assert lines[0].startswith("•  09:53 Harbour")  # the time of day alone
        assert "27.11.2026" not in "\n".join(lines)
        assert lines[sum(heights[:29])].startswith("── Thursday 26 November 2026")
        assert widget.day_in_view == NOW.date()  # the newest day has no line: the screen's
        x = widget._paint.compact_title_x(content, widget.source_width)
        first = " ".join(line[x:].strip() for line in lines[: heights[0]])
        assert first == LONG  # whole, wrapped under its column, never cut


@pytest.mark.parametrize(
    ("width", "layout"), [(60, "newsline"), (99, "newsline"), (100, "compact"), (200, "compact")]
)
async def test_auto_layout_goes_by_the_lists_width(width: int, layout: str) -> None:
    app = ListApp(minutes_apart(10))
    async with app.run_test(size=(width, 20)) as pilot:
        await pilot.pause()
        assert app.query_one(HeadlineList).current_layout == layout


async def test_toggle_switches_layout_keeps_the_highlight_and_says_so() -> None:
    recorder = Recorder()
    app = ListApp(varied())
    async with app.run_test(size=(80, 30), message_hook=recorder) as pilot:
        widget = app.query_one(HeadlineList)
        assert widget.current_layout == "newsline"
        await pilot.press("j", "j", "j")
        chosen = widget.highlighted
        await pilot.press("L")
        await pilot.pause()
        assert widget.current_layout == "compact" and widget.layout_choice == "compact"
        assert widget.highlighted == chosen
        assert [message.layout for message in recorder.of(HeadlineList.LayoutChanged)] == [
            "compact"
        ]
        assert chosen is not None
        head = widget.line_of(widget.highlighted_index) - round(widget.scroll_y)
        assert chosen.title[:20] in screen_lines(widget)[head]
        await pilot.press("L")
        await pilot.pause()
        assert widget.current_layout == "newsline"
        assert widget.highlighted == chosen
        head = widget.line_of(widget.highlighted_index) - round(widget.scroll_y)
        assert chosen.title[:20] in screen_lines(widget)[head]
        with pytest.raises(ValueError, match="layout must be one of"):
            widget.layout_choice = "wide"  # type: ignore[assignment]


async def test_a_click_on_any_line_of_a_headline_picks_it() -> None:
    recorder = Recorder()
    app = ListApp(varied(), layout="newsline")
    async with app.run_test(size=(60, 30), message_hook=recorder) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.pause()
        lines = screen_lines(widget)
        meta = next(y for y, line in enumerate(lines) if "Harbour Times" in line)
        second = widget.headlines[1]
        second_top = widget.line_of(1)
        await pilot.press("j")
        await pilot.click(HeadlineList, offset=(20, meta))  # the long title's time line
        assert widget.highlighted_index == 0 and not recorder.of(HeadlineList.Opened)
        await pilot.click(HeadlineList, offset=(20, second_top + 1))  # the CJK title's 2nd line
        assert widget.highlighted == second
        await pilot.click(HeadlineList, offset=(20, second_top), times=2)
        await pilot.pause()
        assert [message.headline for message in recorder.of(HeadlineList.Opened)] == [second]


async def test_paging_moves_a_screen_of_lines_and_keeps_the_highlights_line() -> None:
    items = [
        headline(n, NOW - timedelta(minutes=n), f"{LONG} (item {n})" if n % 3 else None)
        for n in range(1, 200)
    ]
    app = ListApp(items, layout="newsline")
    async with app.run_test(size=(60, 30)) as pilot:
        widget = app.query_one(HeadlineList)
        page = widget.scrollable_content_region.height
        await pilot.press("j")
        before = widget.line_of(widget.highlighted_index) - round(widget.scroll_y)
        seen = [widget.highlighted_index]
        for key in ["pagedown"] * 4 + ["pageup"] * 3:
            await pilot.press(key)
            seen.append(widget.highlighted_index)
            assert widget.line_of(widget.highlighted_index) - round(widget.scroll_y) == before
            # A page of lines, short of it by less than a headline (6 title lines at most).
            moved = abs(widget.line_of(seen[-1]) - widget.line_of(seen[-2]))
            assert page - 7 <= moved <= page
        assert seen[:5] == sorted(seen[:5]) and seen[4:] == sorted(seen[4:], reverse=True)
        await pilot.press("pageup")
        assert widget.highlighted_index <= seen[1]
        await pilot.press("G")
        assert widget.highlighted == widget.headlines[-1]
        assert round(widget.scroll_y) == widget.max_scroll_y
        assert "(item 199)" in title_text(screen_lines(widget))


async def test_newsline_keeps_the_readers_place_when_news_arrives() -> None:
    recorder = Recorder()
    app = ListApp(varied(), layout="newsline")
    async with app.run_test(size=(60, 30), message_hook=recorder) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.press("j", "j", "j", "j")
        chosen = widget.highlighted
        line = widget.line_of(widget.highlighted_index) - round(widget.scroll_y)
        before = screen_lines(widget)
        newer = [headline(100 + n, NOW + timedelta(minutes=n + 1), LONG) for n in range(3)]
        widget.add_headlines(newer)
        await pilot.pause()
        assert widget.highlighted == chosen
        assert widget.line_of(widget.highlighted_index) - round(widget.scroll_y) == line
        assert screen_lines(widget) == before  # nothing on screen moved
        assert [message.count for message in recorder.of(HeadlineList.NewAbove)] == [3]
        widget.jump_to_newest()
        await pilot.pause()
        assert widget.highlighted == newer[-1] and widget.following


async def test_newsline_follows_five_arrivals_at_the_top() -> None:
    app = ListApp(varied(), layout="newsline")
    async with app.run_test(size=(60, 30)) as pilot:
        widget = app.query_one(HeadlineList)
        for batch in range(5):
            arrival = headline(
                200 + batch, NOW + timedelta(minutes=batch + 1), f"Arrival {batch}: {EMOJI}"
            )
            widget.add_headlines([arrival])
            await pilot.pause()
            assert widget.highlighted == arrival and widget.following
            lines = screen_lines(widget)
            assert lines[0].startswith(f"✦  Arrival {batch}:")
        drawn = title_text(screen_lines(widget))
        for batch in range(5):
            assert f"Arrival {batch}:" in drawn


async def test_resizing_rewraps_and_keeps_the_highlighted_headline_in_place() -> None:
    app = ListApp([*varied(), *minutes_apart(30, start=40)], layout="newsline")
    async with app.run_test(size=(60, 30)) as pilot:
        widget = app.query_one(HeadlineList)
        for _ in range(20):
            await pilot.press("j")
        assert round(widget.scroll_y) > 0
        chosen = widget.highlighted
        line = widget.line_of(widget.highlighted_index) - round(widget.scroll_y)
        narrow_lines = widget.virtual_size.height
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert widget.highlighted == chosen
        assert widget.line_of(widget.highlighted_index) - round(widget.scroll_y) == line
        assert widget.virtual_size.height < narrow_lines  # wider: fewer wrapped lines
        assert chosen is not None and chosen.title in screen_lines(widget)[line]


async def test_heights_are_measured_lazily_near_the_view() -> None:
    items = [headline(n, NOW - timedelta(minutes=n), f"{LONG} {n}") for n in range(1, 5001)]
    app = ListApp(items, layout="newsline", max_rows=6000)
    async with app.run_test(size=(60, 30)) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.pause()
        lines = widget._lines
        assert len(lines.unmeasured(0, len(items))) > 4800  # not every title wrapped at once
        assert not lines.unmeasured(0, 30)  # but all on screen and a page beyond
        await pilot.press("G")  # far away: measured there, and the end is exact
        await pilot.pause()
        assert widget.highlighted == widget.headlines[-1]
        bottom = screen_lines(widget)
        assert bottom[-1].startswith("   ") and "Wire" in bottom[-1]  # its time line, last
        assert title_text(bottom).endswith(f"Lumen 5000 {bottom[-1].strip()}")


def test_clock_format_keeps_the_time_of_day() -> None:
    assert clock_format("%H:%M %d.%m.%Y") == "%H:%M"
    assert clock_format("%d/%m/%Y %I:%M %p") == "%I:%M %p"
    assert clock_format("%Y-%m-%dT%H:%M:%S") == "%H:%M:%S"
    assert clock_format("%-d %B, %-I.%M%P") == "%-I.%M%P"
    assert clock_format("%c") == "%X"
    assert clock_format("%d.%m.%Y") == "%H:%M"


async def test_marks_have_one_meaning_each() -> None:
    items = minutes_apart(6)
    items[-2] = headline(5, items[-2].published, read=True)
    items[-3] = headline(4, items[-3].published, starred=True)
    app = ListApp(items, layout="compact")
    async with app.run_test(size=(100, 20)) as pilot:
        widget = app.query_one(HeadlineList)
        widget.add_headlines([headline(50, NOW + timedelta(minutes=1))])
        await pilot.press("j")  # the highlight off the rows compared
        await pilot.pause()
        lines = screen_lines(widget)
        assert lines[0].startswith("✦  ")  # just arrived
        assert lines[1].startswith("•  ")  # unread
        assert lines[2].startswith("   ")  # read: no mark
        assert lines[3].startswith("•★ ")  # unread and starred
        symbols = [symbol for symbol, _ in LEGEND]
        assert len(set(symbols)) == len(symbols)
        assert set(symbols[:3]) == {"✦", "•", "★"}
        assert f"{FRESH_SECONDS / 60:.0f} minutes" in LEGEND[0][1]


async def test_filling_an_empty_list_marks_nothing_as_just_arrived() -> None:
    app = ListApp([])
    async with app.run_test(size=(100, 20)) as pilot:
        widget = app.query_one(HeadlineList)
        widget.add_headlines(minutes_apart(5))  # a first start: the first poll fills the list
        await pilot.pause()
        assert not any(line.startswith("✦") for line in screen_lines(widget))
        widget.add_headlines([headline(50, NOW + timedelta(minutes=1))])
        await pilot.pause()
        assert [line[:1] for line in screen_lines(widget)[:6]] == ["✦", "•", "•", "•", "•", "•"]


async def test_right_to_left_titles_wrap_isolated_line_by_line() -> None:
    hebrew = "ראש העיר מבטיח חקירה בעניין כספי הנמל שנעלמו, והמועצה תתכנס ביום שלישי בערב"
    app = ListApp([headline(1, NOW, hebrew, source="חדשות")], layout="newsline")
    async with app.run_test(size=(60, 20)) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.pause()
        lines = screen_lines(widget)
        title_lines = [line for line in lines[:-1] if any("\u0590" <= c <= "\u05ff" for c in line)]
        assert len(title_lines) >= 2  # it wrapped
        content = widget.scrollable_content_region.width
        for line in lines:
            assert cell_len(line) == content  # isolates take no cell
        for line in title_lines[:-1]:  # each title line isolated on its own (the last: source)
            assert line[GUTTER] == "\u2068" and line.rstrip().endswith("\u2069")
        words = " ".join(line[GUTTER:].strip("\u2068\u2069 ") for line in title_lines[:-1])
        assert words.replace("\u2069 \u2068", " ").split() == hebrew.split()
