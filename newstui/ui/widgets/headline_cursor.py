"""Provides HeadlineCursor: the highlight and the view's place in the headline list."""

from __future__ import annotations

from textual.geometry import Region

from newstui.models import Headline
from newstui.ui.widgets.headline_canvas import HeadlineCanvas, LayoutChoice, checked_layout
from newstui.ui.widgets.timeline import Key

Anchor = tuple[Key, int]
"""A headline (its sort key) and the screen line, from the top of the view, of its first line."""


class HeadlineCursor(HeadlineCanvas):
    """Moves the highlight (keys, pages, jumps) and keeps the reader's place through changes.

    A place is an `Anchor`: the highlighted headline where it is on screen, else the headline
    at the top. After any change (news, a new width or layout) the anchor goes back to its
    screen line, so nothing the reader looks at moves; in follow mode (`following`) the view
    stays at the top instead, and so it does for arrivals while the highlight is on an article
    opened in follow mode (`holding`, `flowing`), as long as that row stays whole on screen.
    """

    _laid_out = False
    """Shown at a real size at least once (a place on screen means something)."""
    _read_id: int | None = None
    """The headline last opened in the pane, until the reader moves the highlight off it."""
    _filled = False
    """The list had headlines at the last change (the footer's keys that need one are lit)."""
    _read_flows = False
    """`_read_id` was opened in follow mode: news goes on flowing in above it."""
    _wanted: tuple[Key, int, int] | None = None
    """An anchor `_restore` put on another row to start the view at a whole headline: its key,
    the row it put it on, and the row it had."""
    _shown_page = 0
    """The view's height in lines when it was last shown (0: never shown)."""
    _top_whole = True
    """The view started at a headline's first line when the anchor was last taken: only then
    does `_restore` snap it to one (scrolled to the list's end, the top may cut a headline, and
    news arriving must not move a line of it)."""

    def _announce_highlight(self, headline: Headline, *, following: bool) -> None:
        """The highlight moved to `headline` (subclasses post a message)."""

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
    def opened_id(self) -> int | None:
        """The headline open in the reading pane (its screen says which; None: none), marked
        in the list (paint.OPEN_SYMBOL) wherever the highlight is (the reader may move it while
        the article stays open); arrivals never take the highlight off it (`holding`)."""
        return self._opened

    @opened_id.setter
    def opened_id(self, headline_id: int | None) -> None:
        if headline_id is not None and headline_id != self._read_id:
            self._read_flows = self.following and self._cursor_id == headline_id
            self._read_id = headline_id
        if headline_id != self._opened:
            self._opened = headline_id
            self.refresh()

    @property
    def holding(self) -> bool:
        """The highlight is on the article open in the pane, or the one just closed (until the
        reader moves it): arrivals never take it from there, so that closing the article comes
        back to its row and `j` goes on to the next older."""
        return self._cursor_id is not None and self._cursor_id == self._read_id

    @property
    def following(self) -> bool:
        """Follow mode: the highlight on the newest headline and the view at the top, not
        `holding` (an article read there keeps the highlight while news flows in above it)."""
        return self._cursor <= 0 and round(self.scroll_y) == 0 and not self.holding

    @property
    def flowing(self) -> bool:
        """The view stays at the top as headlines arrive: in follow mode, or `holding` an
        article opened in follow mode (its row moves down while whole on screen, `_restore`).
        An article opened further down keeps its lines put, as any place out of follow mode."""
        held = self.holding and self._read_flows
        return round(self.scroll_y) == 0 and (self._cursor <= 0 or held)

    def line_of(self, index: int) -> int:
        """The first line (from the top of the list, not the screen) of the headline at `index`."""
        return self._lines.head_of(index)

    @property
    def layout_choice(self) -> LayoutChoice:
        """ "auto", "newsline" or "compact" (the `layout` given); setting it redraws, keeping the
        highlighted headline on its screen line. `current_layout` is the one drawn."""
        return self._layout_choice

    @layout_choice.setter
    def layout_choice(self, choice: LayoutChoice) -> None:
        self._layout_choice = checked_layout(choice)
        self._apply_layout()

    @property
    def beside_article(self) -> bool:
        """The reading pane is beside the list (its screen says so). "auto" then shows the News
        line at any width: a compact row of a list sharing even 200 columns (120 cells) cuts
        headlines over 92 cells, 2.5 % of the shared corpus's 4,275 titles, and the list is
        the index of what else there is to read while one article is open."""
        return self._beside_article

    @beside_article.setter
    def beside_article(self, beside: bool) -> None:
        if beside != self._beside_article:
            self._beside_article = beside
            self._apply_layout()

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter with no headline does nothing: None dims its key in the footer, as Textual
        shows a disabled binding (`_restore` refreshes the bindings when the list empties or
        fills, for the screen's keys that need a headline too)."""
        return None if action == "open" and not len(self._timeline) else True

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

    # -- places -----------------------------------------------------------------------------

    def _apply_layout(self) -> None:
        """Take up the layout and width now in force, keeping the highlight in place."""
        width = self.scrollable_content_region.width
        if not self.is_mounted or not width:
            # Hidden (the article has the screen): nothing is drawn, and a width of 0 would
            # forget every height measured, leaving arrivals placed by estimates that the
            # measuring on showing again corrects, moving the highlight. on_resize comes then.
            return
        anchor = self._capture_anchor()
        if self._lines.configure(uniform=self._uniform(), width=width, kind=self._line_kind(width)):
            self._blocks.clear()
            self._restore(anchor, pinned=self.following, snap=False)
            self._snap_top()
            self.refresh()

    def _line_kind(self, width: int) -> str:
        """The line map's kind at `width`: the layout, and a compact list's source column (its
        titles wrap to the room past it: a new width of it is a new set of heights)."""
        kind = self.current_layout
        if kind != "compact":
            return kind
        return f"{kind}:{self._source_column.cells(self._timeline, width)}"

    def _lines_changed(self) -> None:
        """The timeline changed: its separators move, and a source name that came or went may
        change the source column (measured again; the caller puts its anchor back)."""
        self._lines.changed()
        width = self.scrollable_content_region.width
        if self.is_mounted and width:
            kind = self._line_kind(width)
            if self._lines.configure(uniform=self._uniform(), width=width, kind=kind):
                self._blocks.clear()

    def _snap_top(self) -> None:
        """After a new width or layout, start the view at a headline's first line: kept on
        its screen line, the anchor can leave the tail of a headline cut at the top. The cut
        one is shown whole while the highlight stays on screen (it moves down a little), else
        the view starts at the headline below it."""
        lines, top = self._lines, round(self.scroll_y)
        index = lines.index_at(top)
        if not len(self._timeline) or lines.top_of(index) == top:
            return
        whole = lines.top_of(index)
        head = lines.head_of(self._cursor) if self._cursor >= 0 else whole
        below = lines.top_of(min(index + 1, len(self._timeline) - 1))
        target = whole if head < whole + self._page_height() else below
        if self._cursor >= 0:  # the row it had, for the next change (no drift: `_wanted`)
            key, row = self._wanted_line(self._timeline.key_at(self._cursor), head - top)
            self._wanted = (key, head - target, row) if head - target != row else None
        self.scroll_to(y=target, animate=False, force=True)

    def _page_height(self) -> int:
        """The view's height in lines; while hidden (the article has the screen, the height is
        0) the height it had and will have again, so that the place kept through arrivals is
        the one the reader left: the highlight's row, not the top line of a one-line page."""
        height = self.scrollable_content_region.height
        if height:
            self._shown_page = height
        return max(1, height or self._shown_page)

    def _uniform(self) -> bool:
        """Every headline one line high: never, as drawn now. A compact row wraps a title
        longer than its column onto lines under it (2.5-5.5 % of the shared corpus's titles
        between 100 and ~167 columns), so its heights are measured as News line's are."""
        return False

    def _capture_anchor(self) -> Anchor | None:
        """The headline whose screen line must not move, and that line (relative to the top).

        The highlighted headline if its first line is on screen, else the one at the top.
        """
        timeline, lines = self._timeline, self._lines
        if not len(timeline) or not self._laid_out:
            return None  # nothing shown yet: no place to keep
        top = round(self.scroll_y)
        index = lines.index_at(top)
        self._top_whole = lines.top_of(index) >= top
        if self._cursor >= 0:
            head = lines.head_of(self._cursor)
            if top <= head < top + self._page_height():
                return self._wanted_line(timeline.key_at(self._cursor), head - top)
        return self._wanted_line(timeline.key_at(index), lines.head_of(index) - top)

    def _wanted_line(self, key: Key, line: int) -> Anchor:
        """The anchor, on the row it had before `_restore` snapped the view to a whole
        headline, if it is still where that snap put it (else the reader moved: a new place)."""
        wanted = self._wanted
        if wanted is not None and wanted[:2] == (key, line):
            return key, wanted[2]
        return key, line

    def _whole_top(self, top: int, head: int, page: int) -> int:
        """`top`, or the nearer line starting a headline's block (its separator, if any) where
        `top` falls inside one, as long as the anchor's first line (`head`) stays on the page.

        Headlines of varying heights arriving between the top and the anchor (older than the
        top one: a slow source's items) leave no whole headline above the anchor's row; the
        view then starts at a headline, with the anchor as near its row as those heights allow.
        """
        lines = self._lines
        index = lines.index_at(top)
        whole = lines.top_of(index)
        if whole >= top or self._timeline.items[index].id in self._expanded:
            return top  # an open story's lines are rows of their own: any may start the view
        below = lines.top_of(index + 1) if index + 1 < len(self._timeline) else whole
        up_ok, down_ok = head - whole < page, below <= head
        if down_ok and (below - top < top - whole or not up_ok):
            return below
        return whole

    def _restore(self, anchor: Anchor | None, *, pinned: bool, snap: bool = True) -> None:
        """Put the anchor back on its screen line (or the view at the top, when pinned, while the
        highlighted row stays whole on the page: news pushing it further, the place is kept).

        `snap`: start the view at a headline's first line (`_whole_top`); a new width or layout
        does so itself (`_snap_top`)."""
        timeline, lines, page = self._timeline, self._lines, self._page_height()
        shown = self.scrollable_content_region.height > 0  # hidden: the article has the screen
        if pinned and shown and anchor is not None and 0 < self._cursor < len(timeline):
            self._measure(0, self._cursor, keep_top=False)
            pinned = lines.head_of(self._cursor) + lines.height_of(self._cursor) <= page
        if pinned or anchor is None or not len(timeline):
            self._measure(0, page, keep_top=False)
            target = 0
        else:
            key, screen_line = anchor
            index = min(timeline.index_of_key(key), len(timeline) - 1)
            self._measure(index - page, index + page, keep_top=False)
            head = lines.head_of(index)
            target = max(0, head - screen_line)
            target = self._whole_top(target, head, page) if snap and self._top_whole else target
            # The row the reader left, while the anchor stays where the snap put it: kept
            # through many changes, the snaps do not add up to a drift.
            wanted = head - target != screen_line
            self._wanted = (key, head - target, screen_line) if wanted else None
        self._update_virtual_size()
        if bool(len(timeline)) != self._filled and self.is_attached:
            self._filled = not self._filled
            self.screen.refresh_bindings()  # keys that need a headline: dimmed, or lit
        # force: the scrollbar may not exist yet (the list just outgrew the screen).
        self.scroll_to(y=target, animate=False, force=True)

    def _move_to(self, index: int, *, reveal_separator: bool = False) -> None:
        timeline = self._timeline
        if not len(timeline):
            return
        index = max(0, min(index, len(timeline) - 1))
        old = self._cursor
        self._cursor = index
        self._cursor_id = timeline.items[index].id
        if self._cursor_id != self._read_id:
            self._read_id = None  # the reader moved on: arrivals may take the highlight again
        self._scroll_cursor_into_view(reveal_separator=reveal_separator)
        if index == old:
            return
        if old >= 0:
            self._refresh_index(old)
        self._refresh_index(index)
        self._announce_highlight(timeline.items[index], following=False)

    def _move_page(self, direction: int) -> None:
        """Move a page, keeping the highlight on the same screen line (as pagers do).

        The highlight goes to the headline a page of lines away, or the nearest one short of
        that where the line falls inside a headline.
        """
        timeline, lines = self._timeline, self._lines
        if not len(timeline):
            return
        page = self._page_height()
        cursor = max(self._cursor, 0)
        goal = lines.index_at(lines.head_of(cursor) + direction * page)
        self._measure(goal - page, goal + page, keep_top=True)
        head = lines.head_of(cursor)
        goal_line = max(0, head + direction * page)
        target = lines.index_at(goal_line)
        if direction < 0 and lines.head_of(target) < goal_line:
            target += 1  # never more than a page, either way
        if target == cursor:  # a headline taller than the page: still move one
            target = max(0, min(cursor + direction, len(timeline) - 1))
        top = round(self.scroll_y)
        self.scroll_to(y=top + lines.head_of(target) - head, animate=False, force=True)
        self._move_to(target)

    def _scroll_cursor_into_view(self, *, reveal_separator: bool = False) -> None:
        if self._cursor < 0 or not self.scrollable_content_region.height:
            return  # on_resize brings it into view once there is a view
        lines = self._lines
        page = self._page_height()
        self._measure(self._cursor - page, self._cursor + page, keep_top=True)
        line, height = lines.head_of(self._cursor), lines.height_of(self._cursor)
        if reveal_separator and self._timeline.separator_above(self._cursor):
            line, height = line - 1, height + 1
        self.scroll_to_region(
            Region(0, line, 1, height), animate=False, force=True, immediate=True, x_axis=False
        )
