"""Provides SourceTable: the sources view's table, drawing only the rows on screen."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newstui.ui.widgets.cells import clean, fit, row_cells

HEADER = "source-table--header"
CURSOR = "source-table--cursor"
EVEN = "source-table--even-row"
ODD = "source-table--odd-row"


@dataclass(frozen=True)
class Column:
    """A column of the table: its label, whether its cells are right-aligned, and how it gives
    way where the table is wider than the screen (SourceTable.fit): `least`, the cells it may
    shrink to (0: it keeps its width), and `drop`, its turn to be left out (1 first; 0: never)."""

    label: str
    right: bool = False
    least: int = 0
    drop: int = 0


Cell = tuple[str, str]
"""A cell's text (a stranger's: drawn as text, never read as markup) and its Rich style
("" for none)."""


class SourceTable(ScrollView, can_focus=True):
    """A table of one row per source under a fixed header row, with a row cursor and zebra
    stripes, looking as Textual's DataTable did here.

    A row's cells are asked for (and drawn) only while it is on screen (the Line API), so a
    table of 5,000 sources costs about what one of 50 does: DataTable built, measured and
    stored every cell of every row as it was added (~0.1 ms a row, ~0.7 s for 5,000;
    ../shared/notes/measurements.md has 1.4 s for 10,000). The caller gives the columns'
    widths, from what it knows of every row without drawing it (`measure`)."""

    # Enter is the screen's (sources.choose); a click on the cursor's row chooses too.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="sources.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="sources.down"),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", show=False, id="sources.page_up"),
        Binding("pagedown,ctrl+f", "page(1)", "Page down", show=False, id="sources.page_down"),
        Binding("home,g,ctrl+home", "first", "First", show=False, id="sources.first"),
        Binding("end,G,ctrl+end", "last", "Last", show=False, id="sources.last"),
        Binding("left", "scroll_left", "Scroll left", show=False, id="sources.left"),
        Binding("right", "scroll_right", "Scroll right", show=False, id="sources.right"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {HEADER, CURSOR, EVEN, ODD}
    # DataTable's look (textual 8.2.8's DEFAULT_CSS), so the view looks as it did.
    DEFAULT_CSS = """
    SourceTable {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .source-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .source-table--header { background-tint: $foreground 5%; }
        }
        &:dark > .source-table--even-row { background: $surface-darken-1 40%; }
        & > .source-table--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .source-table--header { background: ansi_bright_blue; color: ansi_default; }
        & > .source-table--even-row { background: $surface-lighten-1 50%; }
        & > .source-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class RowHighlighted(Message):
        """The cursor moved to another row."""

        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    class RowSelected(Message):
        """The reader chose the row under the cursor (a click on it, or `action_select`)."""

        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = tuple(columns)
        self._count = 0
        self._cells: Callable[[int], Sequence[Cell]] = _no_row
        self._shown: LRUCache[int, tuple[tuple[Cell, ...], tuple[str, ...]]] = LRUCache(256)
        self._natural = [row_cells(c.label) for c in self.columns]
        self._widths = list(self._natural)
        """The columns' widths as drawn (`fit`); 0: left out at this width."""
        self._cursor = 0

    # Rows

    @property
    def row_count(self) -> int:
        return self._count

    def set_rows(
        self, count: int, cells: Callable[[int], Sequence[Cell]], widths: Sequence[int]
    ) -> None:
        """Shows `count` rows in place of those shown: row i's cells (one a column) are
        `cells(i)`, asked only while the row is on screen; `widths` are the columns' cells
        (`measure` gives them for text; a label is never cut). The cursor keeps its place
        (the last row at most)."""
        self._count = count
        self._cells = cells
        self._shown.clear()
        self._natural = [
            max(w, row_cells(c.label)) for c, w in zip(self.columns, widths, strict=True)
        ]
        self._cursor = max(0, min(self._cursor, count - 1))
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    @property
    def left_out(self) -> frozenset[str]:
        """The labels of the columns left out at this width (`Column.drop`)."""
        return frozenset(c.label for c, w in zip(self.columns, self._widths, strict=True) if not w)

    def _fit(self) -> None:
        room = self.scrollable_content_region.width
        self._widths = fit_columns(self.columns, self._natural, room)
        self.virtual_size = Size(sum(w + 2 for w in self._widths if w), self._count + 1)
        self.refresh()

    def _row(self, index: int) -> tuple[tuple[Cell, ...], tuple[str, ...]]:
        shown = self._shown.get(index)
        if shown is None:
            cells = tuple(self._cells(index))
            shown = cells, tuple(clean(text) for text, _ in cells)
            self._shown[index] = shown
        return shown

    def get_row_at(self, index: int) -> tuple[str, ...]:
        """The cells' text of row `index` as drawn (one line, without control characters)."""
        return self._row(index)[1]

    # The cursor

    @property
    def cursor_row(self) -> int:
        """The row under the cursor (0 also when there are no rows)."""
        return self._cursor

    @cursor_row.setter
    def cursor_row(self, row: int) -> None:
        row = max(0, min(row, self._count - 1))
        if row != self._cursor:
            self._cursor = row
            self.refresh()
            self.post_message(self.RowHighlighted(row))
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        rows_shown = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + rows_shown:
            self.scroll_to(y=self._cursor - rows_shown + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.cursor_row = self._cursor + step

    def action_page(self, direction: int) -> None:
        self.cursor_row = self._cursor + direction * max(
            1, self.scrollable_content_region.height - 1
        )

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = self._count - 1

    def action_select(self) -> None:
        if self._count:
            self.post_message(self.RowSelected(self._cursor))

    def on_click(self, event: events.Click) -> None:
        """A click moves the cursor to its row; a click on the row under the cursor chooses it
        (as in DataTable)."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = int(self.scroll_y) + offset.y - 1
        if not 0 <= row < self._count:
            return
        if row == self._cursor:
            self.action_select()
        else:
            self.cursor_row = row

    # Drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = -1
        if y == 0:
            style = base + self.get_component_rich_style(HEADER)
            cells: Sequence[Cell] = [(c.label, "") for c in self.columns]
            texts: Sequence[str] = [c.label for c in self.columns]
        else:
            row = int(self.scroll_y) + y - 1
            if row >= self._count:
                return Strip.blank(width, base)
            name = CURSOR if row == self._cursor else EVEN if row % 2 == 0 else ODD
            style = base + self.get_component_rich_style(name)
            cells, texts = self._row(row)
        segments = []
        for column, (_, cell_style), text, cell_width in zip(
            self.columns, cells, texts, self._widths, strict=True
        ):
            if not cell_width:
                continue  # left out at this width (fit_columns)
            room = cell_width - row_cells(text)
            shown = " " * room + text if column.right and room >= 0 else fit(text, cell_width)
            if cell_style:  # the cursor's colours cover a cell's own, as in DataTable
                cell = _style(cell_style)
                segment_style = cell + style if row == self._cursor else style + cell
            else:
                segment_style = style
            segments.append(Segment(f" {shown} ", segment_style))
        x = int(self.scroll_x)
        total = self.virtual_size.width
        strip = Strip(segments, total).crop(x, x + width)
        return strip.extend_cell_length(width, style)


@lru_cache(maxsize=64)
def _style(name: str) -> Style:
    return Style.parse(name)


def fit_columns(columns: Sequence[Column], widths: Sequence[int], room: int) -> list[int]:
    """The columns' `widths` fitted into `room` cells (each column takes its width and a cell
    either side): as they are where they fit; else, leaving out as few columns as it takes
    (in their `drop` order, 0 for one left out), the columns shrink to their `least` (those
    that may be left out first) as far as needed. What still does not fit at the fewest
    columns scrolls sideways, as it is. Room 0 (not laid out yet): the widths as they are."""
    if room <= 0:
        return list(widths)
    droppable = [i for _, i in sorted((c.drop, i) for i, c in enumerate(columns) if c.drop)]
    others = [i for i, c in enumerate(columns) if c.least and not c.drop]
    for left_out in range(len(droppable) + 1):
        fitted = list(widths)
        for i in droppable[:left_out]:
            fitted[i] = 0
        excess = sum(w + 2 for w in fitted if w) - room
        for i in droppable[left_out:] + others:
            if excess <= 0:
                break
            least = columns[i].least or fitted[i]  # 0: it keeps its width (or is left out)
            cut = min(excess, max(0, fitted[i] - least))
            fitted[i] -= cut
            excess -= cut
        if excess <= 0:
            return fitted
    return fitted


def measure(texts: Iterable[str]) -> int:
    """The widest of `texts` in terminal cells, as the table draws them (0 for none)."""
    widest = 0
    for text in texts:
        text = clean(text)
        # Most cells are short ASCII: their length is their width.
        width = len(text) if text.isascii() else row_cells(text)
        widest = max(widest, width)
    return widest


def _no_row(index: int) -> Sequence[Cell]:
    raise IndexError(index)
