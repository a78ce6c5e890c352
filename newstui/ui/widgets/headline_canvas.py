"""Provides HeadlineCanvas: the drawing half of the headline list (lines, strips, measuring)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from newstui.models import Headline
from newstui.ui.textual_compat import scroll_update_keeping_bar, scrollbar_thumb
from newstui.ui.widgets import headline_paint as paint
from newstui.ui.widgets.headline_paint import Layout, Painter, wrap_title
from newstui.ui.widgets.headline_styles import NO_HIGHLIGHT, RowStyles
from newstui.ui.widgets.line_map import LineMap
from newstui.ui.widgets.source_column import NARROW, SourceColumn
from newstui.ui.widgets.timefmt import DEFAULT_TIME_FORMAT, local_day, weekday
from newstui.ui.widgets.timeline import Timeline

LayoutChoice = Literal["auto", "newsline", "compact"]
NEWSLINE_BELOW = 100
"""Under this many cells of width, "auto" shows the News line layout (titles wrapped in full)."""
BLOCKS = 512
"""Headlines' drawn strips kept (an LRU): a dozen screens of 40 rows, four of 120. Each block
holds its strips and those Textual derives from them (crops, styles), 8.6 KiB a compact row at
100 columns, 15 KiB a News line at 80: at 2,048 they were 17 and 30 MiB of a ticker's steady
memory, while drawing a screen's rows again costs ~1.2-1.6 ms (benchmarks/strip_cache_cost.py)."""


