"""Provides HeadlineList: the virtualised, live headline timeline widget."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from datetime import date
from typing import ClassVar, TypeAlias

from textual import events
from textual.binding import Binding, BindingType

from newstui.models import Headline
from newstui.ui.widgets import headline_messages as messages
from newstui.ui.widgets import headline_paint as paint
from newstui.ui.widgets.headline_canvas import LayoutChoice
from newstui.ui.widgets.headline_cursor import Anchor
from newstui.ui.widgets.headline_paint import Layout
from newstui.ui.widgets.headline_stories import StoryRows
from newstui.ui.widgets.timefmt import DEFAULT_TIME_FORMAT
from newstui.ui.widgets.timeline import Key, sort_key

KEPT_PAGES = 3  # below the anchor at max_rows (with 1, each drop was read back: NeedOlder)


class HeadlineList(StoryRows, can_focus=True, inherit_bindings=False):
    """Every headline from every source, newest first.

    A line-API widget: it holds the headlines in a `Timeline`, places them in lines with a
    `LineMap` and draws only the lines on screen, each headline from an LRU of rendered strips,
    so a keypress costs about the same at 50 headlines and at 50,000.

    Layouts (`layout=`, then `layout_choice`): "newsline" wraps each title in full over a dim
    line with its time and source; "compact" gives each headline one row (time of day, source,
    title cut to fit) under a line naming its day; "auto", the default, is News line where the
    list is narrower than `NEWSLINE_BELOW` cells. `L` (binding id `headlines.toggle_layout`)
    switches and posts `LayoutChanged` for the screen to remember.

    Live rules. Follow mode (`following`): while the highlight is on the newest headline and
    the view at the top, arrivals enter at the top and the highlight moves to the newest,
    posting `Highlighted` with `following=True`. On an article opened there (`holding`) it
    stays, its row moving down as news flows in above (`flowing`, while on screen). Elsewhere
    arrivals never move the highlight nor the lines on screen; those landing above the view
    are counted (`NewAbove`). The list posts `Opened` only for what the reader does.

    Marks, one meaning each (`headline_paint.LEGEND` gives the help screen's text): ✦ just
    arrived (for `fresh_seconds`, then •), • unread (its title bold; read titles are dim and
    unmarked), ★ starred, +N a story N more sources report (`set_stories`, StoryRows)."""

    ALLOW_SELECT = False  # clicks choose rows: a double click's selection made ctrl+c copy
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="headlines.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="headlines.down"),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="headlines.page_up"),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False, id="headlines.page_down"),
        Binding("home,g", "first", "Newest", show=False, id="headlines.first"),
        Binding("end,G", "last", "Oldest", show=False, id="headlines.last"),
        Binding("enter", "open", "Open", id="headlines.open"),
        Binding(
            "L", "toggle_layout", "News line/compact", show=False, id="headlines.toggle_layout"
        ),
        Binding("e,right", "toggle_story", "Expand/collapse", show=False, id="headlines.expand"),
        Binding("left", "collapse_story", "Collapse story", show=False, id="headlines.collapse"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        paint.TIME,
        paint.SOURCE,
        paint.UNREAD,
        paint.READ,
        paint.FRESH,
        paint.UNREAD_MARK,
        paint.STAR,
        paint.CURSOR,
        paint.SEPARATOR,
        paint.STORY,
        paint.ALERT,
        paint.OPEN,
    }
    """
    | Class | Description |
    | :- | :- |
    | `headline-list--time` | The time (compact: its column; News line: the line under a title). |
    | `headline-list--source` | The source's name (its colour comes from the name). |
    | `headline-list--unread` | The title of an unread headline. |
    | `headline-list--read` | The title of a read headline. |
    | `headline-list--fresh` | The ✦ of a headline that just arrived. |
    | `headline-list--unread-mark` | The • of an unread headline. |
    | `headline-list--star` | The star of a starred headline. |
    | `headline-list--cursor` | The highlighted headline (`:focus` gives the focused look). |
    | `headline-list--separator` | The day separator lines. |
    | `headline-list--story` | A story's "+N sources" and the ↳ of its expanded headlines. |
    | `headline-list--alert` | The title of a headline the watchlist matches (`Headline.alert`). |
    | `headline-list--open` | The bar before the title of the article open in the pane. |
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
        & > .headline-list--unread-mark { color: $text-accent; }
        & > .headline-list--star { color: $text-warning; }
        & > .headline-list--separator { color: $text-muted; }
        & > .headline-list--story { color: $text-accent; }
        & > .headline-list--alert { color: $text-error; }
        & > .headline-list--open { color: $text-accent; text-style: bold; }
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

    Highlighted: TypeAlias = messages.Highlighted
    Opened: TypeAlias = messages.Opened
    NewAbove: TypeAlias = messages.NewAbove
    NeedOlder: TypeAlias = messages.NeedOlder
    DayInView: TypeAlias = messages.DayInView
    LayoutChanged: TypeAlias = messages.LayoutChanged
    StoryWanted: TypeAlias = messages.StoryWanted

    def __init__(
        self,
        *,
        time_format: str = DEFAULT_TIME_FORMAT,
        layout: LayoutChoice = "auto",
        max_rows: int = 5000,
        fresh_seconds: float = paint.FRESH_SECONDS,
        source_width: int = 16,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(
            time_format=time_format, layout=layout, source_width=source_width,
            fresh_seconds=fresh_seconds, name=name, id=id, classes=classes, disabled=disabled,
        )  # fmt: skip
        self.max_rows = max(1, max_rows)
        self._unseen: list[Key] = []  # new headlines above the viewport, newest first
        self._posted_new = 0
        self._posted_day: date | None = None
        self._older_asked_for: int | None = None
        self._click_opened = False

    # -- reading state ---------------------------------------------------------------------

    @property
    def day_in_view(self) -> date | None:
        """The local date of the headline at the top of the view; None when the list is empty.

        No separator line names the newest day (a line above it would change whenever news
        arrived above a reader scrolled down), so the screen shows this day above the list.
        """
        if not len(self._timeline):
            return None
        return self._timeline.day_at(self._lines.index_at(round(self.scroll_y)))

    @property
    def new_count(self) -> int:
        """New headlines above the viewport, not seen yet (what NewAbove last said)."""
        return len(self._unseen)

    # -- layout ----------------------------------------------------------------------------

    def action_toggle_layout(self) -> None:
        chosen: Layout = "compact" if self.current_layout == "newsline" else "newsline"
        self.layout_choice = chosen
        self.post_message(self.LayoutChanged(self, chosen))

    # -- changing the contents -------------------------------------------------------------

    def set_headlines(self, headlines: Sequence[Headline]) -> None:
        """Replace every headline (any order; the newest `max_rows` are kept).

        The highlighted headline stays highlighted, on the same screen row, if still present;
        in follow mode the list stays in it, on the newest of the new headlines. Headlines that
        were new above the view and still are stay counted; ✦ marks stay (by id, FreshMarks).
        """
        following = self.following
        anchor = self._capture_anchor()
        shown = {headline.id: headline for headline in self._timeline.items}
        self._timeline.replace(headlines)
        self._timeline.drop_tail(self.max_rows)
        held = self._timeline
        self._take_stories([], forget=True)
        self._expanded = {key: value for key, value in self._expanded.items() if held.get(key)}
        self._versions = {key: value for key, value in self._versions.items() if held.get(key)}
        for headline in held.items:  # read anew with other text (a source renamed): redraw it
            if shown.get(headline.id, headline) != headline:
                self._bump(headline.id)
                self._lines.forget(headline.id)
        unseen, self._unseen, self._older_asked_for = self._unseen, [], None
        self._after_change(anchor, pinned=anchor is None or following, follow=following)
        self._count_unseen(held.held(unseen))  # still there and above: still new (X, a re-read)
        self._post_new_count()

    def add_headlines(self, headlines: Sequence[Headline]) -> None:
        """Merge arriving headlines (any order, may interleave; known ids are updated).

        In follow mode the newest enter at the top and the highlight moves to the newest.
        Otherwise the highlight stays on its headline and the lines on screen stay put (the
        scroll position shifts by the lines inserted above); new headlines that land above the
        viewport count as "new" (NewAbove). New headlines get the ✦ mark for `fresh_seconds`,
        unless the list was empty.
        """
        anchor = self._capture_anchor()
        following, flowing = self.following, self.flowing
        first_fill = not len(self._timeline)
        added = self._timeline.merge(headlines)
        added_ids = {headline.id for headline in added}
        for headline in headlines:
            if headline.id not in added_ids:  # a known one, maybe retitled: redraw it
                self._bump(headline.id)
                self._lines.forget(headline.id)
        # Filling an empty list (a first start) is not news arriving: a screen of ✦ says nothing.
        if added and not first_fill:
            self.mark_fresh(added)
        if not self._trim(anchor):  # the reader's place gave way: follow mode again
            anchor, flowing, following, self._unseen = None, True, True, []
        self._after_change(anchor, pinned=flowing, follow=following)
        if added:
            self._count_unseen(added)
        self._post_new_count()

    def extend_older(self, headlines: Sequence[Headline]) -> None:
        """Append older headlines paged back in (answer to NeedOlder); never trimmed here."""
        anchor = self._capture_anchor()
        pinned = self.following
        self._timeline.merge(headlines)
        self._after_change(anchor, pinned=pinned)

    def update_headline(self, headline: Headline) -> None:
        """Show a changed headline (read, starred, title...); only its lines are redrawn.

        Unknown ids are ignored. Should its time have changed, it moves to its new place
        without moving what the reader is looking at.
        """
        before = self._timeline.index_of(headline.id)
        if before is None:
            return
        old = self._timeline.items[before]
        anchor, pinned = self._capture_anchor(), self.following
        self._timeline.update(headline)
        self._bump(headline.id)
        if (old.title, old.source_name) != (headline.title, headline.source_name):
            self._lines.forget(headline.id)
        elif self._timeline.index_of(headline.id) == before:
            self._refresh_index(before)
            return
        self._after_change(anchor, pinned=pinned)

    def jump_to_newest(self) -> None:
        """Scroll to the top, highlight the newest headline and clear the new count."""
        self._unseen.clear()
        self.scroll_to(y=0, animate=False, force=True)
        self._move_to(0)
        self._post_new_count()

    # -- actions ---------------------------------------------------------------------------

    def action_open(self) -> None:
        headline = self.highlighted
        if headline is not None:
            self.post_message(self.Opened(self, headline))

    # -- events ----------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        place = self._lines.locate(round(self.scroll_y) + offset.y)
        if not isinstance(place, tuple):
            return
        entry = place[0]
        if event.chain == 1 and self._click_story(entry, place[1], offset.x):
            self._click_opened = True  # a double click must not open the row as well
            return
        if event.chain == 1:
            self._click_opened = entry == self._cursor
            self._move_to(entry)
            if self._click_opened:
                self.action_open()
        elif event.chain == 2 and not self._click_opened and entry == self._cursor:
            self.action_open()

    def on_mount(self) -> None:
        self._schedule_fresh_expiry()  # headlines may have been added before mounting
        self.watch(self.app, "theme", lambda _theme: self._restyle(), init=False)
        self._apply_layout()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_layout()  # "auto" may change layout; News line's heights follow the width
        self._laid_out = bool(self.scrollable_content_region.height)
        self._update_virtual_size()
        self._settle()
        self._scroll_cursor_into_view()

    def _announce_highlight(self, headline: Headline, *, following: bool) -> None:
        self.post_message(self.Highlighted(self, headline, following=following))

    # -- live rules ------------------------------------------------------------------------

    def _after_change(self, anchor: Anchor | None, *, pinned: bool, follow: bool = False) -> None:
        """Re-find the highlight, resize, and put the anchor back on its screen line; `follow`:
        the highlight goes to the newest headline (follow mode)."""
        timeline = self._timeline
        self._lines_changed()
        previous_id = self._cursor_id
        if follow and len(timeline):
            self._cursor = 0
        elif self._cursor_id is not None:
            index = timeline.index_of(self._cursor_id)
            self._cursor = -1 if index is None else index
        if self._cursor < 0 and len(timeline):
            self._cursor = 0
        if self._cursor >= len(timeline):
            self._cursor = len(timeline) - 1
        self._cursor_id = None if self._cursor < 0 else timeline.items[self._cursor].id
        self._restore(anchor, pinned=pinned)
        self.refresh()
        self._post_day()
        if self._cursor_id is not None and self._cursor_id != previous_id:
            self._announce_highlight(timeline.items[self._cursor], following=follow)

    def _trim(self, anchor: Anchor | None) -> bool:
        """Drop the oldest headlines over max_rows, never the highlight nor what is on screen
        until max_rows arrived above them (not its depth: older ones paged in stay): that place
        gives way then (False; an away reader's list grew for days); the newest max_rows stay."""
        timeline = self._timeline
        if len(timeline) <= self.max_rows:
            return True
        index = None if self._cursor_id is None else timeline.index_of(self._cursor_id)
        keep = self.max_rows if index is None else max(self.max_rows, index + 1)
        if anchor is not None:  # the screen stays; past the cap, with pages below (KEPT_PAGES)
            index, page = timeline.index_of_key(anchor[0]), self._page_height()
            keep = max(keep, index + (page if index + page <= keep else KEPT_PAGES * page))
        kept = len(self._unseen) < self.max_rows
        dropped = [headline.id for headline in timeline.drop_tail(keep if kept else self.max_rows)]
        for headline_id in dropped:
            self._fresh.pop(headline_id, None)
            self._versions.pop(headline_id, None)
        self._forget_rows(dropped)  # their stories' rows and marks: else held for days
        self._older_asked_for = None  # the lines change with the caller's _after_change
        return kept

    def _count_unseen(self, added: Iterable[Headline]) -> None:
        """Remember new headlines that landed above the viewport's first line."""
        timeline = self._timeline
        top = round(self.scroll_y)
        if not len(timeline) or top == 0:
            return
        top_key = timeline.key_at(self._lines.index_at(top))
        above = [key for key in map(sort_key, added) if key < top_key]
        if above:
            self._unseen = sorted(self._unseen + above)

    def _post_new_count(self) -> None:
        count = len(self._unseen)
        if count != self._posted_new:
            self._posted_new = count
            self.post_message(self.NewAbove(self, count))

    def _post_day(self) -> None:
        day = self.day_in_view
        if day != self._posted_day:
            self._posted_day = day
            self.post_message(self.DayInView(self, day))

    def _viewport_moved(self) -> None:
        """Headlines that scrolled into view are seen; near the end, ask for older ones."""
        timeline = self._timeline
        self._post_day()
        if not len(timeline):
            return
        top = round(self.scroll_y)
        if self._unseen:
            top_key = timeline.key_at(self._lines.index_at(top))
            # Unseen keys sort newest first; those at or after the top headline are on screen.
            del self._unseen[bisect_left(self._unseen, top_key) :]
            self._post_new_count()
        if top + 2 * self._page_height() >= self._lines.total:
            oldest = timeline.items[-1]
            if oldest.id != self._older_asked_for:
                self._older_asked_for = oldest.id
                self.post_message(self.NeedOlder(self, oldest))
