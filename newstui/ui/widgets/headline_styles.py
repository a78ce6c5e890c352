"""Provides RowStyles: the headline list's component styles, and its drawn rows kept across a
restyle that changes only the highlight's look (a change of focus)."""

from __future__ import annotations

from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.strip import Strip

from newstui.ui.widgets import headline_paint as paint
from newstui.ui.widgets.headline_fresh import FreshMarks
from newstui.ui.widgets.headline_paint import Painter

NO_HIGHLIGHT = -2
"""The first item of a block's key (HeadlineCanvas._block) when the block draws no highlight:
-1 is the highlighted row, 0 on one of its expanded story's headlines."""


class RowStyles(FreshMarks):
    """The list's styles, one full Rich style a component (`_style`), and what a restyle drops.

    A restyle (the focus moving to or from the list, a theme, a style rule) used to drop every
    row drawn: the next frame painted every row on screen again (~2 ms at 120x40, ~1.5 ms of a
    search's CPU at 500,000 stored, twice: the filter bar took the focus and gave it back).
    The focus changes the highlight's look only (`:focus > .headline-list--cursor`). So the
    styles a restyle replaces are kept until the next draw, when they are resolved anew and
    compared (`_check_styles`): where only the highlight's style changed, only the blocks that
    draw the highlight are dropped; any other change drops them all, as before."""

    _styles: dict[str, Style]
    _drawn_with: dict[str, Style] | None = None
    """The styles the rows cached were drawn with, until compared after a restyle (None: no
    restyle since the last draw)."""
    _painter: Painter | None
    _blocks: LRUCache[tuple[object, ...], list[Strip]]
    _strips: LRUCache[tuple[object, ...], Strip]

    def on_focus(self, event: events.Focus) -> None:
        self._restyle()

    def on_blur(self, event: events.Blur) -> None:
        self._restyle()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles_replaced()

    def _restyle(self) -> None:
        self._styles_replaced()
        self.refresh()

    def _styles_replaced(self) -> None:
        """The styles may have changed: resolved again at the next draw (`_check_styles`)."""
        if self._drawn_with is None:  # else the rows cached were drawn with the older ones
            self._drawn_with = self._styles
        self._styles = {}

    def _style(self, component: str) -> Style:
        """A full Rich style for a component ("" for the widget), blended and cached."""
        style = self._styles.get(component)
        if style is None:
            visual = self.get_visual_style(component) if component else self.get_visual_style()
            style = self._styles[component] = visual.rich_style
        return style

    def _check_styles(self) -> None:
        """Before a draw after a restyle: drops the rows drawn with a style that changed (only
        the highlight's, when that is all that changed)."""
        drawn, self._drawn_with = self._drawn_with, None
        if drawn is None:
            return
        changed = {name for name, style in drawn.items() if self._style(name) != style}
        painter = self._painter
        if painter is not None and painter.dark != self.app.current_theme.dark:
            changed.add("dark")
        if changed <= {paint.CURSOR}:
            if changed:
                keys = self._blocks.keys()  # an LRUCache: no __iter__
                for key in [key for key in keys if key[0] != NO_HIGHLIGHT]:
                    self._blocks.discard(key)
            return
        self._painter = None
        self._blocks.clear()
        self._strips.clear()
