"""Provides the check that every key a `[keymap]` names is one the app can receive."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from newstui.config.keymap_clash import free_keys, key_name, scope_of

SENT_AS: dict[str, str] = {
    "ctrl+i": "tab",
    "ctrl+m": "enter",
    "ctrl+left_square_bracket": "escape",
    "ctrl+h": "backspace",
    "ctrl+space": "ctrl+@",
}
"""Ctrl keys a terminal sends as the control character of another key, so that the app gets
that key instead (Ctrl+I is byte 9, Tab). Source: the kitty keyboard protocol's "legacy ctrl
mapping" (https://sw.kovidgoyal.net/kitty/keyboard-protocol/), and what Textual 8.2's parser
makes of those bytes (9 tab, 13 enter, 27 escape, 8 backspace, 0 ctrl+@). Only terminals
that speak the kitty protocol (kitty, foot, WezTerm, Ghostty), and not through tmux or
screen, tell them apart."""


TYPED_IN = frozenset({"filter.clear", "filter.keep", "ask.cancel"})
"""Bindings of a text field: a free letter would be typed into it, so none is suggested."""


@dataclass(frozen=True)
class Unreachable:
    """A key the keymap gives to `binding` that never arrives as written."""

    binding: str
    key: str
    problem: str
    fix: str


def unreachable_key(keymap: Mapping[str, str]) -> Unreachable | None:
    """The first key of `keymap` (binding id -> keys, as checked by display.keys) that the app
    would never see as that key, with why and what to write instead; None when all arrive.
    Textual takes such a binding silently and it never fires."""
    for binding, keys in keymap.items():
        for key in (k.strip() for k in keys.split(",")):
            *modifiers, last = key.split("+") if len(key) > 1 else [key]
            if not modifiers or key in SENT_AS.values():
                continue  # a lone character or key name: Textual names it as it comes
            named = "+".join([*modifiers, key_name(last.lower() if len(last) == 1 else last)])
            choice = "another key"
            scope, ids = scope_of(binding)
            if len(ids) > 1 and binding not in TYPED_IN:
                choice = f"a key free in {scope}: " + ", ".join(free_keys(keymap, binding))
            if named in SENT_AS:
                sent = SENT_AS[named]
                problem = (
                    f"key {key!r} never arrives: terminals send it as {sent} (the same byte), "
                    "and only terminals with the kitty keyboard protocol tell them apart (not "
                    "through tmux)"
                )
                return Unreachable(binding, key, problem, f'"{sent}" if you mean it, or {choice}')
            if len(last) == 1 and not last.isalnum() and named != key:
                problem = (
                    f"key {key!r} never arrives as written: Textual names the key {named!r} "
                    "(a punctuation character after a modifier goes by its name)"
                )
                return Unreachable(binding, key, problem, f'"{named}", or {choice}')
    return None


def as_sent(keys: str) -> str:
    """`keys` (comma-separated, as checked by display.keys) with each Shift-and-letter written
    as the capital letter Textual receives ("shift+a,o" -> "A,o"): written either way, the
    binding then fires on Shift+A."""
    return ",".join(key_name(k) if k.startswith("shift+") else k for k in keys.split(","))
