"""Provides the `newstui` command line: global options, subcommands, and errors as messages."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from newstui import __version__
from newstui.commands.common import CommandError
from newstui.storage.store import StoreError

COMMANDS = ("fetch", "headlines", "sources", "read", "demo", "importing", "export", "mark_read")
"""Subcommand modules in newstui.commands; each has register(subparsers, parents) and run(args)."""


def _global_options(suppress: bool) -> argparse.ArgumentParser:
    # The same options exist on the main parser and on every subcommand so that they work before
    # or after the subcommand; SUPPRESS on the subcommand keeps it from overwriting the first.
    default = argparse.SUPPRESS if suppress else None
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        default=default,
        help="config file (default: %(prog)s's file in the platform's config folder)",
    )
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        default=default,
        help="SQLite database file (default: newstui.db in the platform's data folder)",
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newstui",
        description="A live terminal news ticker. With no command, opens the ticker.",
        parents=[_global_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"newstui {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"newstui.commands.{name}")
        module.register(subparsers, [_global_options(suppress=True)])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", None)
    if run is None:
        from newstui.commands import ticker

        run = ticker.run
    try:
        return int(run(args))
    except CommandError as exc:
        print(f"newstui: {exc}", file=sys.stderr)
        return exc.code
    except StoreError as exc:  # the database failed mid-command (disk full, locked, corrupt)
        print(f"newstui: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
