"""Tests that keys the footer made again are not kept alive: each key Footer composes watches the
footer's `compact` (data_bind), and Textual drops a removed watcher only when `compact` changes,
so every key a recompose removed stayed alive, with its styles and caches, for as long as the
terminal's width did not cross KeyFooter's COMPACT_BELOW (benchmarks/ui_views_soak.py --kind
search: 63 keys alive for 18 shown after 62 searches). Also the guard of
textual_compat.forget_removed_watchers."""

from __future__ import annotations

import gc
import weakref
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Footer, Static

from newstui.ui.textual_compat import forget_removed_watchers
from newstui.ui.widgets.key_footer import KeyFooter


class Keys(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "bell", "Ring"),
        Binding("y", "quit", "Leave"),
    ]

    def __init__(self, kind: type[Footer]) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        yield KeyFooter(["bell", "quit"]) if self.kind is KeyFooter else Footer()
        yield Static("body")

    @property
    def footer(self) -> Footer:
        return self.query_one(self.kind)


def watching(footer: Footer) -> list[tuple[object, object]]:
    watchers: dict[str, list[tuple[object, object]]] = getattr(footer, "__watchers", {})
    return watchers.get("compact", [])


async def test_textual_keeps_removed_keys_watching_until_forgotten() -> None:
    app = Keys(Footer)
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.footer
        for _ in range(3):
            footer.refresh(recompose=True)
            await pilot.pause()
        removed = [node for node, _ in watching(footer) if node not in footer.children]
        assert removed and all(getattr(node, "_closing", False) for node in removed)
        forget_removed_watchers(footer, "compact")
        assert watching(footer)
        assert all(node in footer.children for node, _ in watching(footer))


async def test_keys_the_footer_made_again_are_not_kept_alive() -> None:
    app = Keys(KeyFooter)
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.footer
        removed: list[weakref.ref[Widget]] = []
        for _ in range(5):  # keys made again from scratch, as past KEPT_KEYS
            removed += [weakref.ref(key) for key in footer.children]
            await footer.remove_children()
            footer.refresh(recompose=True)
            await pilot.pause()
        assert all(node in footer.children for node, _ in watching(footer))
        gc.collect()
        assert removed and not [key for key in removed if key() is not None]  # before: all
