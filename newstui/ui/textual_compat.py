"""Provides the interface's touches of Textual internals, each listed with the version checked."""

from __future__ import annotations

from math import ceil
from typing import Any

from textual.app import App
from textual.geometry import Size
from textual.reactive import Reactive
from textual.scrollbar import ScrollBar
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

TEXTUAL_CHECKED = "8.2.8"
"""The Textual version every touch below was read against (pyproject pins >=8.2,<8.3); the
guard tests in tests/widgets/test_textual_compat.py fail if an upgrade changes one."""

TOUCHES = {
    "scrollbar_thumb": (
        "the thumb geometry of textual.scrollbar.ScrollBarRender.render_bar and the sizes "
        "ScrollBar._render_bar hands it (window shown only when smaller than the virtual "
        "size, both rounded up; the position in eighths of a cell)"
    ),
    "write_to_terminal": (
        "App._driver and Driver.write, as App.bell and App.copy_to_clipboard write their own "
        "escape sequences (Textual has no public way to send one)"
    ),
    "footer_key_action": (
        "textual.widgets._footer.FooterKey (not exported) and its `action` attribute: the "
        "widgets Footer.compose yields, one per key, the palette's with -command-palette"
    ),
    "footer_key_display": (
        "FooterKey's `key_display` attribute, the key as FooterKey.render draws it (set by "
        "Footer.compose from the first binding of the action alone)"
    ),
    "footer_key_identity": (
        "FooterKey's `key`, `key_display`, `description`, `action` and `tooltip` and its "
        "-disabled and -command-palette classes: everything FooterKey.render and its mouse "
        "handler draw and do from (set once, in FooterKey.__init__, by Footer.compose)"
    ),
    "footer_bindings_ready": (
        "Footer._bindings_ready, the flag Footer.bindings_changed sets and Footer.compose reads "
        "(no keys before the screen's bindings are known)"
    ),
    "set_footer_key_enabled": (
        "FooterKey's `_disabled` (its mouse_down runs no action while set) and its `-disabled` "
        "class (its dim look), both set by FooterKey.__init__ from Footer.compose's `enabled`"
    ),
    "scroll_update_keeping_bar": (
        "Widget._scroll_update (the scrollbars' visibility, window sizes and refresh, and the "
        "scroll clamped, at each layout that resizes a scrollable widget), repeated less the "
        "vertical scrollbar's refresh()"
    ),
    "focus_without_repaint": (
        "Screen.focused, declared `Reactive(None)` (a change repaints the whole screen), whose "
        "watcher only refreshes the bindings: Screen.set_focus styles the widgets whose focus "
        "changed (_update_focus_styles) and Widget._on_focus/_on_blur refresh them"
    ),
    "forget_removed_watchers": (
        "the `__watchers` map reactive._watch sets on a watched object (reactive name -> "
        "[(watching node, callback)]) and the `_closing` flag of a node removed, by which "
        "Reactive._check_watchers drops its entries, only when the reactive changes"
    ),
}
"""Each touch: what of Textual's own code it repeats. Public ways were taken wherever there is
one (help from Screen.active_bindings; the list's fast frames extend render_lines)."""

_EIGHTHS = 8
"""Steps per cell of ScrollBarRender.VERTICAL_BARS (its len_bars)."""


def scrollbar_thumb(bar: ScrollBar, position: float) -> tuple[int, ...]:
    """What a vertical scrollbar would draw at `position`, as a key: equal keys, equal drawing.

    The headline list compares it with the last one drawn to repaint its scrollbar only when
    the thumb moved (an eighth of a cell every few dozen rows over thousands of rows), since
    a repaint costs as much as drawing the rows. Calling render_bar itself to compare costs
    ~70 us a step; this costs ~2 us. Shape: (cells, thickness[, start, length]) where start
    and length are in eighths of a cell, without them when no thumb is drawn."""
    cells, thickness = bar.size.height, bar.thickness
    virtual = ceil(bar.window_virtual_size)
    window = ceil(bar.window_size if bar.window_size < bar.window_virtual_size else 0)
    key: tuple[int, ...] = (cells, thickness)
    if not (window and cells and virtual and cells != virtual):
        return key
    position = bar.validate_position(position)
    thumb_size = max(1, window / (virtual / cells))
    start = int((cells - thumb_size) * (position / (virtual - window)) * _EIGHTHS)
    return (*key, start, start + ceil(thumb_size * _EIGHTHS))


def write_to_terminal(app: App[Any], data: str) -> bool:
    """Writes an escape sequence to the terminal between frames, as App.bell writes BEL; False
    when there is no terminal (headless, or not running)."""
    driver = app._driver
    if driver is None or app.is_headless:
        return False
    driver.write(data)
    return True


