"""Provides the names a config file may use for the interface: binding ids and theme names."""

from __future__ import annotations

BINDING_IDS: dict[str, tuple[str, ...]] = {
    "main": (
        "quit",
        "help",
        "refresh",
        "open_link",
        "jump_new",
        "switch_pane",
        "sources",
        "toggle_read",
        "toggle_star",
        "toggle_full_text",
        "reader_page_down",
        "reader_page_up",
        "back",
        "pin_pane",
        "next_unread",
        "prev_unread",
        "next_source",
        "prev_source",
        "filter",
        "view_all",
        "view_unread",
        "view_starred",
        "cycle_view",
        "mark_all_read",
        "undo_mark_all",
        "pick_tag",
        "toggle_theme",
        "toggle_stories",
        "suspend",
    ),
    "headline list": (
        "headlines.up",
        "headlines.down",
        "headlines.page_up",
        "headlines.page_down",
        "headlines.first",
        "headlines.last",
        "headlines.open",
        "headlines.toggle_layout",
        "headlines.expand",
        "headlines.collapse",
    ),
    "sources view": (
        "sources.back",
        "sources.choose",
        "sources.add",
        "sources.rename",
        "sources.retag",
        "sources.pause",
        "sources.remove",
        "sources.open_site",
        "sources.refresh",
        "sources.help",
        "sources.up",
        "sources.down",
        "sources.page_up",
        "sources.page_down",
        "sources.first",
        "sources.last",
        "sources.left",
        "sources.right",
    ),
    "filter input": ("filter.clear", "filter.keep"),
    "dialogs": (
        "help_close",
        "help.down",
        "help.up",
        "pick.cancel",
        "ask.cancel",
        "confirm.yes",
        "confirm.no",
    ),
}
"""The `[keymap]` ids by the part of the interface they act in, as README.md's Configuration
section lists them. The config layer cannot import the interface (the domain never imports
Textual), so it keeps this list; tests/widgets/test_keymap_ids.py checks that it equals the ids
the interface binds, and tests/unit/test_readme_config.py that it equals the README's."""

THEMES: tuple[str, ...] = (
    "ansi-dark",
    "ansi-light",
    "atom-one-dark",
    "atom-one-light",
    "catppuccin-frappe",
    "catppuccin-latte",
    "catppuccin-macchiato",
    "catppuccin-mocha",
    "dracula",
    "flexoki",
    "gruvbox",
    "monokai",
    "nord",
    "rose-pine",
    "rose-pine-dawn",
    "rose-pine-moon",
    "solarized-dark",
    "solarized-light",
    "textual-dark",
    "textual-light",
    "tokyo-night",
)
"""Textual's built-in themes (textual 8.2, the pinned minor), the names `theme` may take.
tests/widgets/test_keymap_ids.py checks it against `App().available_themes`."""


def all_binding_ids() -> tuple[str, ...]:
    """Every binding id, in the README's order."""
    return tuple(i for group in BINDING_IDS.values() for i in group)


MODIFIERS: tuple[str, ...] = ("ctrl", "shift", "alt", "meta", "super", "hyper")
"""Modifiers a key may carry (`ctrl+o`), the ones Textual's terminal parser reports."""

NAMED_KEYS: tuple[str, ...] = (
    # textual.keys.Keys (8.2), past their modifiers: the keys of a plain terminal
    *("escape", "enter", "return", "tab", "space", "backspace", "delete", "insert"),
    *("up", "down", "left", "right", "home", "end", "pageup", "pagedown"),
    *(f"f{n}" for n in range(1, 25)),
    *("backslash", "circumflex_accent", "ctrl-at", "right_square_bracket", "underscore"),
    # the kitty keyboard protocol's functional keys, which Textual reports by these names
    # (https://sw.kovidgoyal.net/kitty/keyboard-protocol/#functional-key-definitions)
    *(f"f{n}" for n in range(25, 36)),
    *("caps_lock", "scroll_lock", "num_lock", "print_screen", "pause", "menu"),
    *("add", "subtract", "multiply", "divide", "decimal", "equal", "separator", "kp_begin"),
    *("media_play", "media_pause", "media_play_pause", "media_reverse", "media_stop"),
    *("media_fast_forward", "media_rewind", "media_track_next", "media_track_previous"),
    *("media_record", "lower_volume", "raise_volume", "mute_volume"),
    *(f"{side}_{mod}" for side in ("left", "right") for mod in ("shift", "control", "alt")),
    *(f"{side}_{mod}" for side in ("left", "right") for mod in ("super", "hyper", "meta")),
    *("iso_level3_shift", "iso_level5_shift"),
)
"""Keys with a name rather than a character. tests/widgets/test_keymap_ids.py checks that
every key of textual.keys.Keys is here."""

CHARACTER_RENAMES: dict[str, str] = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}
"""Textual names a punctuation key by its Unicode name in lower case with `_` for spaces and
hyphens (`?` is `question_mark`), except these (textual.keys.KEY_NAME_REPLACEMENTS, which
tests/widgets/test_keymap_ids.py compares with this)."""
