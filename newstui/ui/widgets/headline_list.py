"""Provides HeadlineList: the virtualised, live headline timeline widget."""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from datetime import date
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.timer import Timer

from newstui.models import Headline
from newstui.ui.textual_compat import scrollbar_thumb
from newstui.ui.widgets.cells import clean, fit
from newstui.ui.widgets.source_colors import source_color
from newstui.ui.widgets.timefmt import (
    DEFAULT_TIME_FORMAT,
    day_label,
    format_time,
    time_column_width,
)
from newstui.ui.widgets.timeline import Key, Timeline, sort_key

_TIME = "headline-list--time"
_SOURCE = "headline-list--source"
_UNREAD = "headline-list--unread"
_READ = "headline-list--read"
_FRESH = "headline-list--fresh"
_STAR = "headline-list--star"
_CURSOR = "headline-list--cursor"
_SEPARATOR = "headline-list--separator"

_FRESH_MARK = "●"
_STAR_MARK = "★"
_GUTTER = 3  # fresh mark, star, space


class HeadlineList(ScrollView, can_focus=True, inherit_bindings=False):
    """Every headline from every source, newest first.

    A line-API widget: it holds the headlines in a `Timeline` and draws only the rows on
    screen, each from an LRU of rendered strips, so a keypress costs the same at 50 rows
    and at 50,000. News arriving never moves the highlight to another headline, and never
    moves the rows the reader is looking at on screen (except when the reader sits at the
    very top on the newest headline: then, like a ticker, the newest rows slide in above).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="headlines.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="headlines.down"),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="headlines.page_up"),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False, id="headlines.page_down"),
        Binding("home,g", "first", "Newest", show=False, id="headlines.first"),
        Binding("end,G", "last", "Oldest", show=False, id="headlines.last"),
        Binding("enter", "open", "Open", id="headlines.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        _TIME,
        _SOURCE,
        _UNREAD,
        _READ,
        _FRESH,
        _STAR,
        _CURSOR,
        _SEPARATOR,
    }
    """
    | Class | Description |
    | :- | :- |
    | `headline-list--time` | The time column. |
    | `headline-list--source` | The source column (its colour comes from the source's name). |
    | `headline-list--unread` | The title of an unread headline. |
    | `headline-list--read` | The title of a read headline. |
    | `headline-list--fresh` | The mark of a headline that arrived while the list was shown. |
    | `headline-list--star` | The star of a starred headline. |
    | `headline-list--cursor` | The highlighted row (`:focus` gives the focused look). |
    | `headline-list--separator` | The day separator rows. |
    """

    DEFAULT_CSS = """
    HeadlineList {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        & > .headline-list--time { color: $text-muted; }
        & > .headline-list--unread { text-style: bold; }
        & > .headline-list--read { color: $text-muted; }
        & > .headline-list--fresh { color: $text-success; text-style: bold; }
        & > .headline-list--star { color: $text-warning; }
        & > .headline-list--separator { color: $text-muted; }
        & > .headline-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .headline-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    class _FromList(Message):
        """A message from a headline list; `control` is the list, as Textual's widgets do."""

        def __init__(self, headline_list: HeadlineList) -> None:
            super().__init__()
            self.headline_list = headline_list

        @property
        def control(self) -> HeadlineList:
            return self.headline_list

    class _AboutHeadline(_FromList):
        def __init__(self, headline_list: HeadlineList, headline: Headline) -> None:
            super().__init__(headline_list)
            self.headline = headline

    class Highlighted(_AboutHeadline):
        """The highlight moved to another headline."""

    class Opened(_AboutHeadline):
        """The reader asked to open a headline (Enter, double click, click on the highlight)."""

    class NewAbove(_FromList):
        """The number of new headlines above the viewport changed (0: all seen)."""

        def __init__(self, headline_list: HeadlineList, count: int) -> None:
            super().__init__(headline_list)
            self.count = count

    class NeedOlder(_FromList):
        """The reader is within a page of the oldest held headline: page older ones in.

        Answer with `extend_older()`; it is asked once per oldest headline.
        """

        def __init__(self, headline_list: HeadlineList, before: Headline) -> None:
            super().__init__(headline_list)
            self.before = before

    def __init__(
        self,
        *,
        time_format: str = DEFAULT_TIME_FORMAT,
        max_rows: int = 5000,
        fresh_seconds: float = 600.0,
        source_width: int = 16,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.time_format = time_format
        self.max_rows = max(1, max_rows)
        self.fresh_seconds = fresh_seconds
        self.source_width = source_width
        self._time_width = time_column_width(time_format)
        self._timeline = Timeline()
        self._cursor = -1
        self._cursor_id: int | None = None
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(2048)
        self._versions: dict[int, int] = {}
        self._version_counter = 0
        self._styles: dict[str, Style] = {}
        self._fresh: dict[int, float] = {}  # id -> monotonic expiry
        self._fresh_timer: Timer | None = None
        self._unseen: list[Key] = []  # new headlines above the viewport, newest first
        self._posted_new = 0
        self._older_asked_for: int | None = None
        self._click_opened = False
        self._thumb: tuple[int, ...] = ()

    # -- reading state ---------------------------------------------------------------------

    @property
    def headlines(self) -> Sequence[Headline]:
        """The headlines held, newest first (read only)."""
        return self._timeline.items

    @property
    def highlighted(self) -> Headline | None:
        if self._cursor < 0:
            return None
        return self._timeline.items[self._cursor]

    @property
    def highlighted_index(self) -> int:
        """Index of the highlighted headline in `headlines` (0 is the newest), -1 if none."""
        return self._cursor

    @highlighted_index.setter
    def highlighted_index(self, index: int) -> None:
        self._move_to(index)

    @property
    def new_count(self) -> int:
        """New headlines above the viewport, not seen yet (what NewAbove last said)."""
        return len(self._unseen)

    # -- changing the contents -------------------------------------------------------------

    def set_headlines(self, headlines: Sequence[Headline]) -> None:
        """Replace every headline (any order; the newest `max_rows` are kept).

        The highlighted headline stays highlighted, on the same screen row, if still present.
        """
        anchor = self._capture_anchor()
        self._timeline.replace(headlines)
        self._timeline.drop_tail(self.max_rows)
        held = self._timeline
        self._versions = {key: value for key, value in self._versions.items() if held.get(key)}
        self._fresh = {key: value for key, value in self._fresh.items() if held.get(key)}
        self._unseen.clear()
        self._older_asked_for = None
        self._after_change(anchor, pinned=anchor is None)
        self._post_new_count()

    def add_headlines(self, headlines: Sequence[Headline]) -> None:
        """Merge arriving headlines (any order, may interleave; known ids are updated).

        The highlight stays on its headline and the rows on screen stay put: the scroll
        position shifts by the rows inserted above. Only a reader at the very top on the
        newest headline sees new rows slide in (a ticker). New rows that land above the
        viewport count as "new" (NewAbove) and all new rows get the fresh mark.
        """
        anchor = self._capture_anchor()
        pinned = self._is_pinned()
        added = self._timeline.merge(headlines)
        added_ids = {headline.id for headline in added}
        for headline in headlines:
            if headline.id not in added_ids:  # a known one, maybe retitled: redraw it
                self._bump(headline.id)
        if self.fresh_seconds > 0 and added:
            expiry = time.monotonic() + self.fresh_seconds
            for headline in added:
                self._fresh[headline.id] = expiry
            self._schedule_fresh_expiry()
        self._trim(anchor)
        self._after_change(anchor, pinned=pinned)
        if added:
            self._count_unseen(added)
        self._post_new_count()

    def extend_older(self, headlines: Sequence[Headline]) -> None:
        """Append older headlines paged back in (answer to NeedOlder); never trimmed here."""
        anchor = self._capture_anchor()
        pinned = self._is_pinned()
        self._timeline.merge(headlines)
        self._after_change(anchor, pinned=pinned)

    def update_headline(self, headline: Headline) -> None:
        """Show a changed headline (read, starred, title...); only its row is redrawn.

        Unknown ids are ignored. Should its time have changed, it moves to its new place
        without moving what the reader is looking at.
        """
        before = self._timeline.index_of(headline.id)
        if before is None:
            return
        anchor, pinned = self._capture_anchor(), self._is_pinned()
        self._timeline.update(headline)
        self._bump(headline.id)
        if self._timeline.index_of(headline.id) == before:
            self._refresh_index(before)
        else:
            self._after_change(anchor, pinned=pinned)

    def jump_to_newest(self) -> None:
        """Scroll to the top, highlight the newest headline and clear the new count."""
        self._unseen.clear()
        self.scroll_to(y=0, animate=False, force=True)
        self._move_to(0)
        self._post_new_count()

    # -- actions ---------------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self._move_to(self._cursor - 1, reveal_separator=True)

    def action_cursor_down(self) -> None:
        self._move_to(self._cursor + 1)

    def action_page_up(self) -> None:
        self._move_page(-1)

    def action_page_down(self) -> None:
        self._move_page(1)

    def action_first(self) -> None:
        self.scroll_to(y=0, animate=False, force=True)
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self._timeline) - 1)
        self.scroll_to(y=self.max_scroll_y, animate=False, force=True)

    def action_open(self) -> None:
        headline = self.highlighted
        if headline is not None:
            self.post_message(self.Opened(self, headline))

    # -- events ----------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        entry = self._timeline.locate(round(self.scroll_y) + offset.y)
        if not isinstance(entry, int):
            return
        if event.chain == 1:
            self._click_opened = entry == self._cursor
            self._move_to(entry)
            if self._click_opened:
                self.action_open()
        elif event.chain == 2 and not self._click_opened and entry == self._cursor:
            self.action_open()

    def on_focus(self, event: events.Focus) -> None:
        self._restyle()

    def on_blur(self, event: events.Blur) -> None:
        self._restyle()

    def on_mount(self) -> None:
        self._schedule_fresh_expiry()  # headlines may have been added before mounting
        self.watch(self.app, "theme", lambda _theme: self._restyle(), init=False)
        self._update_virtual_size()

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self._scroll_cursor_into_view()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # ScrollView's watcher, except that the scrollbar repaints only when its thumb moves.
        if self.show_vertical_scrollbar:
            self._move_scrollbar(new_value)
        if round(old_value) != round(new_value):
            self.refresh(self.size.region)
            self._viewport_moved()

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

    def _line(self, row: int, width: int) -> Strip:
        """The strip for a row of the timeline, from the cache when it can be."""
        entry = self._timeline.locate(row)
        if entry is None:
            blank_key: tuple[object, ...] = ("blank", width)
            strip = self._strips.get(blank_key)
            if strip is None:
                strip = self._strips[blank_key] = Strip.blank(width, self._style(""))
            return strip
        if isinstance(entry, date):
            sep_key: tuple[object, ...] = ("separator", entry, width)
            strip = self._strips.get(sep_key)
            if strip is None:
                strip = self._strips[sep_key] = self._render_separator(entry, width)
            return strip
        headline = self._timeline.items[entry]
        fresh = headline.id in self._fresh
        cursor = entry == self._cursor
        key = (
            headline.id,
            self._versions.get(headline.id, 0),
            headline.read,
            headline.starred,
            fresh,
            cursor,
            width,
        )
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_headline(headline, width, fresh=fresh, cursor=cursor)
            self._strips[key] = strip
        return strip

    def _render_headline(
        self, headline: Headline, width: int, *, fresh: bool, cursor: bool
    ) -> Strip:
        base = self._style("")
        source_cells = max(4, min(self.source_width, width // 6))
        dark = self.app.current_theme.dark
        source_name = clean(headline.source_name)
        source_style = self._style(_SOURCE) + Style(color=source_color(source_name, dark))
        title_style = self._style(_READ if headline.read else _UNREAD)
        when = fit(format_time(headline.published, self.time_format), self._time_width)
        used = _GUTTER + self._time_width + 1 + source_cells + 1
        segments = [
            Segment(_FRESH_MARK if fresh else " ", self._style(_FRESH)),
            Segment(_STAR_MARK if headline.starred else " ", self._style(_STAR)),
            Segment(" ", base),
            Segment(when + " ", self._style(_TIME)),
            Segment(fit(source_name, source_cells) + " ", source_style),
            Segment(fit(clean(headline.title), width - used), title_style),
        ]
        if cursor:
            cursor_style = self._style(_CURSOR)
            segments = [
                Segment(segment.text, (segment.style or base) + cursor_style)
                for segment in segments
            ]
        return Strip(segments).adjust_cell_length(width, base)

    def _render_separator(self, day: date, width: int) -> Strip:
        label = f"── {day_label(day)} "
        text = fit(label + "─" * max(0, width - len(label)), width)
        return Strip([Segment(text, self._style(_SEPARATOR))], width)

    def _style(self, component: str) -> Style:
        """A full Rich style for a component ("" for the widget), blended and cached."""
        style = self._styles.get(component)
        if style is None:
            visual = self.get_visual_style(component) if component else self.get_visual_style()
            style = self._styles[component] = visual.rich_style
        return style

    def _restyle(self) -> None:
        self._styles.clear()
        self._strips.clear()
        self.refresh()

    # -- internals -------------------------------------------------------------------------

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _bump(self, headline_id: int) -> None:
        self._version_counter += 1
        self._versions[headline_id] = self._version_counter

    def _update_virtual_size(self) -> None:
        size = Size(self.scrollable_content_region.width, self._timeline.row_count)
        if size != self.virtual_size:
            self.virtual_size = size

    def _is_pinned(self) -> bool:
        return round(self.scroll_y) == 0 and self._cursor <= 0

    def _capture_anchor(self) -> tuple[Key, int] | None:
        """The headline whose screen row must not move, and that row (relative to the top).

        The highlighted headline if it is on screen, else the first headline on screen.
        """
        timeline = self._timeline
        if not len(timeline):
            return None
        top = round(self.scroll_y)
        if self._cursor >= 0:
            row = timeline.row_of(self._cursor)
            if top <= row < top + self._page_height():
                return timeline.key_at(self._cursor), row - top
        index = timeline.index_at_or_after(top)
        return timeline.key_at(index), timeline.row_of(index) - top

    def _after_change(self, anchor: tuple[Key, int] | None, *, pinned: bool) -> None:
        """Re-find the highlight, resize, and put the anchor back on its screen row."""
        timeline = self._timeline
        previous_id = self._cursor_id
        if self._cursor_id is not None:
            index = timeline.index_of(self._cursor_id)
            self._cursor = -1 if index is None else index
        if self._cursor < 0 and len(timeline):
            self._cursor = 0
        if self._cursor >= len(timeline):
            self._cursor = len(timeline) - 1
        self._cursor_id = None if self._cursor < 0 else timeline.items[self._cursor].id
        self._update_virtual_size()
        if pinned or anchor is None:
            target = 0
        else:
            key, screen_row = anchor
            index = min(timeline.index_of_key(key), len(timeline) - 1)
            target = max(0, timeline.row_of(index) - screen_row)
        # force: the scrollbar may not exist yet (the list just outgrew the screen).
        self.scroll_to(y=target, animate=False, force=True)
        self.refresh()
        if self._cursor_id is not None and self._cursor_id != previous_id:
            self._visit(self._cursor_id)
            self.post_message(self.Highlighted(self, timeline.items[self._cursor]))

    def _trim(self, anchor: tuple[Key, int] | None) -> None:
        """Drop the oldest rows over max_rows, never the highlight nor what is on screen."""
        timeline = self._timeline
        if len(timeline) <= self.max_rows:
            return
        keep = self.max_rows
        if self._cursor_id is not None:
            index = timeline.index_of(self._cursor_id)
            if index is not None:
                keep = max(keep, index + 1)
        if anchor is not None:  # everything down to the bottom of the screen stays
            index = timeline.index_of_key(anchor[0])
            keep = max(keep, index + self._page_height())
        for headline in timeline.drop_tail(keep):
            self._fresh.pop(headline.id, None)
            self._versions.pop(headline.id, None)
        self._older_asked_for = None

    def _count_unseen(self, added: Iterable[Headline]) -> None:
        """Remember new headlines that landed above the viewport's first row."""
        timeline = self._timeline
        top = round(self.scroll_y)
        if not len(timeline) or top == 0:
            return
        top_key = timeline.key_at(timeline.index_at_or_after(top))
        above = [key for key in map(sort_key, added) if key < top_key]
        if above:
            self._unseen = sorted(self._unseen + above)

    def _post_new_count(self) -> None:
        count = len(self._unseen)
        if count != self._posted_new:
            self._posted_new = count
            self.post_message(self.NewAbove(self, count))

    def _viewport_moved(self) -> None:
        """Rows that scrolled into view are seen; near the end, ask for older ones."""
        timeline = self._timeline
        if not len(timeline):
            return
        top = round(self.scroll_y)
        if self._unseen:
            top_key = timeline.key_at(timeline.index_at_or_after(top))
            # Unseen keys sort newest first; those at or after the top row are on screen.
            del self._unseen[bisect_left(self._unseen, top_key) :]
            self._post_new_count()
        height = self._page_height()
        if top + 2 * height >= timeline.row_count:
            oldest = timeline.items[-1]
            if oldest.id != self._older_asked_for:
                self._older_asked_for = oldest.id
                self.post_message(self.NeedOlder(self, oldest))

    def _move_to(self, index: int, *, reveal_separator: bool = False) -> None:
        timeline = self._timeline
        if not len(timeline):
            return
        index = max(0, min(index, len(timeline) - 1))
        old = self._cursor
        self._cursor = index
        self._cursor_id = timeline.items[index].id
        self._scroll_cursor_into_view(reveal_separator=reveal_separator)
        if index == old:
            return
        if old >= 0:
            self._refresh_index(old)
        self._refresh_index(index)
        self._visit(self._cursor_id)
        self.post_message(self.Highlighted(self, timeline.items[index]))

    def _move_page(self, direction: int) -> None:
        """Move a page, keeping the highlight on the same screen row (as pagers do)."""
        timeline = self._timeline
        if not len(timeline):
            return
        height = self._page_height()
        old_row = timeline.row_of(max(self._cursor, 0))
        target = timeline.index_at_or_after(max(0, old_row + direction * height))
        new_row = timeline.row_of(target)
        self.scroll_to(y=round(self.scroll_y) + new_row - old_row, animate=False, force=True)
        self._move_to(target)

    def _scroll_cursor_into_view(self, *, reveal_separator: bool = False) -> None:
        if self._cursor < 0 or not self.is_mounted:
            return
        row = self._timeline.row_of(self._cursor)
        height = 1
        if reveal_separator and self._timeline.separator_above(self._cursor):
            row, height = row - 1, 2
        self.scroll_to_region(
            Region(0, row, 1, height), animate=False, force=True, immediate=True, x_axis=False
        )

    def _refresh_index(self, index: int) -> None:
        row = self._timeline.row_of(index)
        top = round(self.scroll_y)
        if top <= row < top + self._page_height():
            self.refresh_line(row)

    def _visit(self, headline_id: int) -> None:
        """The highlight landed on a headline: it no longer needs the fresh mark."""
        self._fresh.pop(headline_id, None)

    def _schedule_fresh_expiry(self) -> None:
        # One timer at the earliest expiry rather than a ticking interval: idle costs nothing.
        if self._fresh_timer is not None or not self._fresh or not self.is_mounted:
            return
        delay = max(0.05, min(self._fresh.values()) - time.monotonic())
        self._fresh_timer = self.set_timer(delay, self._expire_fresh)

    def _expire_fresh(self) -> None:
        self._fresh_timer = None
        now = time.monotonic()
        expired = [key for key, expiry in self._fresh.items() if expiry <= now]
        for key in expired:
            del self._fresh[key]
        if expired:
            self.refresh()
        self._schedule_fresh_expiry()
