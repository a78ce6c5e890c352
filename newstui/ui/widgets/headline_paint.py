"""Provides the drawing of headline list rows: marks, News line and compact layouts, day lines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from newstui.models import Headline
from newstui.text.characters import cut, isolate, row_text
from newstui.ui.widgets.cells import ELLIPSIS, clean, fit, row_cells
from newstui.ui.widgets.source_colors import source_color
from newstui.ui.widgets.timefmt import clock_format, day_label, format_time, time_column_width

Layout = Literal["newsline", "compact"]

TIME = "headline-list--time"
SOURCE = "headline-list--source"
UNREAD = "headline-list--unread"
READ = "headline-list--read"
FRESH = "headline-list--fresh"
UNREAD_MARK = "headline-list--unread-mark"
STAR = "headline-list--star"
CURSOR = "headline-list--cursor"
SEPARATOR = "headline-list--separator"
ALERT = "headline-list--alert"
STORY = "headline-list--story"
OPEN = "headline-list--open"

MARK_GAP = 2
"""Cells between a compact row's title and its story's mark ("+2 sources") after it."""
MEMBER_MARK = "↳ "
"""Before the title of each headline of an expanded story, under its row."""
COMPACT_TITLE_CELLS = 50
"""Title cells a compact row keeps beside a story's mark in words ("+2 sources"); with fewer
(under about 90 columns) the mark is the number alone ("+2"), which more often fits after a
title's last line than on a line of its own. The median title of the shared corpus's labelled
stories (3,179 headlines) is 58 characters, so at 50 cells most take one or two lines."""

NEW_SYMBOL = "✦"
UNREAD_SYMBOL = "•"
STAR_SYMBOL = "★"
ALERT_SYMBOL = "⚑"
OPEN_SYMBOL = "▌"
"""In the gutter's last cell, before each title line of the headline open in the reading pane:
the keys about "this article" (u, s, o) act on it while it is open, whatever the highlight."""
GUTTER = 3  # new-or-unread mark, star, space (or the open article's bar)
ALERT_CELLS = 2
"""Cells before the title of a headline the watchlist matches: ⚑ and a space. A mark, not
only a colour: the newest headline arrives under the highlight (follow mode), whose colours
cover the title's, and a terminal without colours shows it too."""

FRESH_SECONDS = 120.0
"""How long a headline that arrives in an open list keeps ✦ (the list's `fresh_seconds`)."""

LEGEND: tuple[tuple[str, str], ...] = (
    (
        NEW_SYMBOL,
        f"just arrived: came in during the last {FRESH_SECONDS / 60:.0f} minutes, unread "
        "(then it shows •; read, no mark)",
    ),
    (UNREAD_SYMBOL, "unread; unread titles are bold, read ones dim and unmarked"),
    (STAR_SYMBOL, "starred"),
    (OPEN_SYMBOL, "open in the reading pane: u, s and o act on it while it is open"),
    ("+N", "a story: N more sources report it (e or a click on it shows them)"),
    ("── day ──", "the day of the headlines under it"),
)
"""The symbols of the headline list and their one meaning each, for the help screen.

The first entry says the default `fresh_seconds`, FRESH_SECONDS, which the ticker uses.
"""
ALERT_LEGEND = (
    ALERT_SYMBOL,
    "matches the watchlist ([[alerts]]): the title in the alert colour; "
    "the header counts the alerts still unread",
)
"""The legend's line for the watchlist's mark, shown when `[[alerts]]` are configured."""


MAX_TITLE_LINES = 6
"""Title lines in the News line layout; a longer title ends its last line with "…".

Every real title wraps in full at 60 columns (55 cells of title): in the shared corpus (4,441
titles of 664 feeds) the longest is 282 cells, 6 lines, and 99.9 % are under 236. The cap
keeps a hostile 1,000-character title (the parser's limit) from filling the screen.
"""


