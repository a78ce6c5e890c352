"""Provides LineMap: which screen line shows which headline when headlines vary in height."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from itertools import accumulate

from newstui.ui.widgets.timeline import Timeline

DEFAULT_ESTIMATE = 2
"""Lines counted for a headline not measured yet, before any is measured at this width."""
ESTIMATES = {"compact": 1}
"""DEFAULT_ESTIMATE of a kind of layout whose headlines are mostly one line: a compact row (a
title longer than its column, 2.5-5.5 % of the corpus's between 100 and ~167 columns, takes
more)."""

Place = tuple[int, int]
"""A line inside a headline: (index of the headline in the timeline, line within its lines)."""


class LineMap:
    """The lines of a headline list: each headline a block of lines, under its day separator.

    A day separator is one line, above the first headline of its day (the timeline says which).

    Uniform (the compact layout): every headline is one line, so lines are the timeline's rows
    and every answer comes from the timeline itself, O(log days).

    Varying (the News line layout): a headline's lines depend on the width and are known once
    the widget has measured (wrapped) it; until then it counts as `estimate` lines, the mean of
    the first headlines measured at this width. The map keeps a list of heights parallel to the
    headlines, told of every insert and removal by the timeline (it is the timeline's observer),
    and their prefix sums, recomputed with `itertools.accumulate` from the first changed
    headline when next asked (C speed: about 1 ms for 50,000, so a prepend costs that, not a
    walk over the headlines). Separators are kept apart, one line each, found by bisection
    among the few day lines. Nothing here wraps a title: the widget measures what is on screen
    and near it, so a resize never wraps 50,000 titles at once.
    """

    def __init__(self, timeline: Timeline) -> None:
        self._timeline = timeline
        self.uniform = True
        self.width = 0
        self.kind = ""
        self.estimate: int | None = None
        self._default = DEFAULT_ESTIMATE
        self._measured: dict[int, int] = {}  # headline id -> its lines at `width`
        self._heights: list[int] = []  # per headline: its lines, or the estimate
        self._starts: list[int] = [0]  # prefix sums of _heights, valid up to _valid
        self._valid = 0
        self._day_lines: list[int] | None = None  # the line of each separator, when known
        timeline.observer = self

    # -- configuration and changes ---------------------------------------------------------

    def configure(self, *, uniform: bool, width: int, kind: str = "") -> bool:
        """Set the kind of layout and the width in cells; True when the lines changed.

        A new width in the varying layout forgets every measurement (they were for the old one),
        as does a new `kind`: a layout of its own whose blocks vary too (a compact list with a
        story expanded has blocks of one line and more; its heights are not News line's).
        """
        same = uniform or (width == self.width and kind == self.kind)
        if uniform == self.uniform and same:
            return False
        self.uniform, self.width, self.kind = uniform, width, kind
        self._default = ESTIMATES.get(kind.partition(":")[0], DEFAULT_ESTIMATE)
        self._measured.clear()
        self.estimate = None
        self.reordered()
        return True

    def changed(self) -> None:
        """The timeline's days may have changed (its separators move): recount their lines."""
        self._day_lines = None

    def forget(self, headline_id: int) -> None:
        """A headline's lines may have changed (a new title): measure it again."""
        if self._measured.pop(headline_id, None) is not None:
            index = self._timeline.index_of(headline_id)
            if index is not None and not self.uniform:
                self._set(index, self.estimate or self._default)

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
            self.reordered()
            return
        for index, count in lines.items():
            self._set(index, max(1, count))

    # -- the timeline's observer -----------------------------------------------------------

    def inserted(self, index: int) -> None:
        if not self.uniform:  # a moved headline (a new time) keeps what was measured
            headline_id = self._timeline.items[index].id
            height = self._measured.get(headline_id, self.estimate or self._default)
            self._heights.insert(index, height)
            self._touch(index)

    def removed(self, index: int) -> None:
        if not self.uniform:
            del self._heights[index]
            self._touch(index)

    def truncated(self, keep: int) -> None:
        if not self.uniform:
            del self._heights[keep:]
            self._touch(keep)
        self._forget_dropped()

    def reordered(self) -> None:
        timeline, measured = self._timeline, self._forget_dropped()
        estimate = self.estimate or self._default
        if self.uniform:
            self._heights = []
        elif measured:
            self._heights = [measured.get(headline.id, estimate) for headline in timeline.items]
        else:
            self._heights = [estimate] * len(timeline)
        self._touch(0)

    def _forget_dropped(self) -> dict[int, int]:
        """The measurements, without those of headlines no longer held once they outnumber the
        held ones (a ticker left open drops its oldest at each arrival: else one each, for
        days). Amortized: a walk of the timeline per as many drops as it holds."""
        timeline, measured = self._timeline, self._measured
        if len(measured) > 2 * len(timeline) + 1024:
            self._measured = measured = {
                headline.id: measured[headline.id]
                for headline in timeline.items
                if headline.id in measured
            }
        return measured

    # -- questions -------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """Lines in all: the virtual height."""
        if self.uniform:
            return self._timeline.row_count
        return self._fresh()[-1] + len(self._timeline.separator_indexes)

    def top_of(self, index: int) -> int:
        """The first line of a headline's block: its separator when it has one."""
        return self.head_of(index) - self._timeline.separator_above(index)

    def head_of(self, index: int) -> int:
        """The first line of the headline itself."""
        if self.uniform:
            return self._timeline.row_of(index)
        return self._fresh()[index] + bisect_right(self._timeline.separator_indexes, index)

    def height_of(self, index: int) -> int:
        """Lines of the headline itself (its separator not counted)."""
        return 1 if self.uniform else self._heights[index]

    def is_measured(self, index: int) -> bool:
        return self.uniform or self._timeline.items[index].id in self._measured

    def locate(self, line: int) -> Place | date | None:
        """What a line shows: a place in a headline, a separator's date, or None past the end."""
        if self.uniform:
            row = self._timeline.locate(line)
            return (row, 0) if isinstance(row, int) else row
        # Called for every line drawn: the sums and day lines are fetched once.
        starts, day_lines = self._fresh(), self._separator_lines()
        if line < 0 or line >= starts[-1] + len(day_lines):
            return None
        above = bisect_right(day_lines, line)  # separators at or above the line
        if above and day_lines[above - 1] == line:
            return self._timeline.day_at(self._timeline.separator_indexes[above - 1])
        index = bisect_right(starts, line - above) - 1
        return index, line - above - starts[index]

    def index_at(self, line: int) -> int:
        """The headline whose block holds the line (below it, for a separator), clamped."""
        last = len(self._timeline) - 1
        if self.uniform:
            return self._timeline.index_at_or_after(max(0, line))
        place = self.locate(min(max(0, line), self.total - 1))
        if isinstance(place, tuple):
            return place[0]
        if place is None:
            return max(0, last)
        above = bisect_right(self._separator_lines(), max(0, line))
        return min(self._timeline.separator_indexes[above - 1], last)

    # -- internals -------------------------------------------------------------------------

    def _set(self, index: int, height: int) -> None:
        if self._heights[index] != height:
            self._heights[index] = height
            self._touch(index)

    def _touch(self, index: int) -> None:
        """Heights changed from `index` on: their sums (and the day lines) are stale there."""
        self._valid = min(self._valid, index)
        self._day_lines = None

    def _fresh(self) -> list[int]:
        """The prefix sums, brought up to date from the first stale one."""
        starts, valid = self._starts, self._valid
        if len(starts) != len(self._heights) + 1 or valid < len(self._heights):
            starts[valid:] = accumulate(self._heights[valid:], initial=starts[valid])
            self._valid = len(self._heights)
        return starts

    def _separator_lines(self) -> list[int]:
        if self._day_lines is None:
            starts = self._fresh()
            self._day_lines = [
                starts[first] + number
                for number, first in enumerate(self._timeline.separator_indexes)
            ]
        return self._day_lines
