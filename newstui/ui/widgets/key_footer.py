"""Provides KeyFooter: Textual's footer showing the keys that matter first, only as many as fit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual import events
from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from newstui.ui.textual_compat import (
    footer_bindings_ready,
    footer_key_action,
    footer_key_identity,
    forget_removed_watchers,
    set_footer_key_display,
    set_footer_key_enabled,
)

KEYS_SHOWN = 2
"""Keys shown for one action at most ("esc/q Back"): the others are in the help."""

KEPT_KEYS = 48
"""Keys the footer keeps mounted at most, those shown and those hidden for another focus: past
it, the keys are made again (only those shown). The ticker's two sets, the list's and the filter
bar's, are 25 together."""

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
        self._composed: tuple[object, ...] | None = None
        """What the keys shown were composed from (`_shown`); None before the first."""
        self._recompose_due = False
        self._wanted: set[Widget] | None = None
        """The keys of the last composition, among those mounted (None: every child is one)."""

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Textual's Footer remakes every key at each change of the screen's bindings (a focus
        moved, a screen pushed over or popped, any refresh_bindings), whether or not a key it
        shows changed: opening the sources view remade them 8 times, its own footer's and the
        ticker's beneath, ~0.2 s of the view's ~0.36 s of CPU (50 sources). Here only when
        what it shows changed, and once for the changes of one frame."""
        if not self.app.is_running:  # closing: the screen's widgets go first, and the
            return  # bindings' checks would look for them
        if self._recompose_due or (self.children and self._shown(screen) == self._composed):
            return
        if self.children and self._relit(screen):
            return
        footer_bindings_ready(self)  # Footer.bindings_changed's own first step
        self._recompose_due = screen.app.app_focus and self.is_attached and screen is self.screen
        if self._recompose_due and self.size.width:
            # Before the next frame, not after it as Footer's: the keys change in the frame of
            # what changed them (the filter bar, the list again), one layout and render of
            # the screen where there were two (~3 ms of CPU at each focus move of a search).
            self.call_later(self._remake_keys)
        elif self._recompose_due:  # not laid out yet: the keys are fitted to its width
            self.call_after_refresh(self.recompose)

    def _relit(self, screen: Screen[object]) -> bool:
        """Where only whether keys are enabled changed (an empty list filled: check_action),
        lights or dims the keys mounted in place; True when that was all. Remade, the keys hide
        until fitted: a frame of footer with no key at all, at the first headlines."""
        shown, composed = self._shown(screen), self._composed
        if composed is None or len(shown) != len(composed) or shown[-2:] != composed[-2:]:
            return False
        for now, before in zip(shown[:-2], composed[:-2], strict=True):
            if not (isinstance(now, tuple) and isinstance(before, tuple)):
                return False
            if (now[0], now[2]) != (before[0], before[2]):  # another binding or tooltip
                return False
        enabled = {b.binding.action: b.enabled for b in screen.active_bindings.values()}
        for key in self.children:
            action = footer_key_action(key)
            if action in enabled:
                set_footer_key_enabled(key, enabled[action])
        self._composed = shown
        return True

    def _shown(self, screen: Screen[object]) -> tuple[object, ...]:
        """Everything Footer.compose makes the keys of: each shown binding (key, description,
        action, group), whether it is enabled, its tooltip; the palette's key."""
        bindings = screen.active_bindings
        shown = tuple(
            (b.binding, b.enabled, b.tooltip) for b in bindings.values() if b.binding.show
        )
        palette = bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return (*shown, palette and (palette.binding, palette.enabled), self.show_command_palette)

    def compose(self) -> ComposeResult:
        self._recompose_due = False
        composed = list(super().compose())
        if composed:  # the bindings were ready (Footer.compose read them too)
            self._composed = self._shown(self.screen)
        if all(footer_key_action(widget) is not None for widget in composed):  # no groups
            palette = [key for key in composed if key.has_class("-command-palette")]
            keys = [key for key in composed if key not in palette]
            if keys:  # the bindings were ready
                self._show_every_key(keys)
            composed = [*sorted(keys, key=self._rank), *palette]
            for key in keys:  # shown once measured (fit_keys): never a frame of keys cut
                key.display = False
        yield from composed

    async def _remake_keys(self) -> None:
        """The keys remade, unless the screen went meanwhile (popped, or the app closing)."""
        if self.app.is_running and self.is_attached and self.screen.is_current:  # not gone
            await self.recompose()
        else:
            self._recompose_due = False

    async def recompose(self) -> None:
        """Shows the keys the bindings have now, then fits them once they are mounted and styled.

        Keys made before are kept, hidden when not wanted, and shown again when wanted:
        Textual's Footer removes every key and mounts new ones, which at each search (the
        filter bar takes the focus, 11 keys change, and gives it back) cost ~25 ms of CPU per
        focus move at 120 columns, most of it styling the new keys. Made again only when a
        key is new, or the kept keys would be out of order or too many (KEPT_KEYS)."""
        if not self.is_attached or not self.children or not await self._reuse_keys():
            self._wanted = None
            await super().recompose()
            forget_removed_watchers(self, "compact")  # else each key removed stays alive
            self.call_after_refresh(self.fit_keys)

    async def _reuse_keys(self) -> bool:
        """Shows the keys `compose` makes now with those mounted where equal, mounting only
        the new ones in their place; False (nothing changed) where that cannot keep the order
        or the keys are not all plain keys."""
        fresh = list(self.compose())
        if not fresh or any(footer_key_identity(key) is None for key in fresh):
            return False  # binding groups, or no bindings yet: Footer's own way
        kept = {footer_key_identity(key): key for key in self.children}
        wanted = [kept.get(footer_key_identity(key), key) for key in fresh]
        new = [key for key in wanted if key.parent is None]
        if len(self.children) + len(new) > KEPT_KEYS:
            return False
        ranked = [key for key in wanted if not key.has_class("-command-palette")]
        in_ranks = set(ranked)  # once, not once a child
        order = [key for key in self.children if key in in_ranks]
        if order != [key for key in ranked if key.parent is not None]:
            return False  # the palette's key is docked right: its place is no order
        self._wanted = set(wanted)
        for key in self.children:  # the keys until fitted (never a frame of keys cut)
            key.display = key.has_class("-command-palette") and key in self._wanted
        for index, key in enumerate(wanted):
            if key.parent is None:  # before the next kept key it comes before, else last
                later = (k for k in wanted[index + 1 :] if k in ranked and k.parent is not None)
                after = next(later, None)
                await self.mount(key, before=after) if after else await self.mount(key)
        if new:
            self.call_after_refresh(self.fit_keys)
        else:
            self.fit_keys()
        return True

    def _show_every_key(self, keys: Sequence[Widget]) -> None:
        """Footer draws the first key of an action; the reader may know another (the reading
        pane's `q` goes back as Esc does): each key's first KEYS_SHOWN keys, as the keymap left
        them, joined by "/"."""
        by_action: dict[str, tuple[object, list[str]]] = {}
        for active in self.screen.active_bindings.values():
            node, shown = by_action.setdefault(active.binding.action, (active.node, []))
            display = self.app.get_key_display(active.binding)
            if node is active.node and display not in shown:  # not the App's own ctrl+q
                shown.append(display)
        for key in keys:
            _, shown = by_action.get(footer_key_action(key) or "", (None, []))
            if len(shown) > 1:
                set_footer_key_display(key, "/".join(shown[:KEYS_SHOWN]))

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
        if self._wanted is not None:  # the keys kept for another focus stay hidden
            for key in keys:
                if key not in self._wanted:
                    key.display = False
            keys = [key for key in keys if key in self._wanted]
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
