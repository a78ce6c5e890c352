"""Tests that a search's Enter paints the found rows and the line naming the search in one frame,
without Textual's whole-screen repaint for the focus moving back to the list (and guards the
textual_compat touch that drops that repaint)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.reactive import Reactive
from textual.screen import Screen

from newstui.ui.screens.main import MainScreen
from newstui.ui.textual_compat import focus_without_repaint
from newstui.ui.widgets import filter_bar
from newstui.ui.widgets.key_footer import KeyFooter, shown_actions
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.test_filter_handover import arrive_together
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

TITLES = ["Bank one", "Harbour two", "Bank three", "Bank four", "Harbour five"]


def _flags(reactive: Reactive[object]) -> dict[str, object]:
    return {
        name: getattr(reactive, f"_{name}")
        for name in ("default", "layout", "init", "always_update", "recompose", "bindings")
    }


def test_textual_declares_screen_focus_as_focus_without_repaint_repeats_it() -> None:
    """focus_without_repaint is Screen.focused less the repaint: an upgrade that declares the
    focus otherwise (a layout, a recompose, bindings, a default) fails here; the watcher it
    keeps is Screen's own."""
    textual = Screen.__dict__["focused"]
    ours = focus_without_repaint()
    assert isinstance(textual, Reactive)
    assert textual._repaint is True
    assert ours._repaint is False
    assert _flags(textual) == _flags(ours)
    assert MainScreen.__dict__["focused"]._repaint is False
    assert "_watch_focused" in Screen.__dict__ and "_watch_focused" not in MainScreen.__dict__


async def test_enter_paints_the_rows_with_their_line_and_no_whole_screen(
    tmp_path: Path, news_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each frame after Enter is recorded with what it paints of the list and of its line:
    the first to paint the found rows paints the line naming the search too, none repaints
    the whole screen (main before this painted one at each Enter: it fails here), and the
    footer still follows the focus (the watcher that refreshes the bindings runs). At 500,000
    stored, with the focus moved before the search was shown, the line came a frame after
    the rows once the whole screen's repaint was gone; five rows are too quick to show it."""
    monkeypatch.setattr(filter_bar, "DEBOUNCE", 60.0)  # the search is Enter's, not the pause's
    app = news_app(*stock(tmp_path / "n.db", [TITLES]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) == 5)
        footer = app.main.query_one(KeyFooter)
        arrive_together(app, "slash", "b", "a", "n", "k")
        await settle(pilot, lambda: "submit" in shown_actions(footer))
        await pilot.pause()
        screen, headlines = app.main, app.main.headlines
        status = app.main.column.query_one("#list-status")
        frames: list[tuple[bool, bool, bool]] = []  # rows found, line of the search, whole
        painted = screen._compositor_refresh

        def recorded() -> None:
            dirty = screen._compositor._dirty_regions
            whole = screen.size.region in dirty
            rows = len(headlines.headlines) == 3 and (
                whole or any(headlines.region.overlaps(region) for region in dirty)
            )
            line = 'search: "bank"' in str(status.render()) and (
                whole or any(status.region.overlaps(region) for region in dirty)
            )
            frames.append((rows, line, whole))
            painted()

        screen._compositor_refresh = recorded  # type: ignore[method-assign]
        arrive_together(app, "enter", "j")
        await settle(pilot, lambda: headlines.highlighted_index == 1)
        await settle(
            pilot, lambda: "submit" not in shown_actions(footer) and app.main.column.filter_shown
        )
        first = next(index for index, (rows, *_) in enumerate(frames) if rows)
        assert frames[first][1], frames
        assert not any(whole for *_, whole in frames), frames
        assert headlines.has_focus
