"""Provides StoryRows: stories in the headline list, one row each with "+N sources", expandable."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from rich.cells import cell_len
from textual.geometry import Region

from newstui.models import Headline, StoryRow
from newstui.ui.widgets.headline_cursor import Anchor, HeadlineCursor
from newstui.ui.widgets.headline_messages import StoryWanted
from newstui.ui.widgets.headline_paint import mark_place, title_indent
from newstui.ui.widgets.timeline import sort_key


def story_mark(row: StoryRow) -> str:
    """What a story's row says of the rest of it: "+2 sources"; "+1 more" when one source
    wrote it twice; "" for a lone headline. (A narrow compact row shows the number alone:
    Painter.compact_mark.)"""
    if row.sources > 1:
        n = row.sources - 1
        return f"+{n} source{'s' if n > 1 else ''}"
    if row.headlines > 1:
        return f"+{row.headlines - 1} more"
    return ""


class StoryRows(HeadlineCursor):
    """The list's stories. A row stands for a story (its newest headline the view shows) when
    given as a StoryRow: its mark says how many more sources report it. An expanded story shows
    its other headlines under the row, one line each (a taller row); the highlight steps through
    them as through rows, and `highlighted` is the one it is on, so it opens, marks and goes to
    the browser as any headline. Which rows are expanded, and their headlines, the list's owner
    says (`expand_story`): the list holds no store."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rows: dict[int, StoryRow] = {}
        """Headline id of a row -> the story it stands for."""
        self._row_of_story: dict[int, int] = {}  # story id -> the headline id of its row

    # -- what is highlighted ---------------------------------------------------------------

    @property
    def highlighted(self) -> Headline | None:
        row = super().highlighted
        if row is None or self._member < 0:
            return row
        members = self._expanded.get(row.id, ())
        return members[self._member] if self._member < len(members) else row

    @property
    def highlighted_story(self) -> StoryRow | None:
        """The story whose row is highlighted (not one of its expanded headlines), when it has
        more than one headline: marking it read marks them all."""
        row = super().highlighted
        if row is None or self._member >= 0:
            return None
        story = self._rows.get(row.id)
        return story if story is not None and story.headlines > 1 else None

    @property
    def highlighted_row(self) -> Headline | None:
        """The row the highlight is on or under (a story's row when on one of its headlines)."""
        return super().highlighted

    def story_row(self, story_id: int) -> StoryRow | None:
        """The row shown for a story, if any."""
        row_id = self._row_of_story.get(story_id)
        return None if row_id is None else self._rows.get(row_id)

    def is_expanded(self, headline: Headline) -> bool:
        return headline.id in self._expanded

    @property
    def expanded(self) -> Mapping[int, tuple[Headline, ...]]:
        """Row headline id -> the other headlines shown under it."""
        return self._expanded

    # -- provided by HeadlineList (the live rules), used here ----------------------------

    def set_headlines(self, headlines: Sequence[Headline]) -> None:
        raise NotImplementedError

    def add_headlines(self, headlines: Sequence[Headline]) -> None:
        raise NotImplementedError

    def extend_older(self, headlines: Sequence[Headline]) -> None:
        raise NotImplementedError

    def update_headline(self, headline: Headline) -> None:
        raise NotImplementedError

    def _after_change(self, anchor: Anchor | None, *, pinned: bool, follow: bool = False) -> None:
        raise NotImplementedError

    def action_open(self) -> None:
        raise NotImplementedError

    # -- stories ---------------------------------------------------------------------------

    def set_stories(self, rows: Sequence[StoryRow]) -> None:
        """Replace every row with one per story (as `set_headlines`), each marked with the
        rest of its story ("+2 sources")."""
        rows = self._reader_keeps_row(rows)
        self.set_headlines([row.headline for row in rows])
        self._take_stories(rows, forget=False)

    def _reader_keeps_row(self, rows: Sequence[StoryRow]) -> Sequence[StoryRow]:
        """`rows`, the highlighted story's row kept (as add_story_rows does): given a newer one,
        the highlight fell to the newest row, off screen, at each re-read of a backlog's."""
        old = self.highlighted_row
        if old is None or self.following or old.id not in self._rows:
            return rows
        for index, row in enumerate(rows):
            if row.headline.story_id == old.story_id and row.headline.id != old.id:
                kept = StoryRow(old, headlines=row.headlines, sources=row.sources)
                return [*rows[:index], kept, *rows[index + 1 :]]
        return rows

    def extend_older_stories(self, rows: Sequence[StoryRow]) -> None:
        """Append older story rows paged back in (answer to NeedOlder)."""
        self.extend_older([row.headline for row in rows])
        self._take_stories(rows, forget=False)

    def add_story_rows(self, rows: Sequence[StoryRow]) -> None:
        """Stories with news (as `add_headlines`): a story shown already moves to its new row
        at the top, unless the reader is on it, its row highlighted out of follow mode or
        expanded: then it stays, and only its mark changes. (In follow mode the highlight is
        on the newest row because news flows in there: the story's news does too.)"""
        moving, staying = [], []
        following = self.following
        for row in rows:
            old = self.story_row(row.headline.story_id)
            reading = old is not None and old.headline.id == self._cursor_id and not following
            if old is None or old.headline.id == row.headline.id:
                moving.append(row)
            elif reading or old.headline.id in self._expanded:
                staying.append(replace(old, headlines=row.headlines, sources=row.sources))
            elif sort_key(row.headline) < sort_key(old.headline):
                self._remove_rows([old.headline.id])
                moving.append(row)
            else:  # an older headline of the story arrived late: its row stays
                staying.append(replace(old, headlines=row.headlines, sources=row.sources))
        self.add_headlines([row.headline for row in moving])
        self._take_stories([*moving, *staying], forget=False)

    def _take_stories(self, rows: Iterable[StoryRow], *, forget: bool) -> None:
        """Remember which stories rows stand for and draw their marks (`forget`: only these)."""
        if forget:
            self._rows, self._row_of_story, self._story_marks = {}, {}, {}
        remeasure = []
        for row in rows:
            headline = row.headline
            old = self._rows.get(headline.id)
            self._rows[headline.id] = row
            self._row_of_story[headline.story_id] = headline.id
            mark = story_mark(row)
            if mark != self._story_marks.get(headline.id, ""):
                remeasure.append(headline.id)  # a compact row's mark may need a line of its own
            if mark:
                self._story_marks[headline.id] = mark
            else:
                self._story_marks.pop(headline.id, None)
            if old is not None and old != row:
                self._bump(headline.id)
        for headline_id in remeasure:
            self._lines.forget(headline_id)
        if remeasure:
            self._settle()
        self.refresh()

    def _forget_rows(self, headline_ids: Iterable[int]) -> None:
        for headline_id in headline_ids:
            row = self._rows.pop(headline_id, None)
            self._story_marks.pop(headline_id, None)
            if self._expanded.pop(headline_id, None) is not None:
                self._lines.forget(headline_id)
            if row is not None and self._row_of_story.get(row.headline.story_id) == headline_id:
                del self._row_of_story[row.headline.story_id]

    def expand_story(self, headline: Headline, members: Sequence[Headline]) -> None:
        """Shows `members` (the story's other headlines, newest first) under the row of
        `headline`; the highlight stays on the row, the rows on screen where they are."""
        if self._timeline.get(headline.id) is None:
            return
        shown = tuple(m for m in members if m.id != headline.id)
        if self._expanded.get(headline.id) == shown:
            return
        self._resize_block(headline, shown)

    def collapse_story(self, headline: Headline) -> None:
        """Hides the headlines shown under `headline`'s row (the highlight goes to the row)."""
        if headline.id not in self._expanded:
            return
        row = super().highlighted
        if row is not None and row.id == headline.id:
            self._member = -1
        self._resize_block(headline, None)

    def collapse_all(self) -> None:
        """Hides every expanded story's headlines (one row per headline again, say)."""
        for row_id in list(self._expanded):
            headline = self._timeline.get(row_id)
            if headline is None:
                del self._expanded[row_id]
            else:
                self.collapse_story(headline)

    def _resize_block(self, headline: Headline, members: tuple[Headline, ...] | None) -> None:
        anchor = self._capture_anchor()
        if members is None:
            del self._expanded[headline.id]
        else:
            self._expanded[headline.id] = members
        self._apply_layout()  # the compact layout has rows of one height only while none open
        self._lines.forget(headline.id)
        index = self._timeline.index_of(headline.id)
        if index is not None:
            self._measure(index, index, keep_top=False)
        self._restore(anchor, pinned=self.following)
        self.refresh()
        if self._member >= 0:
            self._reveal_member()
        elif members is not None and index is not None and index == self._cursor:
            self._reveal_block(index)

    def _reveal_block(self, index: int) -> None:
        """Scrolls the least that shows the highlighted row's expanded story (its row first,
        when taller than the view): the reader asked to see it."""
        height = min(self._lines.height_of(index), self.scrollable_content_region.height)
        if height:
            region = Region(0, self._lines.head_of(index), 1, height)
            self.scroll_to_region(region, animate=False, force=True, immediate=True, x_axis=False)

    def update_member(self, headline: Headline) -> None:
        """Shows new marks of a headline shown under an expanded story's row."""
        for row_id, members in self._expanded.items():
            if any(m.id == headline.id for m in members):
                self._expanded[row_id] = tuple(
                    headline if m.id == headline.id else m for m in members
                )
                index = self._timeline.index_of(row_id)
                if index is not None:
                    self._refresh_index(index)

    def apply_merges(self, merged: Mapping[int, int]) -> list[int]:
        """Stories merged into others (story id -> the one it is part of now): their rows
        carry the new id; where two rows now stand for one story, the newer stays (or the one
        highlighted). Returns the story ids whose rows changed, for their sizes to be read."""
        changed: set[int] = set()
        for gone, kept in merged.items():
            row_id = self._row_of_story.pop(gone, None)
            if row_id is None:
                continue
            changed.add(kept)
            headline = self._timeline.get(row_id)
            if headline is None:
                continue
            moved = replace(headline, story=kept)
            self.update_headline(moved)
            self._rows[row_id] = replace(self._rows[row_id], headline=moved)
            other_id = self._row_of_story.get(kept)
            other = None if other_id is None else self._timeline.get(other_id)
            if other is None:
                self._row_of_story[kept] = row_id
                continue
            cursor = super().highlighted
            keep, drop = (moved, other) if sort_key(moved) < sort_key(other) else (other, moved)
            if cursor is not None and cursor.id == drop.id:
                keep, drop = drop, keep
            self._row_of_story[kept] = keep.id
            self._remove_rows([drop.id])
        return sorted(changed)

    def _remove_rows(self, headline_ids: Sequence[int]) -> None:
        """Takes rows out of the list (a story's row replaced by a newer one of the story)."""
        anchor = self._capture_anchor()
        removed = self._timeline.remove(headline_ids)
        self._forget_rows(h.id for h in removed)
        if removed:
            self._after_change(anchor, pinned=self.following)

    def _uniform(self) -> bool:
        return super()._uniform() and not self._expanded

    # -- moving ------------------------------------------------------------------------------

    def _move_to(self, index: int, *, reveal_separator: bool = False) -> None:
        if index != self._cursor and self._member >= 0:
            row = super().highlighted
            self._member = -1
            if row is not None:
                self._bump(row.id)
        super()._move_to(index, reveal_separator=reveal_separator)

    def action_cursor_down(self) -> None:
        row = super().highlighted
        if row is not None and self._member + 1 < len(self._expanded.get(row.id, ())):
            self._set_member(self._member + 1)
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self._member >= 0:
            self._set_member(self._member - 1)
            return
        before = self._cursor
        super().action_cursor_up()
        row = super().highlighted
        if row is not None and self._cursor != before:
            members = len(self._expanded.get(row.id, ()))
            if members:  # into the story above from below: its last headline first
                self._set_member(members - 1)

    def _set_member(self, member: int) -> None:
        row = super().highlighted
        if row is None:
            return
        self._member = member
        self._refresh_index(self._cursor)
        self._reveal_member()
        shown = self.highlighted
        if shown is not None:
            self._announce_highlight(shown, following=False)

    def _reveal_member(self) -> None:
        """Scrolls so that the highlighted line under a story's row is on screen."""
        row = super().highlighted
        if row is None or self._member < 0 or not self.scrollable_content_region.height:
            return
        lines, heights = self._lines, self.member_heights(row, self.scrollable_content_region.width)
        own = lines.height_of(self._cursor) - sum(heights)
        line = lines.head_of(self._cursor) + own + sum(heights[: self._member])
        region = Region(0, line, 1, heights[self._member] if self._member < len(heights) else 1)
        self.scroll_to_region(region, animate=False, force=True, immediate=True, x_axis=False)

    def _click_story(self, index: int, offset: int, x: int) -> bool:
        """A click on a story's mark toggles it (True); one on a line under an expanded row
        highlights that headline, and opens it when already highlighted (True)."""
        if self._on_mark(index, offset, x):
            self._move_to(index)
            self.action_toggle_story()
            return True
        member = self._place_in_block(index, offset)
        if member < 0:
            return False
        again = index == self._cursor and member == self._member
        self._move_to(index)
        self._set_member(member)
        if again:
            self.action_open()
        return True

    def action_toggle_story(self) -> None:
        """Expands the highlighted story (asks for its headlines: StoryWanted), or collapses
        it when expanded."""
        row = self.highlighted_row
        if row is None:
            return
        if self.is_expanded(row):
            self.collapse_story(row)
        elif row.id in self._story_marks:
            self.post_message(StoryWanted(self, row))  # type: ignore[arg-type]

    def action_collapse_story(self) -> None:
        row = self.highlighted_row
        if row is not None:
            self.collapse_story(row)

    def _place_in_block(self, index: int, offset: int) -> int:
        """Which line of a block a click at `offset` lines into it hit: -1 the row itself,
        else the number of the expanded headline under it."""
        row = self._timeline.items[index]
        heights = self.member_heights(row, self.scrollable_content_region.width)
        offset -= self._lines.height_of(index) - sum(heights)  # lines into the members
        for number, height in enumerate(heights):
            if 0 <= offset < height:
                return number
            offset -= height
        return -1

    def _on_mark(self, index: int, offset: int, x: int) -> bool:
        """Whether a click at (`offset` lines into the block, cell `x`) is on a row's mark."""
        row = self._timeline.items[index]
        mark = self._story_marks.get(row.id)
        if not mark:
            return False
        width = self.scrollable_content_region.width
        own = self._lines.height_of(index) - sum(self.member_heights(row, width))
        if self.current_layout == "compact":  # after the title, or on a line under it
            paint, lines = self._paint, self._title_lines(row, width, compact=True)
            shown = paint.compact_mark(mark, width, self.source_width)
            line, at = mark_place(lines, shown, paint.compact_room(row, width, self.source_width))
            start = paint.compact_title_x(width, self.source_width) + title_indent(row) + at
            return offset == line and start <= x < start + cell_len(shown)
        start = self._paint.newsline_mark_x(row, width)
        return offset == own - 1 and start <= x < start + cell_len(mark)
