"""Tests the command line's options in-process: the README gives every numeric default, and
the filters of `headlines` and `mark-read` are one definition."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from newstui.cli import build_parser

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_the_readme_gives_every_numeric_default() -> None:
    checked = 0
    for name, sub in subparsers().items():
        row = next(line for line in README.splitlines() if line.startswith(f"| `newstui {name}"))
        for action in sub._actions:
            default = action.default
            if default is None and action.help:
                # An option whose default depends on another (headlines --limit: none with
                # --follow) has None and says its default in its help.
                said = re.search(r"\(default (\d+(?:\.\d+)?)", action.help)
                default = float(said.group(1)) if said else None
            if isinstance(default, int | float) and not isinstance(default, bool):
                assert f"default {default:g}" in row, (name, action.dest)
                checked += 1
    assert checked >= 2  # --limit and --interval at least


def test_headlines_and_mark_read_share_the_filters() -> None:
    subs = subparsers()

    def options(name: str) -> set[str]:
        group = next(g for g in subs[name]._action_groups if g.title.startswith("filters"))
        return {o for a in group._group_actions for o in a.option_strings}

    filters = {"--source", "--tag", "--search", "--unread", "--starred", "--story"}
    assert options("headlines") == filters
    assert options("mark-read") == options("headlines") - {"--unread"}
    assert re.search(r"--unread.*mark unread instead", subs["mark-read"].format_help(), re.S)
