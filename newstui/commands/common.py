"""Provides what every subcommand needs: the config and the store, with errors as messages."""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from newstui.config.defaults import DEFAULT_SOURCES
from newstui.config.parse_cache import ConfigCache
from newstui.config.schema import Config, ConfigError, default_db_path, load_config
from newstui.storage.store import Store, StoreError
from newstui.text.characters import UNWANTED_CLASS, cells, isolate, pad, row_text


class CommandError(Exception):
    """Ends a command with a one-line message on stderr and an exit code, never a traceback."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def load(args: argparse.Namespace, cache: ConfigCache | None = None) -> Config:
    """The config of `--config` (or the default one); `cache`: its parse kept across starts
    (load_config)."""
    try:
        return load_config(args.config, cache)
    except ConfigError as exc:
        raise CommandError(str(exc), code=2) from None


def database_path(args: argparse.Namespace) -> Path:
    """The database of `--db`, else the default one (it may not exist yet)."""
    path: Path = args.db or default_db_path()
    return path


def load_kept(args: argparse.Namespace) -> tuple[Config, ConfigCache | None]:
    """The config as `load` reads it, through its parse kept beside the database
    (config.parse_cache: a config of 5,000 sources costs ~25-30 ms of CPU to parse and check,
    ~7 ms to read back), and that cache, to flush once a new parse may be kept (None where the
    database path is a folder: open_store says so)."""
    db = database_path(args)
    cache = None if db.is_dir() else ConfigCache(db)
    return load(args, cache), cache


def load_with_sources(args: argparse.Namespace, config: Config | None = None) -> Config:
    """The config (`config` when the caller has read it already: a config of thousands of
    sources takes ~40 ms a thousand to read), saying on stderr when it lists no source at all
    (`sources = []`): an empty table alone reads as "nothing fetched", not as "nothing to
    fetch"."""
    if config is None:
        config = load(args)
    if not config.sources:
        print(
            f"newstui: {config.path} lists no sources (sources = []); add some with "
            "`newstui import FILE` or in the ticker's sources view (S)",
            file=sys.stderr,
        )
    say_near_duplicates(config)
    return config


def near_duplicate_lines(config: Config) -> list[str]:
    """The lines about `[[sources]]` that repeat another's feed or name (the config is kept:
    config.near_duplicates); none for the built-in list or a sync server's subscriptions."""
    from newstui.config.near_duplicates import near_duplicates

    if config.sync is not None or config.sources is DEFAULT_SOURCES:
        return []
    return near_duplicates(config.sources, config.path)


def say_near_duplicates(config: Config) -> None:
    """Says near_duplicate_lines on stderr."""
    for line in near_duplicate_lines(config):
        print(f"newstui: {line}", file=sys.stderr)


def open_store(args: argparse.Namespace, *, create: bool = True) -> Store:
    """The database of `--db` (or the default one). Commands that only read pass create=False:
    they never make a database, so a mistyped path is an error rather than an empty list. A
    `--db` whose folder does not exist is refused even when creating (a typo in a cron line
    would otherwise scatter databases); the default folder is created."""
    path = database_path(args)
    if path.is_dir():
        raise CommandError(
            f"{path}: is a folder; expected a database file, such as {path / 'newstui.db'}",
            code=2,
        )
    if not path.exists():
        if not create:
            if not args.db:
                why = "nothing has been fetched yet: run `newstui` or `newstui fetch` first"
            elif not path.parent.is_dir():
                why = f"the folder {path.parent} does not exist; check the --db path"
            else:
                why = f"check the --db path, or start one there with `newstui --db {path} fetch`"
            raise CommandError(f"{path}: no such database (none was created): {why}")
        if args.db and not path.parent.is_dir():
            raise CommandError(
                f"{path}: the folder {path.parent} does not exist; create it, or pass another "
                "--db PATH",
                code=2,
            )
    try:
        return Store(path)
    except StoreError as exc:
        raise CommandError(str(exc), code=1) from None


def user_path(text: str) -> Path:
    """An argparse type: a path, with a leading ~ expanded. The shell leaves it as it is in
    `--db=~/news.db` (after an =) or in quotes, and a folder named ~ is never what was meant."""
    return Path(text).expanduser()


def whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` (to `high`), else a usage error (exit 2)."""
    span = f"from {low} to {high}" if high is not None else f"of at least {low}"

    def convert(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            value = None
        if value is None or value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"expected a whole number {span}, got {text!r}")
        return value

    return convert


def seconds(low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a number of seconds from `low` to `high` (no inf or nan)."""

    def convert(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not low <= value <= high:  # nan fails every comparison
            raise argparse.ArgumentTypeError(
                f"expected a number of seconds from {low:g} to {high:g}, got {text!r}"
            )
        return value

    return convert


def json_line(record: dict[str, object]) -> str:
    """One JSON object on one line: text as itself where stdout takes UTF-8, else as \\u
    escapes, so that no encoding (a Latin-1 locale, PYTHONIOENCODING) can break a record.
    Controls and invisible characters are always \\u escapes (JSON escapes C0 only: a C1
    CSI, U+009B, or a bidi override would reach the terminal as itself), so the data is
    whole and the terminal shows it as text."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    line = json.dumps(record, ensure_ascii=encoding not in {"utf8", "utf_8"})
    return _UNWANTED.sub(lambda m: json.dumps(m.group())[1:-1], line)


_UNWANTED = re.compile(f"[{UNWANTED_CLASS}]")


def printable(text: str) -> str:
    """Untrusted text (a name written by hand in config.toml, a feed's title, a server's error)
    as one line a terminal shows as text: escape sequences (whole, with their parameters), C0
    and C1 controls, bidi overrides and invisible characters go (text.sanitize.plain_line).
    Every table the commands print passes its cells through here."""
    if text.isprintable():
        return text
    # Imported here: a warm `fetch` prints only printable names, and the sanitizer's module
    # (its regexes, html) is one a warm round does not load (test_warm_fetch_imports).
    from newstui.text.sanitize import plain_line

    return plain_line(text, max_len=max(1, len(text)))


def local_time(moment: datetime | None, fmt: str) -> str:
    return moment.astimezone().strftime(fmt) if moment is not None else "-"


def table(rows: list[list[str]], header: list[str]) -> str:
    """Plain aligned columns, padded by terminal cells (CJK and emoji are two), so every column
    starts at the same cell on every row in any terminal (newstui.text.characters.row_text);
    right-to-left cells are isolated. The last column is left unpadded."""
    shown = [[row_text(printable(cell)) for cell in row] for row in [header, *rows]]
    widths = [max(cells(r[i]) for r in shown) for i in range(len(header) - 1)]
    lines = []
    for row in shown:
        padded = [pad(cell, w) for cell, w in zip(row, widths, strict=False)]
        lines.append("  ".join([*padded, isolate(row[-1])]).rstrip())
    return "\n".join(lines)
