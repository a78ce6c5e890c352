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

NEW_SYMBOL = "✦"
UNREAD_SYMBOL = "•"
STAR_SYMBOL = "★"
ALERT_SYMBOL = "⚑"
GUTTER = 3  # new-or-unread mark, star, space
ALERT_CELLS = 2
"""Cells before the title of a headline the watchlist matches: ⚑ and a space. A mark, not
only a colour: the newest headline arrives under the highlight (follow mode), whose colours
cover the title's, and a terminal without colours shows it too."""

FRESH_SECONDS = 120.0
"""How long a headline that arrives in an open list keeps ✦ (the list's `fresh_seconds`)."""

LEGEND: tuple[tuple[str, str], ...] = (
    (
        NEW_SYMBOL,
        f"just arrived: came in during the last {FRESH_SECONDS / 60:.0f} minutes (then it shows •)",
    ),
    (UNREAD_SYMBOL, "unread; unread titles are bold, read ones dim and unmarked"),
    (STAR_SYMBOL, "starred"),
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
        self, headline: Headline, width: int, *, fresh: bool, cursor: bool, source_width: int
    ) -> Strip:
        """One row: marks, the time of day, the source and the title cut to fit."""
        source_cells = max(4, min(source_width, width // 6))
        when = fit(format_time(headline.published, self.clock_format), self.clock_width)
        used = GUTTER + self.clock_width + 1 + source_cells + 1 + title_indent(headline)
        segments = [
            *self._marks(headline, fresh=fresh),
            Segment(when + " ", self.style(TIME)),
            Segment(fit(clean(headline.source_name), source_cells) + " ", self._source(headline)),
            *self._flag(headline, first=True),
            Segment(fit(clean(headline.title), width - used), self._title(headline)),
        ]
        return self._finish(segments, width, cursor)

    def newsline(
        self, headline: Headline, lines: tuple[str, ...], width: int, *, fresh: bool, cursor: bool
    ) -> list[Strip]:
        """The title's wrapped lines (`lines`, wrapped to `width - GUTTER - title_indent`),
        then a line with the time (the full format) and source."""
        title_style, base = self._title(headline), self.style("")
        indent = Segment(" " * GUTTER, base)
        strips = []
        for number, line in enumerate(lines):
            gutter = self._marks(headline, fresh=fresh) if number == 0 else [indent]
            flag = self._flag(headline, first=number == 0)
            strips.append(self._finish([*gutter, *flag, Segment(line, title_style)], width, cursor))
        when = format_time(headline.published, self.time_format)
        source = fit(clean(headline.source_name), max(0, width - GUTTER - cell_len(when) - 2))
        meta = [
            indent,
            Segment(when + "  ", self.style(TIME)),
            Segment(source.rstrip(), self._source(headline)),
        ]
        strips.append(self._finish(meta, width, cursor))
        return strips

    def separator(self, day: date, width: int) -> Strip:
        label = f"── {day_label(day)} "
        text = fit(label + "─" * max(0, width - cell_len(label)), width)
        return Strip([Segment(text, self.style(SEPARATOR))], width)

    def _marks(self, headline: Headline, *, fresh: bool) -> list[Segment]:
        if fresh:
            mark = Segment(NEW_SYMBOL, self.style(FRESH))
        elif not headline.read:
            mark = Segment(UNREAD_SYMBOL, self.style(UNREAD_MARK))
        else:
            mark = Segment(" ", self.style(""))
        star = STAR_SYMBOL if headline.starred else " "
        return [mark, Segment(star, self.style(STAR)), Segment(" ", self.style(""))]

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


def title_indent(headline: Headline) -> int:
    """Cells between the gutter and the title: ALERT_CELLS for a watchlist match, else 0."""
    return ALERT_CELLS if headline.alert else 0


def legend(alerts: bool) -> tuple[tuple[str, str], ...]:
    """The help's legend: LEGEND, and the watchlist's mark when `alerts` are configured."""
    return (*LEGEND, ALERT_LEGEND) if alerts else LEGEND
