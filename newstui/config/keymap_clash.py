"""Provides the check that a `[keymap]` leaves no key bound to two actions of one screen."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from newstui.config.choices import BINDING_IDS, CHARACTER_RENAMES

DEFAULT_KEYS: dict[str, str] = {
    # main screen (MainScreen; ReaderPane's back and quit share these ids)
    "quit": "q",
    "help": "question_mark",
    "refresh": "r",
    "open_link": "o",
    "jump_new": "n",
    "switch_pane": "tab",
    "sources": "S",
    "toggle_read": "u",
    "toggle_star": "s",
    "toggle_full_text": "f",
    "reader_page_down": "space",
    "reader_page_up": "b",
    "back": "escape",
    "pin_pane": "P",
    "next_unread": "right_square_bracket",
    "prev_unread": "left_square_bracket",
    "next_source": "J",
    "prev_source": "K",
    "filter": "slash",
    "view_all": "1",
    "view_unread": "2",
    "view_starred": "3",
    "cycle_view": "v",
    "mark_all_read": "A",
    "undo_mark_all": "U",
    "pick_tag": "T",
    "toggle_theme": "ctrl+t",
    "toggle_stories": "X",
    "suspend": "ctrl+z",  # the app's (TerminalApp), active on every screen
    # the headline list (HeadlineList), focused on the main screen
    "headlines.up": "up,k",
    "headlines.down": "down,j",
    "headlines.page_up": "pageup,ctrl+b",
    "headlines.page_down": "pagedown,ctrl+f",
    "headlines.first": "home,g",
    "headlines.last": "end,G",
    "headlines.open": "enter",
    "headlines.toggle_layout": "L",
    "headlines.expand": "e,right",
    "headlines.collapse": "left",
    # the sources view (SourcesScreen and its SourceTable)
    "sources.back": "escape,q",
    "sources.choose": "enter",
    "sources.add": "a",
    "sources.rename": "e",
    "sources.retag": "t",
    "sources.pause": "p",
    "sources.remove": "d,delete",
    "sources.open_site": "o",
    "sources.refresh": "r",
    "sources.help": "question_mark",
    "sources.up": "up,k",
    "sources.down": "down,j",
    "sources.page_up": "pageup,ctrl+b",
    "sources.page_down": "pagedown,ctrl+f",
    "sources.first": "home,g,ctrl+home",
    "sources.last": "end,G,ctrl+end",
    "sources.left": "left",
    "sources.right": "right",
    # the filter bar and dialogs, each a scope of its own
    "filter.clear": "escape",
    "filter.keep": "enter",
    "help_close": "escape,q,question_mark",
    "help.down": "j",
    "help.up": "k",
    "pick.cancel": "escape,q",
    "ask.cancel": "escape",
    "confirm.yes": "y,enter",
    "confirm.no": "n,escape",
}
"""Every binding id's keys as the interface binds them (the BINDINGS of newstui.ui's classes;
tests/widgets/test_keymap_clash.py checks that they agree). The config layer cannot import the
interface, so it keeps this copy, as it keeps the ids (newstui.config.choices)."""

SCOPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("the main screen", BINDING_IDS["main"] + BINDING_IDS["headline list"]),
    ("the sources view", BINDING_IDS["sources view"]),
    ("the confirm dialog", ("confirm.yes", "confirm.no")),
    ("the help screen", ("help_close", "help.down", "help.up")),
    ("the filter bar", ("filter.clear", "filter.keep")),
)
"""The ids whose keys work at the same time (a screen's and its focused widget's): one key for
two of them would run only one (Textual takes the focused widget's, else the first bound). The
other dialogs have one id each."""


@dataclass(frozen=True)
class Clash:
    """A key the keymap gives to `binding` that `other` has too, in `scope`."""

    binding: str
    key: str
    other: str
    scope: str
    free: tuple[str, ...]
    """Some letters no binding of the scope uses, to suggest."""

    @property
    def problem(self) -> str:
        return (
            f"key {self.key!r} is {self.other}'s too (both in {self.scope}: one of them "
            "would not work)"
        )

    @property
    def fix(self) -> str:
        free = ", ".join(self.free)
        return (
            f"a key no other binding of {self.scope} uses (free: {free}), or another key "
            f'for {self.other} too, such as {self.other} = "{self.free[0]}"'
        )


def key_name(key: str) -> str:
    """A key as Textual names it: a punctuation character by its name (`?` is question_mark),
    so that "?" and "question_mark" are seen as one key; Shift and a letter as the capital
    letter ("shift+a" is "A"), as terminals send it and Textual 8.2's parser reports it (the
    byte "A", and the kitty protocol's text "A", both become the key "A"; a "shift+a" binding
    would never fire)."""
    modifier, _, letter = key.partition("+")
    if modifier == "shift" and len(letter) == 1 and letter.isalpha():
        return letter.upper()
    if len(key) == 1 and not key.isalnum() and key.isprintable():
        name = unicodedata.name(key, key).lower().replace("-", "_").replace(" ", "_")
        return CHARACTER_RENAMES.get(name, name)
    return key


def keymap_clash(keymap: Mapping[str, str]) -> Clash | None:
    """The first key that `keymap` (binding id -> keys, as checked by display.keys) gives to a
    binding while another binding of the same scope keeps it or is given it too; None when
    every key of every scope has one action. Keys the keymap takes from a binding by giving
    it others are free again (newsboat's `next_unread = "n"` with `jump_new = "N"`)."""
    for scope, ids in SCOPES:
        owners = _owners(keymap, ids)
        for binding in (b for b in keymap if b in ids):
            for key in keymap[binding].split(","):
                others = [b for b in owners[key_name(key.strip())] if b != binding]
                if others:
                    return Clash(binding, key.strip(), others[0], scope, _free(owners))
    return None


def _owners(keymap: Mapping[str, str], ids: tuple[str, ...]) -> dict[str, list[str]]:
    """Each key of the bindings `ids` (as `keymap` leaves them) -> the bindings it runs."""
    owners: dict[str, list[str]] = {}
    for binding in ids:
        keys = keymap.get(binding, DEFAULT_KEYS[binding])
        for key in dict.fromkeys(key_name(k.strip()) for k in keys.split(",")):
            owners.setdefault(key, []).append(binding)
    return owners


def _free(owners: Mapping[str, object]) -> tuple[str, ...]:
    return tuple(c for c in "xyzwmhilcdq" if c not in owners)[:3] or ("f12",)


def scope_of(binding: str) -> tuple[str, tuple[str, ...]]:
    """The scope `binding` acts in, with the ids whose keys work at the same time as its own
    (just its own for the filter bar and the dialogs of one binding)."""
    for scope, ids in SCOPES:
        if binding in ids:
            return scope, ids
    return "its screen", (binding,)


def free_keys(keymap: Mapping[str, str], binding: str) -> tuple[str, ...]:
    """Some letters no binding of `binding`'s scope uses (with `keymap` applied), to suggest."""
    return _free(_owners(keymap, scope_of(binding)[1]))
