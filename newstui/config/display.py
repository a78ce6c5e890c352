"""Provides the checks of the display settings: `time_format`, `theme` and `[keymap]`."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from datetime import datetime
from typing import Any

from newstui.config.choices import (
    CHARACTER_RENAMES,
    MODIFIERS,
    NAMED_KEYS,
    THEMES,
    all_binding_ids,
)


class Invalid(ValueError):
    """A value that cannot be used: what is wrong with it and what is expected instead."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


_DIRECTIVES = set("aAbBcdfGHIjmMpSuUVwWxXyYzZ%") | set("CDeFghklnPrRsTt")
"""strftime conversions: those of C89 and ISO 8601 that Python documents (with its own %f),
then the POSIX/GNU ones that glibc and the BSD libc of macOS both provide."""
_MODIFIED = {"E": set("cCxXyY"), "O": set("deHImMSuUVwWy")}
"""POSIX's alternative-representation modifiers, %E and %O, and the conversions they take."""
_DIRECTIVE = re.compile(r"%([-_0^#]?)(?:([EO])(.)|(.))", re.DOTALL)
"""One conversion: an optional glibc flag (- _ 0 ^ #: padding and case), then a modifier and
its letter, or a single letter."""
_SAMPLES = (datetime(2019, 12, 11, 9, 53, 7), datetime(2021, 3, 4, 17, 8, 42))
"""Two moments that differ in every field, from year to second (and weekday and half-day):
a format that renders both the same shows no part of a headline's time."""
TIME_FORMAT_FIX = (
    'a strftime format showing the time, such as "%H:%M %d.%m.%Y"; conversions: '
    "%H hour, %M minute, %S second, %d day, %m month, %b month name, %Y year, %a weekday "
    "(%% for a literal %)"
)


def time_format(value: Any) -> str:
    """A strftime format in which every `%` starts a known conversion, with no control
    character, and that renders a time; Invalid otherwise (an unknown conversion such as %Q
    is printed as is by glibc, so a typo would show the same text for every headline)."""
    if not isinstance(value, str):
        raise TypeError
    control = next((c for c in value if unicodedata.category(c) == "Cc"), None)
    if control is not None:  # a newline splits every row; an escape sequence paints the screen
        raise Invalid(f"{value!r} has a control character {control!r}", TIME_FORMAT_FIX)
    pos = 0
    while (start := value.find("%", pos)) >= 0:
        match = _DIRECTIVE.match(value, start)
        if match is None:
            raise Invalid(f"{value!r} ends with a lone %", TIME_FORMAT_FIX)
        _flag, modifier, modified, letter = match.groups()
        if modifier is not None and modified not in _MODIFIED[modifier]:
            raise Invalid(f"{value!r} has an unknown conversion {match.group(0)}", TIME_FORMAT_FIX)
        if letter is not None and letter not in _DIRECTIVES:
            raise Invalid(f"{value!r} has an unknown conversion {match.group(0)}", TIME_FORMAT_FIX)
        pos = match.end()
    try:
        first, second = (moment.strftime(value) for moment in _SAMPLES)
    except ValueError as exc:  # a platform's strftime that rejects what glibc takes
        raise Invalid(f"{value!r} cannot be used here ({exc})", TIME_FORMAT_FIX) from None
    if first == second:
        raise Invalid(f"{value!r} shows no part of the time", TIME_FORMAT_FIX)
    return value


def closest_first(word: str, choices: tuple[str, ...] | list[str]) -> list[str]:
    """`choices` with the close matches of `word` first (best first), then the rest in order."""
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.5)
    return close + [c for c in choices if c not in close]


def _choice_list(word: str, choices: tuple[str, ...]) -> str:
    ordered = closest_first(word, choices)
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.5)
    head = f'"{close[0]}" (closest), or one of: ' if close else "one of: "
    return head + ", ".join(ordered[1:] if close else ordered)


