"""Tests the headline list's restyles: the focus moving repaints the highlighted row only, a theme
every row (RowStyles)."""

from __future__ import annotations

from typing import Any

import pytest

from newstui.ui.widgets.headline_list import HeadlineList
from newstui.ui.widgets.headline_paint import Painter
from tests.widgets.test_headline_list import SIZE, ListApp, minutes_apart

pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.fixture
def painted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the headlines whose rows the list paints (not those drawn from its cache)."""
    ids: list[int] = []
    compact = Painter.compact

    def counted(self: Painter, headline: Any, *args: Any, **kwargs: Any) -> Any:
        ids.append(headline.id)
        return compact(self, headline, *args, **kwargs)

    monkeypatch.setattr(Painter, "compact", counted)
    return ids


async def test_focus_moving_repaints_only_the_highlighted_row(painted: list[int]) -> None:
    app = ListApp(minutes_apart(10))
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        await pilot.pause()
        assert len(set(painted)) == 10  # compact rows (100 columns), every one painted
        top = widget.highlighted
        assert top is not None
        focused = widget.render_line(0)
        for move in (widget.blur, widget.focus):
            painted.clear()
            move()
            await pilot.pause()
            assert painted == [top.id], move  # the other rows kept as they were drawn
        painted.clear()
        widget.blur()
        await pilot.pause()
        blurred = widget.render_line(0)
        assert list(focused) != list(blurred)  # the highlight's look did change
        assert [list(widget.render_line(y)) for y in range(1, 10)] == [
            list(strip) for strip in _fresh_lines(widget, 1, 10)
        ]


async def test_a_theme_repaints_every_row(painted: list[int]) -> None:
    app = ListApp(minutes_apart(10))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        painted.clear()
        app.theme = "gruvbox" if app.theme != "gruvbox" else "nord"
        await pilot.pause()
        assert len(set(painted)) == 10


def _fresh_lines(widget: HeadlineList, start: int, stop: int) -> list[Any]:
    """Lines `start`..`stop` as the list draws them with every cache dropped."""
    widget._blocks.clear()
    widget._strips.clear()
    widget._styles = {}
    return [widget.render_line(y) for y in range(start, stop)]
