"""Provides the TOML configuration: its schema, defaults, validation and where files live."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import platformdirs

from newstui.config import display
from newstui.config.checks import Checker, Locator, quoting_fix
from newstui.config.checks import ConfigError as ConfigError  # callers import it from here
from newstui.config.defaults import DEFAULT_SOURCES
from newstui.config.not_utf8 import not_utf8_message
from newstui.models import AlertRule, SourceConfig

if TYPE_CHECKING:
    from newstui.config.parse_cache import ConfigCache
    from newstui.config.sync import SyncConfig

APP_NAME = "newstui"
CONFIG_ENCODING = "utf-8-sig"
"""How config files are read: UTF-8, with the byte order mark some editors (Notepad) put at
the start dropped; TOML would read it as a stray character on line 1."""


def default_config_path() -> Path:
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def default_db_path() -> Path:
    return platformdirs.user_data_path(APP_NAME) / "newstui.db"


@dataclass(frozen=True)
class Config:
    """Everything the user can set. Each field is a top-level key of config.toml."""

    refresh: float = 300.0
    """Default seconds between polls of a source ("90s", "5m", "1h" or a number of seconds)."""
    time_format: str = "%H:%M %d.%m.%Y"
    """strftime format of headline times, shown in local time."""
    jitter: float = 0.1
    """Fraction by which each poll interval is randomly stretched or shrunk, so polls spread out."""
    keep_days: float = 30.0
    """Headlines older than this many days are pruned (starred ones are kept)."""
    keep_per_source: int = 2000
    """At most this many headlines are kept per source (starred ones are kept beyond it)."""
    full_text: bool = False
    """Fetch the full article of every new headline in the background, for offline reading."""
    theme: str | None = None
    """Textual theme name (newstui.config.choices.THEMES); None keeps the one chosen last."""
    stories: bool | None = None
    """One row per story in the ticker (newstui.stories); None keeps what the key (X) chose
    last, at first on."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, e.g. {"open_link": "o,ctrl+o"}, to remap the app's keys; the ids are
    newstui.config.choices.BINDING_IDS."""
    sources: tuple[SourceConfig, ...] = DEFAULT_SOURCES
    """The news sources to poll; the built-in list when the file names none."""
    path: Path | None = None
    """The file this came from; None for the built-in defaults."""
    sync: SyncConfig | None = None
    """`[sync]`: the aggregator server to sync with (newstui.config.sync); None polls feeds."""
    alerts: tuple[AlertRule, ...] = ()
    """`[[alerts]]`: the watchlist (newstui.config.alerts); new headlines that match alert."""
    desktop_notify: str = "auto"
    """How alerts reach the desktop through the terminal: newstui.config.alerts.DESKTOP_NOTIFY."""


_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)", re.IGNORECASE)
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(value: object) -> float:
    """Seconds, above 0 and at most MAX_REFRESH, from "90s", "5m", "1h30m", "2d" or a number
    of seconds; ValueError otherwise (its text "negative", "zero" or "over N days" says why)."""
    if isinstance(value, bool):
        raise ValueError("not a duration")
    if isinstance(value, int | float):
        seconds = _float(value)
    elif isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"-?\d+(?:\.\d+)?", text):
            seconds = float(text)
        else:
            if text.startswith("-"):
                raise ValueError("negative")
            pos, seconds = 0, 0.0
            for match in _DURATION_PART.finditer(text):
                if match.start() != pos and text[pos : match.start()].strip():
                    raise ValueError("not a duration")
                seconds += float(match.group(1)) * _UNITS[match.group(2).lower()]
                pos = match.end()
            if pos == 0 or text[pos:].strip():
                raise ValueError("not a duration")
    else:
        raise ValueError("not a duration")
    if math.isnan(seconds):  # TOML floats may be nan (or inf, which the cap below refuses)
        raise ValueError("not a duration")
    if seconds <= 0:
        raise ValueError("negative" if seconds < 0 else "zero")
    if seconds > MAX_REFRESH:
        raise ValueError(f"over {MAX_REFRESH / 86400:g} days")
    return seconds


MAX_REFRESH = 365 * 86400.0
"""Longest interval between polls, in seconds. Beyond it the schedule stops being a schedule:
a next poll far enough ahead overflows the date types (year 9999), and NaN never comes due."""
_DURATION_HINT = (
    'a positive duration up to 365 days, such as "90s", "5m", "1h" or a number of seconds'
)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def _nonempty_str(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError
    return value.strip()


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


def _float(value: int | float) -> float:
    """The number as a float; TOML integers have no bound, so one past a float's is inf."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _positive(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError
    number = _float(value)
    if not math.isfinite(number):  # TOML floats may be nan or inf
        raise TypeError
    if number <= 0:
        raise ValueError("negative" if number < 0 else "zero")
    return number