def wrap_title(
    title: str, width: int, console: Console, max_lines: int = MAX_TITLE_LINES
) -> tuple[str, ...]:
    """A title word-wrapped to `width` cells in at most `max_lines` lines, never empty.

    Rich's wrapping (`Text.wrap`), so widths are cells: CJK and most emoji take two, and a word
    longer than a line is folded. The text is cleaned to one line first and never read as
    markup; it is row text as a compact row's is (cells.fit): without the sequences terminals
    draw at other widths than Rich counts, each right-to-left line isolated (zero cells), so a
    terminal reorders it in place; lines with spacing marks fit `width` as terminals count.
    """
    width = max(1, width)
    text = row_text(clean(title))
    if row_cells(text) <= width:  # most titles, in the compact layout: no wrapping to do
        return (isolate(text.rstrip()),)
    if row_cells(text) == cell_len(text):
        wrapped = Text(text).wrap(console, width, overflow="fold")
        lines = [line.plain.rstrip() for line in wrapped]
    else:  # spacing marks: a cell each on screen, none in Rich's wrapping
        lines = wrap_cells(text, width)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        if row_cells(last) >= width:  # room for "…": Rich's cut, or the terminal's (marks)
            spaced = row_cells(last) != cell_len(last)
            last = cut(last, width)[:-1] if spaced else set_cell_size(last, width - 1)
        lines[max_lines - 1 :] = [last + ELLIPSIS]
    return tuple(isolate(line) for line in lines) or ("",)


