"""Provides KeyFooter: Textual's footer showing the keys that matter first, only as many as fit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual import events
from textual.app import ComposeResult
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Footer

from newstui.ui.textual_compat import footer_key_action

COMPACT_BELOW = 100
"""Columns under which the keys are drawn without the padding around each key: at 60 columns
the five keys every screen must offer (open, filter, next unread, help, quit) and the palette's
take 63 cells padded, 55 compact."""


class KeyFooter(Footer):
    """The footer of bindings, in order of importance (`ranks`: actions, the first the most
    important; a binding whose action is not ranked comes after them in Textual's order), and
    only those that fit the width whole: the least important are hidden first, so a narrow
    terminal never shows a key cut at its edge. Every key stays in the help (`?`) and the
    command palette. The palette's key keeps its place on the right.

    Widths are the keys' own (their text, padding and margins, as Textual lays them out), so a
    remapped key ("ctrl+o") or another description is measured as it is drawn.
    """

    def __init__(self, ranks: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ranks = {action: rank for rank, action in enumerate(ranks)}

    def compose(self) -> ComposeResult:
        composed = list(super().compose())
        if all(footer_key_action(widget) is not None for widget in composed):  # no groups
            palette = [key for key in composed if key.has_class("-command-palette")]
            keys = [key for key in composed if key not in palette]
            composed = [*sorted(keys, key=self._rank), *palette]
        yield from composed
        self.call_after_refresh(self.fit_keys)

    def _rank(self, widget: Widget) -> int:
        return self.ranks.get(footer_key_action(widget) or "", len(self.ranks))

    def on_resize(self, event: events.Resize) -> None:
        compact = event.size.width < COMPACT_BELOW
        if compact != self.compact:
            self.compact = compact  # the keys' padding changes: measured once restyled
            self.call_after_refresh(self.fit_keys)
        else:
            self.fit_keys()

    def on_mount(self) -> None:
        super().on_mount()
        self.compact = self.app.size.width < COMPACT_BELOW

    def fit_keys(self) -> None:
        """Shows the keys in order as long as they fit beside the palette's key, hides the rest."""
        keys = [key for key in self.children if footer_key_action(key) is not None]
        palette = [key for key in keys if key.has_class("-command-palette")]
        room = self.size.width - sum(self._width(key) for key in palette)
        for key in keys:
            if key in palette:
                continue
            width = self._width(key)
            key.display = width <= room
            if key.display:
                room -= width

    def _width(self, key: Widget) -> int:
        """Cells the key takes in the row: its text, padding, border and margins."""
        viewport = self.app.size
        content = key.get_content_width(Size(self.size.width, 1), viewport)
        return content + key.styles.gutter.width + key.styles.margin.width


def shown_actions(footer: KeyFooter) -> Iterable[str]:
    """The actions of the keys the footer shows now, left to right (for tests and the help)."""
    for key in footer.children:
        action = footer_key_action(key)
        if action is not None and key.display and not key.has_class("-command-palette"):
            yield action
