"""Provides LineMap: which screen line shows which headline when headlines vary in height."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from itertools import accumulate

from newstui.ui.widgets.timeline import Timeline

DEFAULT_ESTIMATE = 2
"""Lines counted for a headline not measured yet, before any is measured at this width."""

Place = tuple[int, int]
"""A line inside a headline: (index of the headline in the timeline, line within its lines)."""


class LineMap:
    """The lines of a headline list: each headline a block of lines, under its day separator.

    A day separator is one line, above the first headline of its day (the timeline says which).

    Uniform (the compact layout): every headline is one line, so lines are the timeline's rows
    and every answer comes from the timeline itself, O(log days).

    Varying (the News line layout): a headline's lines depend on the width and are known once
    the widget has measured (wrapped) it; until then it counts as `estimate` lines, the mean of
    the first headlines measured at this width. Heights and their prefix sums are plain lists,
    rebuilt after the timeline changes (a list comprehension and `itertools.accumulate`: about
    1 ms for 10,000 headlines) and patched from the first changed block after a measurement; a
    line's headline is found by bisection, O(log n). Nothing here wraps a title: the widget
    measures what is on screen and near it, so a resize never wraps 50,000 titles at once.
    """

    def __init__(self, timeline: Timeline) -> None:
        self._timeline = timeline
        self.uniform = True
        self.width = 0
        self.estimate: int | None = None
        self._measured: dict[int, int] = {}  # headline id -> its lines at `width`
        self._heights: list[int] = []  # per headline: its lines, plus one under a separator
        self._starts: list[int] = [0]  # prefix sums of _heights: each block's first line
        self._separated: frozenset[int] = frozenset()
        self._stale = True

    # -- configuration and changes ---------------------------------------------------------

    def configure(self, *, uniform: bool, width: int) -> bool:
        """Set the kind of layout and the width in cells; True when the lines changed.

        A new width in the varying layout forgets every measurement (they were for the old one).
        """
        if uniform == self.uniform and (uniform or width == self.width):
            return False
        self.uniform, self.width = uniform, width
        self._measured.clear()
        self.estimate = None
        self._stale = True
        return True

    def changed(self) -> None:
        """The timeline changed (headlines added, moved or dropped): rebuild when next asked."""
        self._stale = True

    def forget(self, headline_id: int) -> None:
        """A headline's lines may have changed (a new title): measure it again."""
        if self._measured.pop(headline_id, None) is not None:
            self._stale = True

    def unmeasured(self, first: int, last: int) -> list[int]:
        """Indexes in `first..last` (inclusive, clamped) whose lines are not known yet."""
        if self.uniform:
            return []
        items, measured = self._timeline.items, self._measured
        return [
            index
            for index in range(max(0, first), min(last, len(items) - 1) + 1)
            if items[index].id not in measured
        ]

    def record(self, lines: dict[int, int]) -> None:
        """Store measured lines, {index: lines at `width`} (indexes as the timeline is now)."""
        if self.uniform or not lines:
            return
        items = self._timeline.items
        for index, count in lines.items():
            self._measured[items[index].id] = max(1, count)
        if self.estimate is None:  # the first measurement at this width sets the guess
            self.estimate = max(1, round(sum(lines.values()) / len(lines)))
            self._stale = True
        if self._stale:
            return
        heights, starts = self._heights, self._starts
        for index, count in lines.items():
            heights[index] = max(1, count) + (index in self._separated)
        low = min(lines)
        starts[low:] = accumulate(heights[low:], initial=starts[low])

    # -- questions -------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """Lines in all: the virtual height."""
        if self.uniform:
            return self._timeline.row_count
        self._fresh()
        return self._starts[-1]

    def top_of(self, index: int) -> int:
        """The first line of a headline's block: its separator when it has one."""
        if self.uniform:
            return self._timeline.row_of(index) - self._timeline.separator_above(index)
        self._fresh()
        return self._starts[index]

    def head_of(self, index: int) -> int:
        """The first line of the headline itself."""
        if self.uniform:
            return self._timeline.row_of(index)
        self._fresh()
        return self._starts[index] + (index in self._separated)

    def height_of(self, index: int) -> int:
        """Lines of the headline itself (its separator not counted)."""
        if self.uniform:
            return 1
        self._fresh()
        return self._heights[index] - (index in self._separated)

    def is_measured(self, index: int) -> bool:
        return self.uniform or self._timeline.items[index].id in self._measured

    def locate(self, line: int) -> Place | date | None:
        """What a line shows: a place in a headline, a separator's date, or None past the end."""
        if self.uniform:
            row = self._timeline.locate(line)
            return (row, 0) if isinstance(row, int) else row
        self._fresh()
        if line < 0 or line >= self._starts[-1]:
            return None
        index = bisect_right(self._starts, line) - 1
        offset = line - self._starts[index]
        if index in self._separated:
            if offset == 0:
                return self._timeline.day_at(index)
            offset -= 1
        return index, offset

    def index_at(self, line: int) -> int:
        """The headline whose block holds the line (below it, for a separator), clamped."""
        last = len(self._timeline) - 1
        if self.uniform:
            return self._timeline.index_at_or_after(max(0, line))
        self._fresh()
        return max(0, min(bisect_right(self._starts, line) - 1, last))

    # -- internals -------------------------------------------------------------------------

    def _fresh(self) -> None:
        if not self._stale:
            return
        timeline, measured = self._timeline, self._measured
        if len(measured) > 2 * len(timeline) + 1024:  # drop what was dropped from the timeline
            self._measured = measured = {
                headline.id: measured[headline.id]
                for headline in timeline.items
                if headline.id in measured
            }
        estimate = self.estimate or DEFAULT_ESTIMATE
        heights = [measured.get(headline.id, estimate) for headline in timeline.items]
        separated = timeline.separator_indexes
        for index in separated:
            heights[index] += 1
        self._separated = frozenset(separated)
        self._heights = heights
        self._starts = list(accumulate(heights, initial=0))
        self._stale = False
