"""Provides the config's parse kept across starts, in a file beside the database.

A config of 5,000 `[[sources]]` takes ~30 ms of CPU to parse and check (tomli half of it, a
`SourceConfig` and a URL check per table the rest), every start, before the ticker's first
frame (benchmarks/RESULTS.md, "first paint at 5,000 sources, installed"). The ticker keeps the
checked result in `<database>.config-cache` (JSON) with the exact text it was parsed from, and
reads it back in ~7 ms when the file holds that same text.

What makes a kept parse safe to serve:
- the config file's text, compared whole (not a hash or a time: an edit that keeps the size
  and the modification time is still a different file), and its path;
- the code that checked it: newstui's version and the size and time of each module of
  `newstui.config`, `newstui.alerts`, `newstui.models` and tomli (an upgrade or an edit
  parses afresh);
- a parse that failed is never kept, so a bad config always gives its file/line/fix message;
- what is kept is read back and compared with the parse before it is written: a `Config`
  field this file cannot say exactly is not kept at all.
Any problem reading the file (missing, corrupt, another version's) is a miss: the file is
parsed as without a cache. Writing is best-effort and atomic (a temporary file, then
`os.replace`), so two tickers on one database never read half a file.
"""

from __future__ import annotations

import json
import os
from dataclasses import fields
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from newstui import __version__
from newstui.config.defaults import DEFAULT_SOURCES
from newstui.config.schema import Config
from newstui.models import AlertRule, SourceConfig

FORMAT = 1
"""The layout of the cache file; a file of another layout is a miss."""
SUFFIX = ".config-cache"


def cache_path(db: Path) -> Path:
    """Where the parse of the config used with the database `db` is kept."""
    return db.with_name(db.name + SUFFIX)


CHECKING_CODE = ("config", "alerts", "models.py")
"""What parses and checks a config, under the newstui package: its config modules, the
watchlist's (config.alerts reads terms with newstui.alerts.terms) and the data types."""


def code_key() -> list[object]:
    """What identifies the code that parses and checks a config: the version, then the path,
    size and modification time of each module of CHECKING_CODE and of tomli's (pip writes them
    anew at every install; an edit of a checkout changes them). ~0.2 ms."""
    import newstui

    key: list[object] = [__version__]
    root = Path(newstui.__file__).parent
    names: list[str] = []
    for part in CHECKING_CODE:
        if part.endswith(".py"):
            names.append(str(root / part))
        else:
            names += sorted(e.path for e in os.scandir(root / part) if e.name.endswith(".py"))
    # tomli's file, found but not imported: a start on a kept parse needs none of it (~7 M
    # instructions to import).
    tomli = find_spec("tomli")
    assert tomli is not None and tomli.origin is not None  # a dependency, a module of its own
    for name in [*names, tomli.origin]:
        stat = os.stat(name)
        key.append([name, stat.st_size, stat.st_mtime_ns])
    return key


class ConfigCache:
    """The kept parse of the config used with one database: `read` at start; a miss's parse
    is written by `flush`, which the ticker calls after its first frame (writing 5,000
    sources is ~20 ms of CPU: the first start after an edit should not pay it before the
    paint)."""

    def __init__(self, db: Path) -> None:
        self.file = cache_path(db)
        self._pending: tuple[Path, str, Config] | None = None

    def read(self, path: Path, text: str) -> Config | None:
        """The kept Config for `path` holding exactly `text`; None on a miss."""
        return read(self.file, path, text)

    def parsed(self, path: Path, text: str, config: Config) -> None:
        """A miss's parse, to be kept by `flush`."""
        self._pending = (path, text, config)

    def flush(self) -> bool:
        """Writes the pending parse, if any; whether it was written (write)."""
        pending, self._pending = self._pending, None
        return pending is not None and write(self.file, *pending)


