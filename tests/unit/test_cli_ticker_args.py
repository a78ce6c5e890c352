"""Tests the ticker's own reading of its arguments (cli._ticker_args): where it answers, it
answers as the full parser does; everything else is left to the full parser."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newstui.cli import _ticker_args, build_parser

TICKER_ONLY = [
    [],
    ["--config", "c.toml"],
    ["--db", "x.db"],
    ["--config=c.toml", "--db=x.db"],
    ["--db", "~/news.db", "--config", "~/c.toml"],
    ["--db=~/news.db"],
    ["--db", "fetch"],  # a value that names a command is still the value
    ["--config", "a.toml", "--config", "b.toml"],  # the last one wins, as in argparse
    ["--config="],
    ["--db", "with space.db"],
]

FULL_PARSER = [
    ["fetch"],
    ["--db", "x.db", "headlines"],
    ["-h"],
    ["--help"],
    ["--version"],
    ["--conf", "c.toml"],  # an abbreviation argparse accepts
    ["--db"],  # no value: argparse's message
    ["--db", "--config", "c.toml"],
    ["--db", "-"],
    ["--", "--db", "x.db"],
    ["--verbose"],
    ["fecth"],
    ["c.toml"],
]


@pytest.mark.parametrize("argv", TICKER_ONLY)
def test_global_options_alone_are_read_as_the_full_parser_reads_them(argv: list[str]) -> None:
    mine = _ticker_args(argv)
    theirs, extra = build_parser().parse_known_args(argv)
    assert mine is not None
    assert extra == []
    assert getattr(theirs, "run", None) is None  # the ticker, for both
    assert (mine.config, mine.db) == (theirs.config, theirs.db)


@pytest.mark.parametrize("argv", FULL_PARSER)
def test_anything_else_is_left_to_the_full_parser(argv: list[str]) -> None:
    assert _ticker_args(argv) is None


def test_the_ticker_command_does_not_import_the_other_commands() -> None:
    # What the fast path is for: `newstui` alone builds no subcommand (their modules import
    # the fetcher, the OPML reader, ...). A config error ends it before the interface starts.
    code = (
        "import sys; from newstui import cli; "
        "sys.argv = ['newstui', '--config', sys.argv[1], '--db', sys.argv[2]]; "
        "status = cli.main(); "
        "print(status, 'newstui.commands.fetch' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "/nonexistent/newstui.toml", "/nonexistent/db"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["2", "False"]
    assert "no such file" in done.stderr