class HeadlineCanvas(RowStyles):
    """Draws a `Timeline` of headlines: only the lines on screen, each headline's strips from an
    LRU keyed by what they show, through a `LineMap` that says which line shows what.

    In the News line layout a headline's height is known once its title is wrapped; the canvas
    wraps ("measures") the headlines on screen and a page either side whenever the view moves
    (`_settle`), before they are drawn, keeping the headline at the top of the view on its
    line. The highlight and the place of the view are the subclasses' (`HeadlineCursor`).
    """

    def __init__(
        self,
        *,
        time_format: str = DEFAULT_TIME_FORMAT,
        layout: LayoutChoice = "auto",
        source_width: int = NARROW,
        fresh_seconds: float = paint.FRESH_SECONDS,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.time_format = time_format
        self._source_column = SourceColumn(source_width)
        self.fresh_seconds = fresh_seconds
        self._layout_choice: LayoutChoice = checked_layout(layout)
        self._beside_article = False
        self._timeline = Timeline()
        self._lines = LineMap(self._timeline)
        self._cursor = -1
        self._cursor_id: int | None = None
        self._fresh: dict[int, float] = {}  # id -> monotonic expiry of its "just arrived" mark
        self._blocks: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(BLOCKS)
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(256)
        self._wrapped: LRUCache[tuple[object, ...], tuple[str, ...]] = LRUCache(4096)
        self._versions: dict[int, int] = {}
        self._version_counter = 0
        self._styles: dict[str, Style] = {}
        self._painter: Painter | None = None
        self._settling = False
        self._thumb: tuple[int, ...] = ()
        self._story_marks: dict[int, str] = {}
        """Headline id -> the mark of the story its row stands for ("+2 sources")."""
        self._expanded: dict[int, tuple[Headline, ...]] = {}
        """Headline id of an expanded story's row -> its other headlines, drawn under it."""
        self._member = -1
        """Which of the highlighted row's expanded headlines is highlighted; -1: the row."""

    @property
    def headlines(self) -> Sequence[Headline]:
        """The headlines held, newest first (read only)."""
        return self._timeline.items

    @property
    def source_width(self) -> int:
        """The compact layout's source column now, in cells (`_source_cells`)."""
        return self._source_cells(self.scrollable_content_region.width)

    def _source_cells(self, width: int) -> int:
        """The source column at content `width`: as wide as the names held need from 120
        columns on (`source_column`). Cheap (it is in every line's cache key): measured again
        only when the names held or the width change."""
        return self._source_column.cells(self._timeline, width)

    @property
    def current_layout(self) -> Layout:
        """The layout drawn now: "auto" is the News line beside an article (`beside_article`)
        and where the list is narrower than NEWSLINE_BELOW, else compact."""
        if self._layout_choice != "auto":
            return self._layout_choice
        narrow = self.outer_size.width < NEWSLINE_BELOW
        return "newsline" if narrow or self._beside_article else "compact"

    def _viewport_moved(self) -> None:
        """The view's first line changed (subclasses count what came into view)."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # ScrollView's watcher, except that the scrollbar repaints only when its thumb moves.
        if self.show_vertical_scrollbar:
            self._move_scrollbar(new_value)
        if round(old_value) != round(new_value):
            self._settle()
            self.refresh(self.size.region)
            self._viewport_moved()

    def _scroll_update(self, virtual_size: Size) -> None:
        scroll_update_keeping_bar(self, virtual_size)  # no repaint of the bar at each layout

    def _move_scrollbar(self, position: float) -> None:
        """Give the scrollbar its new position, repainting it only if the thumb moved.

        Repainting the 40-line bar costs as much as drawing the rows, yet over thousands of
        rows the thumb moves an eighth of a cell only every few dozen rows scrolled. The
        position is always stored exactly (dragging the thumb starts from it).
        """
        bar = self.vertical_scrollbar
        thumb = scrollbar_thumb(bar, position)
        if thumb == self._thumb and not bar.grabbed:
            bar.set_reactive(ScrollBar.position, bar.validate_position(position))
        else:
            self._thumb = thumb
            bar.position = position

    # -- rendering -------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        if not self._plain_box():
            # Textual's own path. Its line cache cannot predate a change of box: a change of
            # border, padding, tint or opacity is a style change, which refreshes the whole
            # widget and so clears that cache.
            return super().render_lines(crop)
        # Fast path, same output as Textual's StylesCache when there is no border, padding,
        # outline, tint or opacity to apply: it would re-wrap every line in a new Strip (and
        # re-run the line filters) on every frame, which is most of a scroll's cost. Our
        # cached strips keep their filtered versions, so a scrolled frame is mostly lookups.
        width = self.scrollable_content_region.width
        full_width = self.content_region.width  # the scrollbar is drawn over the rest
        top = round(self.scroll_y)
        filters = self.get_line_filters()
        base_background, background = self.background_colors
        inner = Style(bgcolor=(base_background + background).rich_color)
        strips = []
        for y in crop.line_range:
            # Both steps are cached on the (cached) strip itself: no new Strip per frame.
            strip = self._line(top + y, width).adjust_cell_length(full_width, inner)
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            strips.append(strip)
        x1, x2 = crop.column_span
        if (x1, x2) != (0, full_width):
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def render_line(self, y: int) -> Strip:
        return self._line(round(self.scroll_y) + y, self.scrollable_content_region.width)

    def _plain_box(self) -> bool:
        styles = self.styles
        return not (
            any(edge[0] for edge in styles.border)
            or any(edge[0] for edge in styles.outline)
            or any(styles.padding)
            or styles.tint.a
            or styles.text_opacity != 1.0
            or self.opacity != 1.0
            or styles.has_rule("hatch")
        )

    def _line(self, y: int, width: int) -> Strip:
        """The strip for a line of the list, from the caches when it can be."""
        if self._drawn_with is not None:  # restyled since the last draw
            self._check_styles()
        place = self._lines.locate(y)
        if isinstance(place, tuple):
            index, offset = place
            block = self._block(index, width)
            if offset < len(block):
                return block[offset]
            place = None  # drawn before it was measured: _settle is on its way
        key: tuple[object, ...] = ("blank", width) if place is None else ("day", place, width)
        strip = self._strips.get(key)
        if strip is None:
            if place is None:
                strip = Strip.blank(width, self._style(""))
            else:
                strip = self._paint.separator(place, width)
            self._strips[key] = strip
        return strip

    def _block(self, index: int, width: int) -> list[Strip]:
        """The strips of one headline: one row (compact) or its lines (News line), and under
        an expanded story's row a line for each of its other headlines."""
        headline = self._timeline.items[index]
        fresh, opened = self._gutter_marks(headline)
        member = self._member if index == self._cursor else NO_HIGHLIGHT
        # One line a headline while the line map counts one (uniform), else as the layout says.
        compact = self._lines.uniform or self.current_layout == "compact"
        more = self._story_marks.get(headline.id, "")
        members = self._expanded.get(headline.id, ())
        key = (  # the highlight first: RowStyles drops those blocks when only its look changed
            member,
            headline.id,
            self._versions.get(headline.id, 0),
            headline.read,
            headline.starred,
            headline.alert,
            fresh,
            opened,
            width,
            compact and self._source_cells(width),
            more,
            members,
        )
        block = self._blocks.get(key)
        if block is None:
            cursor = member == -1
            if compact:
                block = self._paint.compact(
                    headline,
                    self._title_lines(headline, width, compact=True),
                    width,
                    fresh=fresh,
                    cursor=cursor,
                    source_width=self._source_cells(width),
                    more=more,
                    opened=opened,
                )
            else:
                lines = self._title_lines(headline, width)
                block = self._paint.newsline(
                    headline, lines, width, fresh=fresh, cursor=cursor, more=more, opened=opened
                )
            for number, (other, day, lines) in enumerate(self._member_lines(headline, width)):
                block += self._paint.member(
                    other,
                    lines,
                    width,
                    cursor=member == number,
                    source_width=self._source_cells(width),
                    day=day,
                )
            if not self._lines.is_measured(index) and not self._settling:
                self.call_later(self._settle)  # a safety net: drawn lines are measured first
            self._blocks[key] = block
        return block

    def _height(self, headline: Headline, width: int) -> int:
        """The lines of a headline's block at this width: its row (compact: its wrapped title,
        and its story's mark where that does not fit after it; News line: its wrapped title and
        a line under it) and its expanded story's headlines."""
        if self._lines.uniform:
            own = 1
        elif self.current_layout == "compact":
            lines = self._title_lines(headline, width, compact=True)
            more = self._story_marks.get(headline.id, "")
            own = self._paint.compact_height(
                headline, lines, width, self._source_cells(width), more
            )
        else:
            own = len(self._title_lines(headline, width)) + 1
        return own + sum(self.member_heights(headline, width))

    def _member_lines(
        self, row: Headline, width: int
    ) -> list[tuple[Headline, str, tuple[str, ...]]]:
        """Each headline under an expanded story's row: itself, its weekday when of another
        day than the row ("" when not), and its title wrapped to the room left (cached)."""
        day, shown = local_day(row.published), []
        for other in self._expanded.get(row.id, ()):
            label = "" if local_day(other.published) == day else weekday(other.published)
            key = (
                other.id,
                self._versions.get(other.id, 0),
                width,
                self._source_cells(width),
                label,
            )
            lines = self._wrapped.get(key)
            if lines is None:
                room = self._paint.member_room(width, self._source_cells(width), label)
                lines = self._wrapped[key] = wrap_title(other.title, room, self.app.console)
            shown.append((other, label, lines))
        return shown

    def member_heights(self, row: Headline, width: int) -> list[int]:
        """Lines of each headline under an expanded story's row (none when not expanded)."""
        return [len(lines) for _, _, lines in self._member_lines(row, width)]

    @property
    def _paint(self) -> Painter:
        if self._painter is None:
            self._painter = Painter(
                self._style, dark=self.app.current_theme.dark, time_format=self.time_format
            )
        return self._painter

    # -- geometry --------------------------------------------------------------------------

    def _title_lines(
        self, headline: Headline, width: int, *, compact: bool = False
    ) -> tuple[str, ...]:
        """The title wrapped at this content width for the News line layout, or (`compact`)
        for a compact row's title column (cached)."""
        column = compact and self._source_cells(width)
        key = (headline.id, self._versions.get(headline.id, 0), width, headline.alert, column)
        lines = self._wrapped.get(key)
        if lines is None:
            if compact:
                room = self._paint.compact_room(headline, width, self._source_cells(width))
            else:
                room = width - paint.GUTTER - paint.title_indent(headline)
            lines = self._wrapped[key] = wrap_title(headline.title, room, self.app.console)
        return lines

    def _measure(self, first: int, last: int, *, keep_top: bool) -> bool:
        """Wrap the titles of headlines `first..last` not measured yet; True if any was.

        When one is missing, half the span more either side is measured with it: a measurement
        costs an O(n) patch of the line map's prefix sums (about 1 ms at 50,000 headlines),
        paid once per few pages of movement rather than on every key. `keep_top`: the
        headline at the top of the view keeps its screen line (heights above it may change);
        otherwise the caller places the view itself.
        """
        lines = self._lines
        width = lines.width
        if width <= 0 or not lines.unmeasured(first, last):
            return False
        pad = max(1, (last - first) // 2)
        todo = lines.unmeasured(first - pad, last + pad)
        items = self._timeline.items
        top = round(self.scroll_y)
        index = lines.index_at(top)
        offset = lines.top_of(index) - top if len(items) else 0
        lines.record({i: self._height(items[i], width) for i in todo})
        self._update_virtual_size()
        if keep_top and len(items):
            target = max(0, lines.top_of(index) - offset)
            if target != top:
                self.scroll_to(y=target, animate=False, force=True)
        return True

    def _settle(self) -> None:
        """Measure the headlines on screen and a page either side, keeping the view in place."""
        if self._settling or self._lines.uniform or not len(self._timeline):
            return
        self._settling = True
        try:
            for _ in range(8):  # more may come into view when measured ones are shorter
                top, page = round(self.scroll_y), self._page_height()
                first = self._lines.index_at(top - page)
                last = self._lines.index_at(top + 2 * page)
                if not self._measure(first, last, keep_top=True):
                    break
                self.refresh()
        finally:
            self._settling = False

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _bump(self, headline_id: int) -> None:
        self._version_counter += 1
        self._versions[headline_id] = self._version_counter

    def _update_virtual_size(self) -> None:
        size = Size(self.scrollable_content_region.width, self._lines.total)
        if size != self.virtual_size:
            self.virtual_size = size

    def _refresh_index(self, index: int) -> None:
        line, height = self._lines.head_of(index), self._lines.height_of(index)
        top = round(self.scroll_y)
        if line < top + self._page_height() and line + height > top:
            self.refresh_lines(line, height)


def checked_layout(layout: str) -> LayoutChoice:
    """The layout choice, or ValueError naming the valid ones."""
    try:
        return _CHOICES[layout]
    except KeyError:
        raise ValueError(f"layout must be one of {', '.join(_CHOICES)}, not {layout!r}") from None


_CHOICES: dict[str, LayoutChoice] = {"auto": "auto", "newsline": "newsline", "compact": "compact"}
