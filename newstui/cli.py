"""Provides the `newstui` command line: global options, subcommands, and errors as messages."""

from __future__ import annotations

import argparse
import difflib
import gc
import importlib
import io
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from newstui import __version__
from newstui.commands.common import CommandError, user_path
from newstui.config.schema import default_config_path, default_db_path
from newstui.storage.store import StoreError

COMMAND_MODULES = {
    "fetch": "fetch",
    "headlines": "headlines",
    "sources": "sources",
    "read": "read",
    "demo": "demo",
    "import": "importing",
    "export": "export",
    "mark-read": "mark_read",
}
"""Each command's name on the command line and its module in newstui.commands (a test holds
them to what the modules register)."""
COMMANDS = tuple(COMMAND_MODULES.values())
"""Subcommand modules in newstui.commands, in the help's order; each has
register(subparsers, parents) and run(args)."""


def _global_options(suppress: bool, db_help: str | None = None) -> argparse.ArgumentParser:
    # The same options exist on the main parser and on every subcommand so that they work before
    # or after the subcommand; SUPPRESS on the subcommand keeps it from overwriting the first.
    default = argparse.SUPPRESS if suppress else None
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument(
        "--config",
        type=user_path,
        metavar="PATH",
        default=default,
        help=f"config file (default: {_escape(default_config_path())})",
    )
    parser.add_argument(
        "--db",
        type=user_path,
        metavar="PATH",
        default=default,
        help=db_help or f"SQLite database file (default: {_escape(default_db_path())})",
    )
    return parser


def _escape(path: Path) -> str:
    return str(path).replace("%", "%%")  # argparse expands %(...)s in help texts


GUESSES = {
    "list": "headlines",
    "ls": "headlines",
    "search": "headlines --search WORDS",
    "show": "read",
    "open": "read",
    "update": "fetch",
    "refresh": "fetch",
    "poll": "fetch",
    "feeds": "sources",
    "add": "import",
    "mark": "mark-read",
}
"""Commands other feed readers and CLIs name so (newsboat's, a package manager's), and the
command that does it here."""


class _Parser(argparse.ArgumentParser):
    """The main parser: a mistyped command is answered with the closest one, and another
    reader's command name with the one that does it here."""

    def error(self, message: str) -> NoReturn:
        match = re.search(r"invalid choice: '([^']*)'", message)
        if match:
            commands = re.findall(r"'([\w-]+)'", message[match.end() :])
            close = difflib.get_close_matches(match.group(1), commands, n=1)
            if match.group(1).lower() in GUESSES:
                message += f"; did you mean {GUESSES[match.group(1).lower()]}?"
            elif close:
                message += f"; did you mean {close[0]}?"
        super().error(message)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser, every command's; with `only` (a module of COMMANDS), that
    command's alone, which parses that command's arguments as the full parser does."""
    parser = _Parser(
        prog="newstui",
        description="A live terminal news ticker. With no command, opens the ticker.",
        parents=[_global_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"newstui {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMANDS if only is None else (only,):
        module = importlib.import_module(f"newstui.commands.{name}")
        # A command whose database is not the default one says so (`demo`: a temporary one).
        db_help = getattr(module, "DB_HELP", None)
        module.register(subparsers, [_global_options(suppress=True, db_help=db_help)])
    for sub in subparsers.choices.values():
        # So that a mistake after the subcommand is shown with that subcommand's usage.
        sub.set_defaults(command_parser=sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one command; returns the exit status (0 ok, 1 failed, 2 usage or config error).

    Output closed early (`newstui headlines | head -1`) ends the command quietly with status 0,
    as the reader has what it asked for: no traceback, and nothing more is written.
    """
    try:
        try:
            return _run(argv)
        finally:
            sys.stdout.flush()  # a reader gone shows here, not in the interpreter's last flush
    except BrokenPipeError:
        if not _stdout_gone():
            raise  # another pipe broke (a helper process, say): that is a real failure
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # what is still buffered goes nowhere, quietly
        return 0


def _run(argv: Sequence[str] | None) -> int:
    if isinstance(sys.stdout, io.TextIOWrapper):
        # Feed text is any language; a stdout that cannot encode some of it (a Latin-1 locale,
        # PYTHONIOENCODING=ascii) shows "?" there rather than ending in a traceback.
        sys.stdout.reconfigure(errors="replace")
    words = sys.argv[1:] if argv is None else argv
    args = _ticker_args(words)
    if args is None:
        parser = build_parser(_command_module(words))
        args, extra = parser.parse_known_args(argv)
        if extra:
            _unknown(getattr(args, "command_parser", parser), extra)
    run = getattr(args, "run", None)
    if run is None:
        from newstui.commands import ticker

        run = ticker.run  # it turns the collector on after its first frame
    else:
        gc.enable()  # held off by the entry point while the modules loaded (newstui.launch)
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


GLOBAL_OPTIONS = ("--config", "--db")
"""The options every command takes, each with one value (_global_options)."""


def _ticker_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The ticker's arguments when `argv` holds nothing but global options, each spelled out
    in full with its value (`--db PATH`, `--db=PATH`), as `build_parser` would parse them;
    else None, and the full parser decides (a command, -h, --version, an abbreviation, a
    mistake). Building the full parser imports every command's module: ~30 ms of CPU (a third
    of them the fetcher's) that the ticker's first paint does not need (benchmarks/RESULTS.md,
    "The ticker at scale")."""
    values: dict[str, Path | None] = dict.fromkeys(("config", "db"))
    words = iter(argv)
    for word in words:
        option, equals, value = word.partition("=")
        if option not in GLOBAL_OPTIONS:
            return None
        if not equals:
            value = next(words, "-")
            if value.startswith("-"):  # argparse takes none as the option's value: it says so
                return None
        values[option.removeprefix("--")] = user_path(value)
    return argparse.Namespace(**values)


def _command_module(argv: Sequence[str]) -> str | None:
    """The module of the command `argv` names after nothing but global options spelled out in
    full with their values (`newstui --db PATH fetch -q`), else None: the full parser then
    decides (-h and --version list every command, a mistyped one is matched against all).
    Building every command's parser imports each command's module: a `newstui fetch` from
    cron paid ~10 ms of CPU for the others' (headlines' text sanitizer among them) before its
    round (benchmarks/RESULTS.md, warm4)."""
    words = iter(argv)
    for word in words:
        option, equals, value = word.partition("=")
        if option in GLOBAL_OPTIONS:
            if not equals:
                value = next(words, "-")
                if value.startswith("-"):
                    return None  # argparse's message for a missing value
            continue
        return COMMAND_MODULES.get(word)
    return None


def _unknown(parser: argparse.ArgumentParser, extra: list[str]) -> None:
    """Exits 2 with the usage of the (sub)command the mistake was made in, and the closest
    option for each unknown one."""
    options = re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", parser.format_usage())
    hints = []
    for word in extra:
        if word.startswith("-"):
            close = difflib.get_close_matches(word.split("=", 1)[0], options, n=1)
            if close:
                hints.append(f"{word}: did you mean {close[0]}?")
    message = "unrecognized arguments: " + " ".join(extra)
    parser.error("; ".join([message, *hints]))


def _stdout_gone() -> bool:
    """Whether stdout is a pipe or socket whose reader has gone (poll says POLLERR/POLLHUP)."""
    import select

    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    if not hasattr(select, "poll"):
        return True  # no way to ask here (Windows): take the broken pipe to be stdout's
    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    return any(mask & (select.POLLERR | select.POLLHUP) for _, mask in poller.poll(0))
