"""Pilot: the footer at 60, 100, 120 and 200 columns shows the keys that matter whole (open, filter,
next unread, help, quit), never a key cut at the edge, on the ticker and in the sources view."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer

from newstui.ui.app import NewsApp
from newstui.ui.textual_compat import footer_key_action
from tests.widgets.conftest import MakeApp
from tests.widgets.test_snapshots import newsroom
from tests.widgets.waits import settle

WIDTHS = (60, 100, 120, 200)
MAIN_NEEDED = {"open", "filter", "next_unread(1)", "help", "quit"}
SOURCES_NEEDED = {"choose", "back", "help"}


def shown_keys(app: NewsApp) -> list[tuple[str, int, int]]:
    """(action, first cell, cell after the last) of each key the footer draws, palette's too."""
    footer = app.screen.query_one(Footer)
    keys = []
    for key in footer.children:
        action = footer_key_action(key)
        if action is not None and key.display:
            region = key.region
            keys.append((action, region.x, region.right))
    return keys


def laid_out(app: NewsApp) -> bool:
    """The keys are fitted (a recomposed footer shows its palette's key alone until then)."""
    keys = shown_keys(app)
    fitted = any(action != "command_palette" for action, _, _ in keys)
    return fitted and all(right > x for _, x, right in keys)


def check(app: NewsApp, width: int, needed: set[str]) -> None:
    keys = shown_keys(app)
    actions = {action for action, _, _ in keys}
    assert needed <= actions, f"{width} columns: {needed - actions} missing from the footer"
    spans = sorted((x, right) for _, x, right in keys)
    for (_, end), (start, _) in pairwise(spans):
        assert end <= start, f"{width} columns: keys overlap: {keys}"
    assert all(x >= 0 and right <= width for _, x, right in keys), f"{width}: cut: {keys}"
    for _, x, right in keys:  # drawn whole: as wide as its text asks
        assert right - x >= 3, keys


@pytest.mark.parametrize("width", WIDTHS)
async def test_the_ticker_footer_shows_the_keys_that_matter_whole(
    news_app: MakeApp, tmp_path: Path, width: int
) -> None:
    app = news_app(*newsroom(tmp_path))
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) > 0)
        await settle(pilot, lambda: laid_out(app))
        check(app, width, MAIN_NEEDED)
        actions = [action for action, _, _ in shown_keys(app)]
        if width >= 120:  # room for the others too, the most useful first
            assert {"jump_new", "open_link", "sources"} <= set(actions)


@pytest.mark.parametrize("width", WIDTHS)
async def test_the_footer_refits_when_the_terminal_is_resized(
    news_app: MakeApp, tmp_path: Path, width: int
) -> None:
    app = news_app(*newsroom(tmp_path))
    async with app.run_test(size=(200, 24)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) > 0)
        await pilot.resize_terminal(width, 24)
        await pilot.pause(0.3)
        await settle(pilot, lambda: laid_out(app))
        check(app, width, MAIN_NEEDED)


@pytest.mark.parametrize("width", WIDTHS)
async def test_the_sources_view_footer_shows_its_keys_whole(
    news_app: MakeApp, tmp_path: Path, width: int
) -> None:
    app = news_app(*newsroom(tmp_path))
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) > 0)
        await pilot.press("S")
        await settle(pilot, lambda: app.screen is not app.main)
        await pilot.pause(0.3)
        await settle(pilot, lambda: laid_out(app))
        check(app, width, SOURCES_NEEDED)


async def test_footer_key_action_reads_the_keys_textuals_footer_makes() -> None:
    """The guard of textual_compat.footer_key_action: Footer.compose makes one widget per shown
    binding, whose action footer_key_action reads, the palette's marked -command-palette."""

    class Keys(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [
            Binding("x", "bell", "Ring"),
            Binding("y", "quit", "Leave"),
        ]

        def compose(self) -> ComposeResult:
            yield Footer()

    app = Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        actions = [footer_key_action(key) for key in footer.children]
        palette = [key for key in footer.children if key.has_class("-command-palette")]
        assert actions[:2] == ["bell", "quit"] and len(palette) == 1
        assert footer_key_action(footer) is None
