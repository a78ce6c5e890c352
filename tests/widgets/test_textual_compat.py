"""Guards the interface's touches of Textual internals (newstui.ui.textual_compat) and the public
ways that replaced the others: an upgrade of Textual that breaks one fails here, by name."""

from __future__ import annotations

import inspect
import textwrap
from dataclasses import dataclass
from datetime import timedelta
from importlib.metadata import version
from itertools import pairwise
from math import ceil

import pytest
from textual.app import App, ComposeResult
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Footer, Static

from newstui.models import Headline
from newstui.ui.textual_compat import TEXTUAL_CHECKED, TOUCHES, scrollbar_thumb
from newstui.ui.widgets.headline_list import HeadlineList
from tests.widgets.conftest import NOW

pytestmark = pytest.mark.usefixtures("utc_local_time")


def test_every_touch_is_listed_against_the_textual_installed() -> None:
    installed = version("textual")
    assert installed.split(".")[:2] == TEXTUAL_CHECKED.split(".")[:2], (
        f"Textual {installed} is installed; newstui.ui.textual_compat was checked against "
        f"{TEXTUAL_CHECKED}: re-read each touch in TOUCHES against the new version"
    )
    assert set(TOUCHES) == {
        "scrollbar_thumb",
        "write_to_terminal",
        "footer_key_action",
        "footer_key_display",
        "footer_key_identity",
        "set_footer_key_enabled",
        "footer_bindings_ready",
        "scroll_update_keeping_bar",
        "focus_without_repaint",
        "forget_removed_watchers",
    }


@dataclass
class _Size:
    height: int


@dataclass
class _Bar:
    """What scrollbar_thumb reads of a ScrollBar, at sizes a mounted one cannot be set to."""

    size: _Size
    window_virtual_size: int
    window_size: int
    thickness: int = 1

    validate_position = ScrollBar.validate_position


def _drawn(bar: _Bar, position: float) -> list[object]:
    """What Textual draws for that bar, the way ScrollBar._render_bar calls it."""
    window = bar.window_size if bar.window_size < bar.window_virtual_size else 0
    segments = ScrollBarRender.render_bar(
        size=bar.size.height,
        virtual_size=ceil(bar.window_virtual_size),
        window_size=ceil(window),
        position=ScrollBar.validate_position(None, position),  # type: ignore[arg-type]
        thickness=bar.thickness,
    )
    return list(segments.segments)


@pytest.mark.parametrize(
    ("cells", "virtual", "window"),
    [(24, 30, 24), (24, 1000, 24), (40, 50_000, 40), (7, 5000, 7), (40, 20, 40), (13, 97, 13)],
)
def test_scrollbar_thumb_key_is_equal_only_when_the_drawing_is(
    cells: int, virtual: int, window: int
) -> None:
    """scrollbar_thumb repeats render_bar's geometry: where it says "unchanged", Textual draws
    the same; and the thumb does move over the whole scroll (the key is not constant)."""
    bar = _Bar(_Size(cells), virtual, window)
    top = max(0, virtual - window)
    positions = sorted({top * step / 997 for step in range(998)} | {p / 8 for p in range(64)})
    positions = [p for p in positions if p <= top]
    keys = []
    for before, after in pairwise(positions):
        key = scrollbar_thumb(bar, after)  # type: ignore[arg-type]
        if scrollbar_thumb(bar, before) == key:  # type: ignore[arg-type]
            assert _drawn(bar, before) == _drawn(bar, after), (before, after)
        keys.append(key)
    if virtual > window:
        assert len(set(keys)) > 1


def _headlines(count: int) -> list[Headline]:
    return [
        Headline(n, 1, "Wire", f"g{n}", f"Headline number {n}", None, NOW - timedelta(minutes=n))
        for n in range(count)
    ]


class _Lists(App[None]):
    CSS = "HeadlineList { height: 1fr; } #boxed { border: solid red; }"

    def compose(self) -> ComposeResult:
        # One row a headline, so that a line at a scroll position is a headline's row.
        yield HeadlineList(id="changing", layout="compact")
        yield HeadlineList(id="boxed", layout="compact")

    def on_mount(self) -> None:
        for widget in self.query(HeadlineList):
            widget.set_headlines(_headlines(300))


def _lines(widget: HeadlineList) -> list[Strip]:
    return widget.render_lines(widget.size.region)