def read(cache: Path, path: Path, text: str) -> Config | None:
    """The Config kept in `cache` for the config file `path` holding exactly `text`, parsed by
    this code; None when there is none (a miss: parse the text)."""
    try:
        with open(cache, encoding="utf-8") as file:
            kept = json.load(file)
        if (
            kept["format"] != FORMAT
            or kept["path"] != str(path)
            or kept["text"] != text
            or kept["code"] != code_key()
        ):
            return None
        return _config(kept["config"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None  # no file, not JSON, or not this layout: parsed as without a cache


def write(cache: Path, path: Path, text: str, config: Config) -> bool:
    """Keeps `config`, the parse of `text` read from `path`, in `cache`; False when it was not
    kept (a field that does not read back equal, or the file could not be written)."""
    try:
        plain = _plain(config)
        if _config(json.loads(json.dumps(plain))) != config:
            return False
    except (TypeError, ValueError, KeyError):
        return False
    kept = {"format": FORMAT, "code": code_key(), "path": str(path), "text": text, "config": plain}
    temporary = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        # No wider than the config's own mode: the cache holds its whole text, comments too.
        mode = path.stat().st_mode & 0o666 if path.exists() else 0o600
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with open(descriptor, "w", encoding="utf-8") as file:
            os.fchmod(descriptor, mode)  # a file left by a crashed write kept its own mode
            json.dump(kept, file, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, cache)
    except OSError:
        temporary.unlink(missing_ok=True)
        return False
    return True


def _plain(config: Config) -> dict[str, Any]:
    """The config as JSON values: the sources as [url, name, refresh, tags] rows (None for the
    built-in list), the watchlist and [sync] as their fields, paths as text."""
    out: dict[str, Any] = {}
    for item in fields(config):
        value = getattr(config, item.name)
        if item.name == "sources":
            out["sources"] = (
                None
                if value is DEFAULT_SOURCES
                else [[s.url, s.name, s.refresh, list(s.tags)] for s in value]
            )
        elif item.name == "alerts":
            out["alerts"] = [_fields(rule) for rule in value]
        elif item.name == "sync":
            out["sync"] = None if value is None else _fields(value)
        elif isinstance(value, Path):
            out[item.name] = str(value)
        elif _scalar(value) or (
            isinstance(value, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
        ):
            out[item.name] = value  # the keymap's ids and keys
        else:
            raise TypeError(f"{item.name}: {type(value).__name__} is not kept")
    return out


def _fields(record: Any) -> dict[str, Any]:
    """A dataclass of text, numbers, flags, tuples of text and paths, as JSON values."""
    out: dict[str, Any] = {}
    for item in fields(record):
        value = getattr(record, item.name)
        if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            out[item.name] = list(value)
        elif isinstance(value, Path):
            out[item.name] = str(value)
        elif _scalar(value):
            out[item.name] = value
        else:
            raise TypeError(f"{item.name}: {type(value).__name__} is not kept")
    return out


def _scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _record(kind: type[Any], data: dict[str, Any]) -> Any:
    """`_fields`' record read back: lists as tuples, a field typed as a Path as one."""
    values: dict[str, Any] = {}
    for item in fields(kind):
        value = data[item.name]
        if isinstance(value, list):
            value = tuple(value)
        elif value is not None and "Path" in str(item.type):
            value = Path(value)
        values[item.name] = value
    return kind(**values)


def _config(data: dict[str, Any]) -> Config:
    values = dict(data)
    sources = values.pop("sources")
    values["sources"] = (
        DEFAULT_SOURCES
        if sources is None
        else tuple(
            SourceConfig(url, name, refresh, tuple(tags)) for url, name, refresh, tags in sources
        )
    )
    values["alerts"] = tuple(_record(AlertRule, rule) for rule in values["alerts"])
    if values["sync"] is not None:
        from newstui.config.sync import SyncConfig

        values["sync"] = _record(SyncConfig, values["sync"])
    if values["path"] is not None:
        values["path"] = Path(values["path"])
    return Config(**values)
