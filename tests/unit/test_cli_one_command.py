"""Tests that a command named on the command line is parsed by its own parser alone
(cli._command_module) exactly as the full parser parses it, and that `fetch` then imports no
other command's module."""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys

import pytest

from newstui.cli import COMMAND_MODULES, COMMANDS, _command_module, build_parser

ONE_COMMAND = [
    ["fetch"],
    ["fetch", "-q", "-j", "2"],
    ["--db", "x.db", "fetch", "--quiet"],
    ["--config=c.toml", "--db=x.db", "headlines", "-n", "3"],
    ["headlines", "--config", "c.toml", "--json"],
    ["mark-read", "--all"],
    ["import", "feeds.opml"],
    ["sources", "--db", "y.db"],
    ["export"],
    ["--db", "fetch", "read", "12"],  # the value that names a command is still the value
]

FULL_PARSER = [
    [],
    ["-h"],
    ["--version", "fetch"],
    ["--conf", "c.toml", "fetch"],  # an abbreviation: argparse's to read
    ["--db"],
    ["--db", "--config", "c.toml", "fetch"],
    ["fecth"],
    ["importing"],  # a module's name is no command
    ["--", "fetch"],
    ["c.toml", "fetch"],
]


def parsed(parser: argparse.ArgumentParser, argv: list[str]) -> dict[str, object]:
    args, extra = parser.parse_known_args(argv)
    found = {k: v for k, v in vars(args).items() if k not in ("command_parser", "run")}
    found["run"] = getattr(getattr(args, "run", None), "__module__", None)
    found["extra"] = extra
    found["prog"] = getattr(getattr(args, "command_parser", None), "prog", None)
    return found


def test_the_command_names_are_those_the_modules_register() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(subparsers.choices) == set(COMMAND_MODULES)
    assert sorted(COMMAND_MODULES.values()) == sorted(COMMANDS)


@pytest.mark.parametrize("argv", ONE_COMMAND)
def test_a_named_command_is_parsed_by_its_parser_as_by_the_full_one(argv: list[str]) -> None:
    module = _command_module(argv)
    assert module is not None
    assert parsed(build_parser(module), argv) == parsed(build_parser(), argv)


@pytest.mark.parametrize("argv", FULL_PARSER)
def test_anything_else_is_left_to_the_full_parser(argv: list[str]) -> None:
    assert _command_module(argv) is None


def test_fetch_imports_no_other_command() -> None:
    # A config that does not exist ends `fetch` at once, after its parser was built.
    code = (
        "import sys; from newstui import cli; "
        "sys.argv = ['newstui', '--config', sys.argv[1], '--db', sys.argv[2], 'fetch', '-q']; "
        "status = cli.main(); "
        "print(status, sorted(m for m in sys.modules if m.startswith('newstui.commands.')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "/nonexistent/newstui.toml", "/nonexistent/db"],
        capture_output=True,
        text=True,
        check=True,
    )
    status, modules = done.stdout.split(" ", 1)
    assert status == "2"
    assert ast.literal_eval(modules) == ["newstui.commands.common", "newstui.commands.fetch"]
