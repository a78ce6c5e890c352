"""Pilot: a search gives the footer back the very keys it showed before `/` (kept hidden while the
filter bar had the focus, not made again), in their order, none cut; and the guard of
textual_compat.footer_key_identity."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Footer, Static

from newstui.ui.app import NewsApp
from newstui.ui.textual_compat import footer_key_identity
from newstui.ui.widgets.key_footer import KeyFooter, shown_actions
from tests.widgets.conftest import MakeApp
from tests.widgets.test_footer_widths import check, laid_out
from tests.widgets.test_snapshots import newsroom
from tests.widgets.waits import settle


def shown(app: NewsApp) -> list[Widget]:
    footer = app.main.query_one(KeyFooter)
    return [key for key in footer.children if key.display]


async def test_a_search_shows_the_keys_it_had_before_without_making_them_again(
    news_app: MakeApp, tmp_path: Path
) -> None:
    app = news_app(*newsroom(tmp_path))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot, lambda: len(app.main.headlines.headlines) > 0 and laid_out(app))
        footer = app.main.query_one(KeyFooter)
        before, actions = shown(app), list(shown_actions(footer))
        assert "submit" not in actions

        await pilot.press("slash")
        await settle(pilot, lambda: "submit" in shown_actions(footer) and laid_out(app))
        check(app, 120, {"submit", "clear_filter"})
        # A word of two titles: a search that matches nothing dims the keys that need a
        # headline (Enter, ], n, o), which are then other keys.
        await pilot.press("o", "s", "t", "r", "i", "a", "enter")
        await settle(pilot, lambda: "submit" not in shown_actions(footer) and laid_out(app))

        assert list(shown_actions(footer)) == actions
        assert all(a is b for a, b in zip(shown(app), before, strict=True)), "made again"
        check(app, 120, {"open", "filter", "help", "quit"})

        await pilot.press("slash")  # the filter bar's keys were kept too: nothing new to mount
        await settle(pilot, lambda: "submit" in shown_actions(footer))
        children = list(footer.children)
        await pilot.press("escape")
        await settle(pilot, lambda: "submit" not in shown_actions(footer) and laid_out(app))
        assert list(footer.children) == children
        assert list(shown_actions(footer)) == actions


async def test_footer_key_identity_reads_what_a_footer_key_draws() -> None:
    """The guard of footer_key_identity: equal for the same binding made twice, different when
    the description, the enabled state or the key drawn differs; None for any other widget."""

    class Keys(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [
            Binding("x", "bell", "Ring"),
            Binding("y", "quit", "Leave"),
        ]

        def compose(self) -> ComposeResult:
            yield Footer()
            yield Static("body")

    app = Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        first = [footer_key_identity(key) for key in footer.children]
        assert first[0] == ("x", "x", "Ring", "bell", "", False, False)
        assert first[-1] is not None and first[-1][-1] is True  # the palette's key
        made = list(footer.children)
        app.screen.refresh_bindings()  # Footer makes its keys again, equal
        await settle(pilot, lambda: footer.children and footer.children[0] is not made[0])
        assert [footer_key_identity(key) for key in footer.children] == first
        assert footer_key_identity(app.query_one(Static)) is None