def _fraction(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1:
        raise TypeError
    return float(value)


_SQLITE_MAX_INT = 2**63 - 1


def _count(value: Any) -> int:
    """A whole number from 1. TOML integers have no bound, SQLite's do: a larger count means
    the same as the largest SQLite holds (no source has that many headlines)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise TypeError
    return min(value, _SQLITE_MAX_INT)


_URL_HINT = "an http:// or https:// URL with a host"
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
"""What str.isspace() finds, and Unicode's category Cc (C0, DEL and C1: exactly these)."""
_PLAIN_URL = re.compile(r"(?i:https?)://[A-Za-z0-9][A-Za-z0-9.-]*(?::(\d{1,5}))?(?:[/?#]|\Z)")
"""The common URL whose verdict is plain without urlsplit: http(s), an ASCII host name or
IPv4 address, maybe a port of digits, then the path. Any other (IPv6, user@, IDN) is split."""


def source_url(value: Any) -> str:
    """An http(s) URL the fetcher can send: a host, a port from 1 to 65535 when given, and no
    space or control character (these would otherwise only fail at the first poll); ValueError
    or TypeError otherwise (display.Invalid, with the fix, for an address without its scheme).
    ~1 us for a plain URL (5,000 sources: 5 ms, against 50 ms by
    urlsplit and a walk over the characters; benchmarks/RESULTS.md, "The ticker at scale")."""
    text = _nonempty_str(value)
    if _SPACE_OR_CONTROL.search(text):
        raise ValueError("bad url")
    plain = _PLAIN_URL.match(text)
    if plain is not None and (plain[1] is None or 0 < int(plain[1]) <= 65535):
        return text
    parts = urlsplit(text)
    if "://" not in text and _PLAIN_URL.match(f"https://{text}"):  # feeds.example.org/rss
        raise display.Invalid(
            f"{text!r} has no scheme", f'url = "https://{text}" (or http://, as the site serves it)'
        )
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise ValueError("bad url")
    if parts.port == 0:  # .port raises ValueError past 65535 or for a non-number
        raise ValueError("bad url")
    return text


def _tags(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        raise TypeError
    # A comma separates tags everywhere else a person writes them (the sources view's tags
    # dialog, OPML's `category`), so `tags = "world, tech"` means two tags, not one.
    tags = [part.strip() for tag in value for part in tag.split(",")]
    return tuple(dict.fromkeys(tag for tag in tags if tag))


_TOP_KEYS = {
    "refresh",
    "time_format",
    "jitter",
    "keep_days",
    "keep_per_source",
    "full_text",
    "theme",
    "stories",
    "keymap",
    "sources",
    "sync",
    "alerts",
    "desktop_notify",
}
_SOURCE_KEYS = {"url", "name", "refresh", "tags"}


def parse_config(text: str, path: Path) -> Config:
    """Validates TOML text; raises ConfigError naming the file, line, key and the fix."""
    import tomli  # not at import: a start whose config's parse is kept needs none of it

    try:
        data = tomli.loads(text)  # the standard tomllib's upstream, compiled (pyproject.toml)
    except tomli.TOMLDecodeError as exc:
        detail = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)", detail)
        if match:
            where = f"{path}:{match.group(1)}"
        elif "end of document" in detail:
            where = f"{path}:{text.count(chr(10)) + 1}"
        else:
            where = str(path)
        reason = re.sub(r"\s*\(at (line|end of document).*\)$", "", detail) or "invalid TOML"
        lines = text.splitlines()
        line = lines[int(match.group(1)) - 1] if match and int(match.group(1)) <= len(lines) else ""
        fix = quoting_fix(line, tomli.loads) or "valid TOML (see the README's example)"
        raise ConfigError(f"{where}: invalid TOML: {reason}; expected {fix}") from None
    check = Checker(path, Locator(text), _TOP_KEYS)
    check.unknown(data, _TOP_KEYS, None)
    values: dict[str, Any] = {"path": path}
    simple: dict[str, tuple[Callable[[Any], Any], str]] = {
        "refresh": (parse_duration, _DURATION_HINT),
        "time_format": (display.time_format, display.TIME_FORMAT_FIX),
        "jitter": (_fraction, "a fraction from 0 to below 1, such as 0.1"),
        "keep_days": (_positive, "a positive number of days"),
        "keep_per_source": (_count, "a whole number of headlines, at least 1"),
        "full_text": (_bool, "true or false"),
        "theme": (display.theme, 'a Textual theme name such as "textual-dark"'),
        "stories": (_bool, "true or false"),
    }
    for key, (convert, fix) in simple.items():
        if key in data:
            values[key] = check.typed(data, key, convert, fix)
    if "keymap" in data:
        values["keymap"] = _keymap(check, data["keymap"])
    if "sources" in data:
        raw_sources = data["sources"]
        if not isinstance(raw_sources, list) or not all(isinstance(s, dict) for s in raw_sources):
            raise check.fail("sources", "must be an array of tables", "[[sources]] entries")
        sources: list[SourceConfig] = []
        seen: set[str] = set()
        for index, table in enumerate(raw_sources):
            check.unknown(table, _SOURCE_KEYS, index)
            if "url" not in table:
                raise check.fail("url", "missing", "url = an http(s) feed address", index)
            url = check.typed(table, "url", source_url, _URL_HINT, index)
            if url in seen:
                raise check.fail("url", f"{url} is listed twice", "each source once", index)
            seen.add(url)
            sources.append(
                SourceConfig(
                    url=url,
                    name=check.typed(table, "name", _nonempty_str, "a non-empty string", index)
                    if "name" in table
                    else None,
                    refresh=check.typed(table, "refresh", parse_duration, _DURATION_HINT, index)
                    if "refresh" in table
                    else None,
                    tags=check.typed(
                        table, "tags", _tags, 'a list of strings like ["world"]', index
                    )
                    if "tags" in table
                    else (),
                )
            )
        values["sources"] = tuple(sources)
    if "alerts" in data or "desktop_notify" in data:
        from newstui.config import alerts  # it imports parse_duration from here

        if "alerts" in data:
            values["alerts"] = alerts.parse_alerts(check, data["alerts"])
        if "desktop_notify" in data:
            notify = (alerts.desktop_notify, alerts.DESKTOP_FIX)
            values["desktop_notify"] = check.typed(data, "desktop_notify", *notify)
    if "sync" in data:
        from newstui.config.sync import parse_sync  # it imports ConfigError from here

        values["sync"] = parse_sync(data["sync"], text, path, _TOP_KEYS)
    return Config(**values)


def _keymap(check: Checker, table: Any) -> dict[str, str]:
    """Binding id -> keys, each id one the interface binds (see newstui.config.choices)."""
    fix = 'a table of binding id = "keys" under [keymap], such as open_link = "o,ctrl+o"'
    entries = check.value(table, "keymap", display.keymap_entries, fix)
    keymap: dict[str, str] = {}
    for name, keys in entries:
        check.value(name, name, lambda n: display.binding_id(n, _TOP_KEYS), "", table="keymap")
        key_list = isinstance(keys, list) and all(isinstance(k, str) for k in keys)
        if name in _TOP_KEYS and not (isinstance(keys, str) or key_list):  # `refresh` is an id
            raise check.fail(
                name,
                f"{keys!r} is not a list of keys: the top-level setting {name}, read here as "
                "a key binding because it comes after the [keymap] line?",
                f'{name} above the first [table] of the file, or keys such as "r,f5"',
                table="keymap",
            )
        keymap[name] = check.value(
            keys, name, display.keys, 'keys such as "o,ctrl+o"', table="keymap"
        )
    from newstui.config import key_reach, keymap_clash  # as tomli: not on a kept parse's way

    clash = keymap_clash.keymap_clash(keymap)
    if clash is not None:  # Textual would take it silently, and one of the two keys does nothing
        raise check.fail(clash.binding, clash.problem, clash.fix, table="keymap")
    dead = key_reach.unreachable_key(keymap)
    if dead is not None:  # Textual would bind it, and the binding would never fire
        raise check.fail(dead.binding, dead.problem, dead.fix, table="keymap")
    return {name: key_reach.as_sent(keys) for name, keys in keymap.items()}  # "shift+x" binds "X"


def load_config(path: Path | None = None, cache: ConfigCache | None = None) -> Config:
    """Reads the config file at `path` (or the default one); built-in defaults when the default
    file does not exist. A path the user named must exist. With `cache`, the parse kept across
    starts (newstui.config.parse_cache) is read back when the file's text and this code are
    the same; else the file is parsed, and the parse is kept at the cache's `flush()`."""
    explicit = path is not None
    path = path if path is not None else default_config_path()
    try:
        with path.open(encoding=CONFIG_ENCODING) as file:
            key = stat_key(os.fstat(file.fileno()))  # before reading: a later change differs
            text = file.read()
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"{path}: no such file; expected an existing config file") from None
        return Config()
    except UnicodeDecodeError as exc:
        # The text decoder's position is within its chunk: the bytes say where in the file
        # (a pipe's are gone: then only what was wrong).
        try:
            message = not_utf8_message(path, path.read_bytes())
        except OSError:
            message = None
        raise ConfigError(
            message or f"{path}: not UTF-8 text ({exc.reason}); expected UTF-8: save it as UTF-8"
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot be read ({exc.strerror}); expected a readable file"
        ) from None
    kept = cache.read(path, text) if cache is not None else None
    if kept is not None:
        config = kept
    else:
        config = parse_config(text, path)
        if cache is not None:
            cache.parsed(path, text, config)
    PARSED[path] = (key, config)
    return config


PARSED: dict[Path, tuple[tuple[int, int, int], Config]] = {}
"""Each config file's last parse, by path, with the stat_key of the file it was parsed from:
the sources view asks whether the file still lists the sources shown (config.editing), and
parsing a config of 5,000 sources again takes ~0.1 s."""


def stat_key(stat: os.stat_result) -> tuple[int, int, int]:
    """What tells a config file's versions apart: its time, size and inode (every edit
    newstui makes replaces the file)."""
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)