def footer_key_action(widget: Widget) -> str | None:
    """The action of a key of Textual's Footer ("quit", "next_unread(1)"), None for any other
    widget (a binding group's label). KeyFooter orders and hides the keys by it."""
    return widget.action if isinstance(widget, FooterKey) else None


def set_footer_key_display(widget: Widget, text: str) -> None:
    """Draws `text` as the key of a key of Textual's Footer (any other widget is left alone):
    KeyFooter shows there each key of the action ("esc/q"), where Footer shows the first."""
    if isinstance(widget, FooterKey):
        widget.key_display = text


def forget_removed_watchers(node: Widget, name: str) -> None:
    """Drops the watchers of `node`'s reactive `name` set by widgets removed since. Textual drops
    them only when that reactive changes: each key Footer composes watches its `compact`
    (data_bind), so every key a recompose removed stayed alive, with its styles and caches,
    until the width next crossed KeyFooter's COMPACT_BELOW (a search's worth each search)."""
    watchers = getattr(node, "__watchers", {}).get(name)
    if watchers:
        watchers[:] = [
            (watcher, callback) for watcher, callback in watchers if not watcher._closing
        ]


def footer_key_identity(widget: Widget) -> tuple[object, ...] | None:
    """What a key of Textual's Footer draws and does, as a key: two keys with equal identities
    are interchangeable (KeyFooter keeps a key made before instead of mounting its equal).
    None for any other widget."""
    if not isinstance(widget, FooterKey):
        return None
    return (
        widget.key,
        widget.key_display,
        widget.description,
        widget.action,
        str(widget.tooltip or ""),
        widget.has_class("-disabled"),
        widget.has_class("-command-palette"),
    )


def footer_bindings_ready(footer: Footer) -> None:
    """Marks the screen's bindings known to Textual's Footer, as its bindings_changed does
    first: KeyFooter.bindings_changed does the rest its own way (the keys remade before the
    next frame, not after it)."""
    footer._bindings_ready = True


def set_footer_key_enabled(widget: Widget, enabled: bool) -> None:
    """Lights or dims a key of Textual's Footer in place, as Footer.compose makes it for a
    binding check_action enables or disables (any other widget is left alone): KeyFooter does
    so where only that changed, not remaking every key (a frame with none, see KeyFooter)."""
    if isinstance(widget, FooterKey):
        widget._disabled = not enabled
        widget.set_class(not enabled, "-disabled")


def focus_without_repaint() -> Reactive[Widget | None]:
    """Screen.focused as Textual declares it, without the whole screen's repaint at each change.

    A search's Enter gives the focus back from the filter bar to the list: Textual repainted
    every widget on the screen for it (~8 ms of CPU at 120x40, and a frame of the old rows
    before the new ones), though the widgets whose look the focus changes are restyled and
    refreshed by Textual itself (Screen._update_focus_styles, Widget._on_focus and _on_blur).
    A screen declares `focused = focus_without_repaint()`; its watcher (refresh_bindings) runs
    as before."""
    return Reactive(None, repaint=False)


def scroll_update_keeping_bar(widget: Widget, virtual_size: Size) -> None:
    """Widget._scroll_update, less the vertical scrollbar's repaint: the headline list's
    `_scroll_update`.

    Textual calls it at every layout of the screen (ScrollView._size_updated finds the list's
    container size, less its scrollbar gutter, unequal to the one the layout gives), and it
    repainted the list's 40-cell scrollbar each time (~0.8 ms of CPU at 120x40): a search
    lays the screen out four times before its rows are painted (the bar opened, the footer's
    keys, the word typed, the rows), none of which moves the thumb but the last. What the bar
    draws repaints it by its own way: its size (the layout resizes it), its window sizes
    (reactives of the bar), its position (HeadlineCanvas._move_scrollbar), its colours (its
    style rules)."""
    widget._refresh_scrollbars()
    width, height = widget.container_size
    if widget.show_vertical_scrollbar and widget.styles.scrollbar_size_vertical:
        vertical = widget.vertical_scrollbar
        vertical.window_virtual_size = virtual_size.height
        vertical.window_size = height - widget.scrollbar_size_horizontal
    if widget.show_horizontal_scrollbar and widget.styles.scrollbar_size_horizontal:
        horizontal = widget.horizontal_scrollbar
        horizontal.window_virtual_size = virtual_size.width
        horizontal.window_size = width - widget.scrollbar_size_vertical
        horizontal.refresh()
    widget.scroll_x = widget.validate_scroll_x(widget.scroll_x)
    widget.scroll_y = widget.validate_scroll_y(widget.scroll_y)
