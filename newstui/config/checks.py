"""Provides the config's checking tools: finding a key's line in the raw TOML, and raising
ConfigError messages that name the file, the line, the key and the fix."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newstui.config import display


class ConfigError(Exception):
    """A config file that cannot be used; the message names file, line, key and the fix."""


_ASSIGNMENT = re.compile(r"\s*([A-Za-z0-9_.-]+)\s*=\s*(\S.*?)\s*$")
_TYPOGRAPHIC_QUOTES = "\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb"


def quoting_fix(line: str, loads: Callable[[str], object]) -> str | None:
    """The line to write where a TOML line `key = value` is invalid only for its text's quotes:
    `key = "value" (...)` for a value with none (`theme = nord`, `refresh = 5m`) or with a word
    processor's curly ones, `key = true` for `True`; None for any other mistake. `loads` parses
    TOML (tomli.loads)."""
    match = _ASSIGNMENT.fullmatch(line)
    if not match:
        return None
    key, value = match.group(1), match.group(2).strip(_TYPOGRAPHIC_QUOTES)
    if not value or any(c in value for c in '"\\[]{}#') or value[0] == "'":
        return None
    if value.lower() in {"true", "false"}:  # TOML's booleans are lowercase and unquoted
        return f"{key} = {value.lower()}"
    fixed = f'{key} = "{value}"'
    try:
        loads(fixed)
    except ValueError:  # tomli.TOMLDecodeError is a ValueError
        return None
    return f"{fixed} (text goes in straight double quotes)"


class Locator:
    """Finds a key's line in the raw TOML text for error messages (tomllib keeps no positions)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def line_of(
        self,
        key: str,
        index: int | None = None,
        table: str | None = None,
        array: str = "sources",
    ) -> int | None:
        """The 1-based line of `key` at the top level, in the `index`-th [[`array`]] table
        (from 0), or in the [`table`] table (falling back to that table's header line, or to
        `table = ...` at the top level for an inline table)."""
        start = 0
        header: re.Pattern[str] | None = None
        if index is not None:
            header = re.compile(rf"\s*\[\[\s*{re.escape(array)}\s*\]\]")
        elif table is not None:
            header = re.compile(rf"\s*\[\s*[\"']?{re.escape(table)}[\"']?\s*\](?!\])")
        if header is not None:
            seen = -1
            wanted = index or 0
            for i, line in enumerate(self.lines):
                if header.match(line):
                    seen += 1
                    if seen == wanted:
                        start = i
                        break
            else:
                return self.line_of(table) if table is not None else None
        found = self._find(key, start, inside=header is not None)
        if found is None and header is not None:
            return start + 1
        if found is None:  # a top-level key written as a table: `[theme]`, `[[source]]`
            return self._header(key)
        return found

    def _header(self, key: str) -> int | None:
        """The 1-based line of the first `[key]` or `[[key]]` header, or None."""
        name = rf"\s*[\"']?{re.escape(key)}[\"']?\s*"
        pattern = re.compile(rf"\s*(?:\[\[{name}\]\]|\[{name}\])")
        for i, line in enumerate(self.lines):
            if pattern.match(line):
                return i + 1
        return None

    def _find(self, key: str, start: int, *, inside: bool) -> int | None:
        parts = key.split(".")
        dotted = r"\s*\.\s*".join(rf"[\"']?{re.escape(p)}[\"']?" for p in parts)
        # `key = ...`, or `key.sub = ...` (a dotted key makes `key` a table)
        pattern = re.compile(rf"\s*(?:[\"']{re.escape(key)}[\"']|{dotted})\s*[=.]")
        for i in range(start + (1 if inside else 0), len(self.lines)):
            if re.match(r"\s*\[", self.lines[i]):
                break
            if pattern.match(self.lines[i]):
                return i + 1
        return None


@dataclass
class Checker:
    """Checks values of one config file; every failure is a ConfigError naming the file, the
    line, the key (`sources[2].url`, `keymap.quit`) and what is expected. `index` and `array`
    name an entry of an array of tables (`[[sources]]`, `[[alerts]]`), from 0."""

    path: Path
    locate: Locator
    top_keys: Collection[str] = field(default_factory=frozenset)
    """The top-level settings, named when one is written below a table's header line."""

    def fail(
        self,
        key: str,
        problem: str,
        fix: str,
        index: int | None = None,
        table: str | None = None,
        array: str = "sources",
    ) -> ConfigError:
        line = self.locate.line_of(key, index, table, array)
        where = f"{self.path}:{line}" if line else str(self.path)
        shown = f"{array}[{index + 1}].{key}" if index is not None else key
        if table is not None:
            shown = f"{table}.{key}"
        return ConfigError(f"{where}: {shown}: {problem}; expected {fix}")

    def unknown(
        self,
        table: dict[str, Any],
        allowed: set[str],
        index: int | None,
        array: str = "sources",
    ) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f'"{close[0]}"' if close else "one of " + ", ".join(sorted(allowed))
                problem = "unknown key"
                if index is not None and key in self.top_keys:
                    problem = (
                        f'"{key}" is a top-level setting, read here as part of this '
                        f"{array.removesuffix('s')} because it comes after the [[{array}]] line"
                    )
                    hint = f"{key} above the first [table] of the file, or {hint}"
                raise self.fail(key, problem, hint, index, array=array)

    def typed(
        self,
        table: dict[str, Any],
        key: str,
        convert: Callable[[Any], Any],
        fix: str,
        index: int | None = None,
        array: str = "sources",
    ) -> Any:
        return self.value(table[key], key, convert, fix, index, array=array)

    def value(
        self,
        value: Any,
        key: str,
        convert: Callable[[Any], Any],
        fix: str,
        index: int | None = None,
        table: str | None = None,
        array: str = "sources",
    ) -> Any:
        try:
            return convert(value)
        except display.Invalid as exc:
            raise self.fail(key, exc.problem, exc.fix, index, table, array) from None
        except (TypeError, ValueError) as exc:
            problem = f"{type(value).__name__} {value!r} is not valid"
            if isinstance(value, dict):  # `[theme]` where `theme = "..."` was meant
                problem = f"a [{key}] table, not a value"
            if str(exc) in {"negative", "zero"} or str(exc).startswith("over "):
                problem = f"{value!r} is {exc}"
            raise self.fail(key, problem, fix, index, table, array) from None