async def test_a_box_added_after_fast_frames_draws_as_textual_draws_it() -> None:
    """The fast path once cleared Textual's private line cache when a box came back; a style
    change refreshes the whole widget, which clears it: a list boxed, unboxed (fast frames at
    other places), then boxed again draws exactly as one that had the box all along."""
    app = _Lists()
    async with app.run_test(size=(80, 40)) as pilot:
        changing = app.query_one("#changing", HeadlineList)
        boxed = app.query_one("#boxed", HeadlineList)
        changing.styles.border = ("solid", "red")  # Textual's path fills its line cache
        changing.scroll_to(y=57, animate=False, force=True)
        await pilot.pause()
        changing.styles.border = ("none", "red")
        await pilot.pause()
        plain = _lines(changing)  # the fast path
        for y in (58, 59, 80, 57):
            changing.scroll_to(y=y, animate=False, force=True)
            await pilot.pause()
        assert _lines(changing) == plain
        for y in (57, 80):
            changing.styles.border = ("solid", "red")
            changing.scroll_to(y=y, animate=False, force=True)
            boxed.scroll_to(y=y, animate=False, force=True)
            await pilot.pause()
            assert _lines(changing) == _lines(boxed)
            assert "Headline number" in "".join(s.text for s in _lines(changing)[1])
            changing.styles.border = ("none", "red")
            await pilot.pause()


SCROLL_UPDATE = """
    self._refresh_scrollbars()
    width, height = self.container_size

    if self.show_vertical_scrollbar and self.styles.scrollbar_size_vertical:
        self.vertical_scrollbar.window_virtual_size = virtual_size.height
        self.vertical_scrollbar.window_size = (
            height - self.scrollbar_size_horizontal
        )
        self.vertical_scrollbar.refresh()
    if self.show_horizontal_scrollbar and self.styles.scrollbar_size_horizontal:
        self.horizontal_scrollbar.window_virtual_size = virtual_size.width
        self.horizontal_scrollbar.window_size = width - self.scrollbar_size_vertical
        self.horizontal_scrollbar.refresh()

    self.scroll_x = self.validate_scroll_x(self.scroll_x)
    self.scroll_y = self.validate_scroll_y(self.scroll_y)
"""
"""The body of Widget._scroll_update that scroll_update_keeping_bar repeats (less one line)."""


def test_scroll_update_is_the_one_repeated() -> None:
    source = inspect.getsource(Widget._scroll_update)
    body = source.split('"""', 2)[2]
    assert textwrap.dedent(body).strip() == textwrap.dedent(SCROLL_UPDATE).strip()


class _ListAndLine(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("a line", id="line")
        yield HeadlineList(layout="compact")

    def on_mount(self) -> None:
        self.query_one(HeadlineList).set_headlines(_headlines(300))


async def test_a_layout_that_moves_no_thumb_repaints_no_scrollbar(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A layout of the screen (a line above the list grown and shrunk again) draws the list's
    scrollbar as before without repainting it; new rows, which move the thumb, repaint it."""
    renders: list[ScrollBar] = []
    render = ScrollBar.render

    def counted(self: ScrollBar) -> object:
        renders.append(self)
        return render(self)

    monkeypatch.setattr(ScrollBar, "render", counted)
    app = _ListAndLine()
    async with app.run_test(size=(80, 30)) as pilot:
        widget = app.query_one(HeadlineList)
        line = app.query_one("#line", Static)
        await pilot.pause()
        drawn = _bar_lines(widget)
        renders.clear()
        for text in ("two\nlines", "a line"):
            line.update(text)  # a layout each: the list resized, then back
            await pilot.pause()
        resized = len(renders)
        renders.clear()
        line.styles.background = "red"  # a layout of the screen, the list's size unchanged
        line.refresh(layout=True)
        await pilot.pause()
        assert renders == []
        assert resized > 0  # the bar's size changed twice: repainted
        assert _bar_lines(widget) == drawn
        widget.set_headlines(_headlines(30))
        await pilot.pause()
        assert renders and _bar_lines(widget) != drawn


def _bar_lines(widget: HeadlineList) -> list[Strip]:
    bar = widget.vertical_scrollbar
    return bar.render_lines(bar.size.region)


def test_footer_bindings_changed_is_the_one_replaced() -> None:
    """KeyFooter.bindings_changed does what Footer's does (footer_bindings_ready, then the keys
    remade while the screen is the footer's and the app has the focus), but before the frame."""
    source = inspect.getsource(Footer.bindings_changed)
    body = textwrap.dedent(source.split(":", 1)[1].split("\n", 1)[1]).strip()
    assert (
        body
        == textwrap.dedent(
            """
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.recompose)
        """
        ).strip()
    )
