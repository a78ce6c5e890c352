"""Tests LineMap against a line-by-line reference through random inserts, drops and measures."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstui.ui.widgets.line_map import DEFAULT_ESTIMATE, LineMap
from newstui.ui.widgets.timeline import Timeline
from tests.widgets.test_headline_list import NOW, headline

pytestmark = pytest.mark.usefixtures("utc_local_time")


def reference(timeline: Timeline, heights: dict[int, int], estimate: int) -> list[object]:
    """Every line as what it shows: a separator's date or (headline index, line in it)."""
    lines: list[object] = []
    separated = set(timeline.separator_indexes)
    for index, item in enumerate(timeline.items):
        if index in separated:
            lines.append(timeline.day_at(index))
        lines.extend((index, k) for k in range(heights.get(item.id, estimate)))
    return lines


def check(lines: LineMap, timeline: Timeline, heights: dict[int, int]) -> None:
    expected = reference(timeline, heights, lines.estimate or DEFAULT_ESTIMATE)
    assert lines.total == len(expected)
    assert [lines.locate(y) for y in range(len(expected))] == expected
    assert lines.locate(len(expected)) is None and lines.locate(-1) is None
    for index in range(len(timeline)):
        head = expected.index((index, 0))
        assert lines.head_of(index) == head
        assert lines.index_at(head) == index
        if isinstance(expected[head - 1] if head else None, date):
            assert lines.top_of(index) == head - 1
            assert lines.index_at(head - 1) == index  # a separator belongs to what follows


stamp = st.integers(min_value=0, max_value=4 * 24 * 60).map(
    lambda minutes: NOW - timedelta(minutes=minutes)
)
step = st.one_of(
    st.tuples(st.just("merge"), st.lists(st.tuples(st.integers(1, 300), stamp), max_size=40)),
    st.tuples(st.just("measure"), st.lists(st.tuples(st.integers(0, 400), st.integers(1, 7)))),
    st.tuples(st.just("drop"), st.integers(0, 300)),
    st.tuples(st.just("width"), st.integers(20, 30)),
)


@settings(max_examples=80, deadline=None)
@given(
    first=st.lists(st.tuples(st.integers(1, 300), stamp), max_size=60),
    steps=st.lists(step, max_size=8),
)
def test_line_map_matches_a_line_by_line_reference(
    first: list[tuple[int, datetime]], steps: list[tuple[str, object]]
) -> None:
    timeline = Timeline()
    lines = LineMap(timeline)
    lines.configure(uniform=False, width=20)
    timeline.replace(headline(number, when) for number, when in first)
    heights: dict[int, int] = {}  # what was measured, by id (the reference's truth)
    for kind, value in steps:
        if kind == "merge":
            timeline.merge(headline(n, when) for n, when in value)  # type: ignore[attr-defined]
        elif kind == "measure" and len(timeline):
            found = {i % len(timeline): n for i, n in value}  # type: ignore[attr-defined]
            lines.record(found)
            heights.update({timeline.items[i].id: n for i, n in found.items()})
        elif kind == "drop":
            timeline.drop_tail(value)  # type: ignore[arg-type]
        elif kind == "width" and lines.configure(uniform=False, width=value):  # type: ignore[arg-type]
            heights.clear()  # a new width forgets every measurement
        lines.changed()
        # Heights of headlines no longer held are kept (LineMap keeps what it measured, bounded,
        # so a headline dropped from the tail and merged back is not measured again).
        check(lines, timeline, heights)


def test_uniform_lines_are_the_timelines_rows() -> None:
    timeline = Timeline()
    lines = LineMap(timeline)
    days = [0, 0, 1, 1, 3]
    timeline.replace(headline(n, NOW - timedelta(days=d, minutes=n)) for n, d in enumerate(days))
    assert lines.total == timeline.row_count == 7
    assert [lines.locate(y) for y in range(7)] == [
        (0, 0),
        (1, 0),
        date(2026, 11, 26),
        (2, 0),
        (3, 0),
        date(2026, 11, 24),
        (4, 0),
    ]
    assert lines.unmeasured(0, 10) == []
    lines.configure(uniform=False, width=40)
    assert lines.total == 5 * DEFAULT_ESTIMATE + 2  # estimated until measured
    assert lines.unmeasured(0, 10) == [0, 1, 2, 3, 4]
    lines.record({0: 3, 1: 1})  # the first measurement sets the estimate: their mean, 2
    assert lines.estimate == 2 and lines.total == 3 + 1 + 3 * 2 + 2