def theme(value: Any) -> str:
    """One of Textual's built-in theme names; Invalid naming the closest ones otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise TypeError
    name = value.strip()
    if name not in THEMES:
        raise Invalid(f"{name!r} is not a theme", _choice_list(name, THEMES))
    return name


def keymap_entries(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """(binding id, keys) pairs of a `[keymap]` table. TOML reads an unquoted dotted key
    (`headlines.up = "w"`) as a nested table, so nested tables are joined back into dotted ids:
    both spellings work."""
    if not isinstance(value, dict):
        raise TypeError
    entries: list[tuple[str, Any]] = []
    for key, item in value.items():
        if isinstance(item, dict):
            entries += keymap_entries(item, f"{prefix}{key}.")
        else:
            entries.append((f"{prefix}{key}", item))
    return entries


def binding_id(name: str, top_level_keys: set[str]) -> str:
    """A known binding id; Invalid naming the closest ids otherwise, and saying when the name
    is a top-level setting that ended up in [keymap] (a setting written below the table)."""
    ids = all_binding_ids()
    if name in ids:
        return name
    fix = "a binding id: " + _choice_list(name, ids)
    if name in top_level_keys:
        raise Invalid(
            f'"{name}" is a top-level setting, read here as a key binding because it comes '
            "after the [keymap] line",
            f"{name} above the first [table] of the file (TOML puts every key below a [table] "
            f"line into that table), or {fix}",
        )
    raise Invalid("unknown binding id", fix)


def keys(value: Any) -> str:
    """A comma-separated list of keys, such as "o,ctrl+o" (or a TOML list of them), each a
    character or a key name (escape, f5, question_mark, ...) after any modifiers; spaces
    after commas are dropped (Textual splits on bare commas). Invalid names the first key no
    keyboard sends, with the closest names: Textual would bind it silently, and the action
    would have no key."""
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        value = ",".join(value)  # ["j", "down"]: TOML's own way to write several
    if not isinstance(value, str):
        raise TypeError
    parts = [part.strip() for part in value.split(",")]
    if not all(parts) or any(" " in part for part in parts):
        raise Invalid(
            f"{value!r} is not a list of keys", 'keys separated by commas, such as "o,ctrl+o"'
        )
    for part in parts:
        pieces = part.split("+") if len(part) > 1 else [part]
        if not all(pieces):
            raise Invalid(
                f"{part!r} is not a key", 'a "+" key written as plus, such as "ctrl+plus"'
            )
        *modifiers, key = pieces
        unknown = [m for m in modifiers if m not in MODIFIERS]
        if unknown:
            raise Invalid(
                f"{part!r} has an unknown modifier {unknown[0]!r}",
                "modifiers " + _choice_list(unknown[0], MODIFIERS),
            )
        if len(key) != 1 and key not in _key_names():
            close = difflib.get_close_matches(key, sorted(_key_names()), n=1, cutoff=0.5)
            others = ", ".join(name for name in _KEY_HINTS if name not in close)
            fix = f"a character or a key name, such as {others}"
            if close:
                fix = (
                    f'"{close[0]}" (closest), or a character or another key name, such as {others}'
                )
            raise Invalid(f"{part!r} has an unknown key {key!r}", fix)
    return ",".join(parts)


_KEY_HINTS: tuple[str, ...] = (
    *("escape", "enter", "tab", "space", "backspace", "delete", "up", "down", "left"),
    *("right", "home", "end", "pageup", "pagedown", "f1", "question_mark", "slash"),
)
"""The key names an unknown one is answered with (every name would be some 300)."""


@functools.cache
def _key_names() -> frozenset[str]:
    """Every key name Textual may report: the named keys, and the names of the punctuation
    and symbol characters of ASCII and Latin-1 (`?` is question_mark), which a keyboard
    types; other characters are written as themselves."""
    names = set(NAMED_KEYS)
    for code in [*range(0x21, 0x7F), *range(0xA1, 0x100)]:
        character = chr(code)
        if not character.isalnum():
            name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
            names.add(CHARACTER_RENAMES.get(name, name))
    return frozenset(names)