def wrap_cells(text: str, width: int) -> list[str]:
    """One-line text word-wrapped to `width` terminal cells (row_cells: spacing marks a cell
    each, as wcwidth terminals draw them); a word longer than a line is folded."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        joined = f"{current} {word}" if current else word
        if row_cells(joined) <= width:
            current = joined
            continue
        if current:
            lines.append(current)
        while row_cells(word) > width:
            cut = 1
            while cut < len(word) and row_cells(word[: cut + 1]) <= width:
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    return [*lines, current] if current else lines


class Painter:
    """Draws rows from component styles (`style(component)` gives a full Rich style)."""

    def __init__(self, style: Callable[[str], Style], *, dark: bool, time_format: str) -> None:
        self.style = style
        self.dark = dark
        self.time_format = time_format
        self.clock_format = clock_format(time_format)
        self.clock_width = time_column_width(self.clock_format)

    def compact(
        self,
        headline: Headline,
        lines: tuple[str, ...],
        width: int,
        *,
        fresh: bool,
        cursor: bool,
        source_width: int,
        more: str = "",
        opened: bool = False,
    ) -> list[Strip]:
        """A compact row: marks, the time of day, the source and the title's first line, then
        its other lines (`lines`, the title wrapped to `compact_room`) under it in the title's
        column; a story's `more` ("+2 sources", as `compact_mark` fits it) after the title
        (`mark_place`): the titles of every row start in one column."""
        x = self.compact_title_x(width, source_width)
        source_cells = x - GUTTER - self.clock_width - 2
        mark = self.compact_mark(more, width, source_width) if more else ""
        room = self.compact_room(headline, width, source_width)
        mark_line, mark_at = mark_place(lines, mark, room)
        title_style = self._title(headline)
        shown = [*lines, ""] if mark_line == len(lines) else list(lines)
        strips = []
        for number, line in enumerate(shown):
            if number == 0:
                when = fit(format_time(headline.published, self.clock_format), self.clock_width)
                source = fit(clean(headline.source_name), source_cells) + " "
                lead = [
                    *self._marks(headline, fresh=fresh, opened=opened),
                    Segment(when + " ", self.style(TIME)),
                    Segment(source, self._source(headline)),
                ]
            else:
                lead = [Segment(" " * x, self.style(""))]
            segments = [*lead, *self._flag(headline, first=number == 0)]
            if number == mark_line:
                gap = " " * max(0, mark_at - row_cells(line))
                segments += [Segment(line + gap, title_style), Segment(mark, self.style(STORY))]
            else:
                segments.append(Segment(line, title_style))
            strips.append(self._finish(segments, width, cursor))
        return strips

    def compact_height(
        self, headline: Headline, lines: tuple[str, ...], width: int, source_width: int, more: str
    ) -> int:
        """Lines of a compact row (`compact`): its title's, and one more where a story's mark
        does not fit after the title."""
        mark = self.compact_mark(more, width, source_width) if more else ""
        line, _ = mark_place(lines, mark, self.compact_room(headline, width, source_width))
        return max(len(lines), line + 1)

    def compact_room(self, headline: Headline, width: int, source_width: int) -> int:
        """Cells of a compact row's title column: the width past the source, less ⚑ and its
        space on a watchlist match. Titles are wrapped to it (never cut)."""
        return max(1, width - self.compact_title_x(width, source_width) - title_indent(headline))

    def compact_title_x(self, width: int, source_width: int) -> int:
        """The cell where a compact row's title column starts (⚑ first on a watchlist match),
        after a source column of `source_width` cells (`source_column.column_cells`)."""
        return GUTTER + self.clock_width + 1 + max(4, min(source_width, width // 4)) + 1

    def compact_mark(self, more: str, width: int, source_width: int) -> str:
        """A story's mark as a compact row shows it: in words ("+2 sources") while the title
        keeps COMPACT_TITLE_CELLS, else the number alone ("+2")."""
        title = width - self.compact_title_x(width, source_width) - cell_len(more) - 1
        return more if title >= COMPACT_TITLE_CELLS else more.split(" ", 1)[0]

    def member(
        self,
        headline: Headline,
        lines: tuple[str, ...],
        width: int,
        *,
        cursor: bool,
        source_width: int,
        day: str = "",
    ) -> list[Strip]:
        """The lines of one headline under an expanded story's row: in a compact row's columns
        (marks, time of day, source), its title after MEMBER_MARK in the title column, `day`
        ("Sun") before it when it is of another day than the row; `lines`, the title wrapped to
        `member_room`, go on under its first, as a compact row's do."""
        x = self.compact_title_x(width, source_width)
        source_cells = x - GUTTER - self.clock_width - 2
        when = fit(format_time(headline.published, self.clock_format), self.clock_width)
        lead = [Segment(MEMBER_MARK, self.style(STORY))]
        if day:
            lead.append(Segment(day + " ", self.style(TIME)))
        indent = [Segment(" " * (x + sum(cell_len(part.text) for part in lead)), self.style(""))]
        strips = []
        for number, line in enumerate(lines):
            if number == 0:
                source = fit(clean(headline.source_name), source_cells) + " "
                head = [
                    *self._marks(headline, fresh=False),
                    Segment(when + " ", self.style(TIME)),
                    Segment(source, self._source(headline)),
                    *lead,
                ]
            else:
                head = indent
            segments = [*head, Segment(line, self._title(headline))]
            strips.append(self._finish(segments, width, cursor))
        return strips

    def member_room(self, width: int, source_width: int, day: str) -> int:
        """Cells of the title of a headline under a story's row (`member`)."""
        lead = cell_len(MEMBER_MARK) + (cell_len(day) + 1 if day else 0)
        return max(1, width - self.compact_title_x(width, source_width) - lead)

    def newsline(
        self,
        headline: Headline,
        lines: tuple[str, ...],
        width: int,
        *,
        fresh: bool,
        cursor: bool,
        more: str = "",
        opened: bool = False,
    ) -> list[Strip]:
        """The title's wrapped lines (`lines`, wrapped to `width - GUTTER - title_indent`),
        then a line with the time (the full format), the source and a story's `more`
        ("+2 sources"). `opened`: OPEN_SYMBOL before each title line."""
        title_style, base = self._title(headline), self.style("")
        indent = Segment(" " * GUTTER, base)
        bar = [Segment(" " * (GUTTER - 1), base), Segment(OPEN_SYMBOL, self.style(OPEN))]
        strips = []
        for number, line in enumerate(lines):
            if number == 0:
                gutter = self._marks(headline, fresh=fresh, opened=opened)
            else:
                gutter = bar if opened else [indent]
            flag = self._flag(headline, first=number == 0)
            strips.append(self._finish([*gutter, *flag, Segment(line, title_style)], width, cursor))
        when = format_time(headline.published, self.time_format)
        source = fit(clean(headline.source_name), max(0, width - GUTTER - cell_len(when) - 2))
        meta = [
            indent,
            Segment(when + "  ", self.style(TIME)),
            Segment(source.rstrip(), self._source(headline)),
        ]
        if more:
            meta.append(Segment("  " + more, self.style(STORY)))
        strips.append(self._finish(meta, width, cursor))
        return strips

    def newsline_mark_x(self, headline: Headline, width: int) -> int:
        """The cell where the story mark starts on a News line row's time-and-source line."""
        when = format_time(headline.published, self.time_format)
        source = fit(clean(headline.source_name), max(0, width - GUTTER - cell_len(when) - 2))
        return GUTTER + cell_len(when) + 2 + cell_len(source.rstrip()) + 2

    def separator(self, day: date, width: int) -> Strip:
        label = f"── {day_label(day)} "
        text = fit(label + "─" * max(0, width - cell_len(label)), width)
        return Strip([Segment(text, self.style(SEPARATOR))], width)

    def _marks(self, headline: Headline, *, fresh: bool, opened: bool = False) -> list[Segment]:
        if fresh:
            mark = Segment(NEW_SYMBOL, self.style(FRESH))
        elif not headline.read:
            mark = Segment(UNREAD_SYMBOL, self.style(UNREAD_MARK))
        else:
            mark = Segment(" ", self.style(""))
        star = STAR_SYMBOL if headline.starred else " "
        last = Segment(OPEN_SYMBOL, self.style(OPEN)) if opened else Segment(" ", self.style(""))
        return [mark, Segment(star, self.style(STAR)), last]

    def _flag(self, headline: Headline, *, first: bool) -> list[Segment]:
        """⚑ before an alert's title (its first line; the others indented under the title)."""
        if not headline.alert:
            return []
        if not first:
            return [Segment(" " * ALERT_CELLS, self.style(""))]
        return [Segment(ALERT_SYMBOL + " ", self.style(ALERT))]

    def _title(self, headline: Headline) -> Style:
        style = self.style(READ if headline.read else UNREAD)
        return style + self.style(ALERT) if headline.alert else style

    def _source(self, headline: Headline) -> Style:
        colour = source_color(clean(headline.source_name), self.dark)
        return self.style(SOURCE) + Style(color=colour)

    def _finish(self, segments: list[Segment], width: int, cursor: bool) -> Strip:
        base = self.style("")
        if cursor:  # the whole width, padding too, so a headline's lines read as one block
            cursor_style = self.style(CURSOR)
            segments = [
                Segment(segment.text, (segment.style or base) + cursor_style)
                for segment in segments
            ]
            base += cursor_style
        # Counted as the terminal draws (row_cells): a row with spacing marks (Indic vowel
        # signs) is padded to `width` terminal cells, so what follows it (the scrollbar, the
        # pane's border) stays in its column; Rich's count of such a strip is short by a cell
        # a mark, and the strip says `width`, which is what the terminal shows.
        cells = sum(row_cells(segment.text) for segment in segments)
        if cells < width:  # pad here: one Strip a line, not a second from adjust_cell_length
            segments.append(Segment(" " * (width - cells), base))
        elif cells > width:  # only at a few cells of width: cut, wide characters padded
            return Strip(segments).adjust_cell_length(width, base)
        return Strip(segments, width)


def mark_place(lines: tuple[str, ...], mark: str, room: int) -> tuple[int, int]:
    """Where a compact row's story mark goes: (line of the row, cells from the title column's
    start). After the title's last line, MARK_GAP cells on, where it fits in `room` cells; else
    alone on a line under the title, at its column. (-1, 0) when there is no mark."""
    if not mark:
        return -1, 0
    last = row_cells(lines[-1]) if lines else 0
    at = last + MARK_GAP if last else 0
    if at + cell_len(mark) <= room:
        return max(0, len(lines) - 1), at
    return len(lines), 0


def title_indent(headline: Headline) -> int:
    """Cells between the gutter and the title: ALERT_CELLS for a watchlist match, else 0."""
    return ALERT_CELLS if headline.alert else 0


def legend(alerts: bool) -> tuple[tuple[str, str], ...]:
    """The help's legend: LEGEND, and the watchlist's mark when `alerts` are configured."""
    return (*LEGEND, ALERT_LEGEND) if alerts else LEGEND
