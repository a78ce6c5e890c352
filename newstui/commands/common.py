"""Provides what every subcommand needs: the config and the store, with errors as messages."""

from __future__ import annotations

import argparse
from datetime import datetime

from newstui.config.schema import Config, ConfigError, default_db_path, load_config
from newstui.storage.store import Store, StoreError


class CommandError(Exception):
    """Ends a command with a one-line message on stderr and an exit code, never a traceback."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def load(args: argparse.Namespace) -> Config:
    try:
        return load_config(args.config)
    except ConfigError as exc:
        raise CommandError(str(exc), code=2) from None


def open_store(args: argparse.Namespace) -> Store:
    try:
        return Store(args.db or default_db_path())
    except StoreError as exc:
        raise CommandError(str(exc), code=1) from None


def local_time(moment: datetime | None, fmt: str) -> str:
    return moment.astimezone().strftime(fmt) if moment is not None else "-"


def table(rows: list[list[str]], header: list[str]) -> str:
    """Plain aligned columns (the last column is left unpadded)."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    lines = []
    for row in [header, *rows]:
        cells = [cell.ljust(w) for cell, w in zip(row, widths, strict=False)] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
