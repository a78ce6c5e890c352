"""Tests issue 17 as a new user meets newstui (subprocesses of the real command): config
mistakes stop with their line, numbers are checked, pipes close quietly, paths are real."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.first_day import Home, stored
from tests.feeds import Item, rss
from tests.server import FeedServer

SOURCES = """\
[[sources]]
url = "https://world.example/feed"
name = "World"
tags = ["news"]

[[sources]]
url = "https://tech.example/feed"
name = "Tech"
"""


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home(tmp_path)


@pytest.fixture
def stocked(home: Home) -> Home:
    """A user with a config of two sources and a database of 3 headlines each."""
    home.config.parent.mkdir(parents=True)
    home.config.write_text(SOURCES)
    home.db.parent.mkdir(parents=True)
    stored(home.config, home.db)
    return home


# 1 and 2: config mistakes stop every command with one line naming file, line, key, choices


@pytest.mark.parametrize(
    ("settings", "line", "key", "choice"),
    [
        ('[keymap]\nopen_link = "o,ctrl+o"\nfull_text = false\n', 3, "keymap.full_text", "above"),
        ('[keymap]\nopen = "o"\n', 2, "keymap.open", '"open_link"'),
        ('theme = "gruvbx"\n', 1, "theme", '"gruvbox"'),
        ('time_format = "%Q %"\n', 1, "time_format", "%H hour"),
    ],
)
@pytest.mark.parametrize("command", ["headlines", "sources", "fetch", "demo"])
def test_config_mistakes_exit_2_naming_the_line(
    stocked: Home, settings: str, line: int, key: str, choice: str, command: str
) -> None:
    stocked.config.write_text(settings + SOURCES)
    done = stocked.run(command)
    assert done.returncode == 2, done.stderr
    message = done.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith(f"newstui: {stocked.config}:{line}: {key}: "), message
    assert choice in message and "{" not in message


# 3: a reader that goes away ends every command quietly


def closed_stdout(home: Home, *args: str) -> subprocess.CompletedProcess[str]:
    """Runs the command with stdout a pipe whose reader has already gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return home.run(*args, stdout=write_end)
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "args",
    [
        ["headlines"],
        ["headlines", "--json"],
        ["sources"],
        ["sources", "--json"],
        ["export"],
        ["mark-read", "--all"],
        ["--help"],
        ["headlines", "--help"],
        ["--version"],
    ],
    ids=" ".join,
)
def test_every_command_ends_quietly_when_its_output_is_closed(
    stocked: Home, args: list[str]
) -> None:
    done = closed_stdout(stocked, *args)
    assert (done.returncode, done.stderr) == (0, "")


def test_fetch_import_and_read_end_quietly_too(
    home: Home, tmp_path: Path, feed_server: FeedServer
) -> None:
    feed = feed_server.route("/f.xml", rss([Item("One", "http://127.0.0.1/1")], title="Desk"))
    paragraphs = "".join(f"<p>{'Harbour cranes and tides, reported at length. ' * 12}</p>" * 8)
    page = feed_server.route(
        "/story",
        f"<html><head><title>Tides</title></head><body><article><h1>Tides</h1>{paragraphs}"
        "</article></body></html>",
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    home.config.parent.mkdir(parents=True)
    home.config.write_text(f'[[sources]]\nurl = "{feed}"\n')
    urls = tmp_path / "urls"
    urls.write_text(f"{feed}\nhttps://new.example/feed\n")
    for args in (["fetch"], ["import", str(urls), "--dry-run"], ["read", page]):
        done = closed_stdout(home, *args)
        assert (done.returncode, done.stderr) == (0, ""), args
    assert home.run("headlines").stdout.count("One") == 1  # the fetch did its work


def test_head_dash_1_in_a_shell(stocked: Home) -> None:
    stored(stocked.config, stocked.db.with_name("big.db"), per_source=3000)
    for args in ("headlines --limit 0", "headlines --limit 0 --json"):
        done = subprocess.run(
            f"set -o pipefail; {shlex.quote(sys.executable)} -m newstui "
            f"--db {stocked.db.with_name('big.db')} {args} | head -1",
            shell=True,
            executable="/bin/bash",
            capture_output=True,
            text=True,
            timeout=120,
            env=stocked.env(),
        )
        assert (done.returncode, done.stderr) == (0, ""), args
        assert len(done.stdout.splitlines()) == 1


def test_a_broken_pipe_that_is_not_stdout_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from newstui import cli

    def broken(args: argparse.Namespace) -> int:
        raise BrokenPipeError("a helper process went away")

    monkeypatch.setattr("newstui.commands.sources.run", broken)
    with pytest.raises(BrokenPipeError):
        cli.main(["sources"])


# 4: numbers


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["demo", "--interval", "0"], "--interval"),
        (["demo", "--interval", "-1"], "--interval"),
        (["demo", "--interval", "inf"], "--interval"),
        (["demo", "--interval", "nan"], "--interval"),
        (["demo", "--seed", "-3"], "--seed"),
        (["demo", "--seed", "1.5"], "--seed"),
        (["headlines", "--limit", "-5"], "--limit"),
        (["headlines", "--limit", "lots"], "--limit"),
        (["fetch", "-j", "0"], "--jobs/-j"),
        (["mark-read", "0"], "KEY"),
        (["mark-read", "-4"], "KEY"),
    ],
)
def test_numbers_out_of_range_are_usage_errors(home: Home, args: list[str], option: str) -> None:
    done = home.run(*args)
    assert done.returncode == 2
    assert f"usage: newstui {args[0]}" in done.stderr
    assert f"argument {option}: expected" in done.stderr and "Traceback" not in done.stderr


def test_limit_0_means_no_limit(stocked: Home) -> None:
    stored(stocked.config, stocked.db.with_name("big.db"), per_source=40)
    db = str(stocked.db.with_name("big.db"))
    assert len(stocked.run("--db", db, "headlines").stdout.splitlines()) == 50
    assert len(stocked.run("--db", db, "headlines", "--limit", "0").stdout.splitlines()) == 80
    assert len(stocked.run("--db", db, "headlines", "--limit", "7").stdout.splitlines()) == 7


# 6: --help names the real files


def test_help_prints_the_real_default_paths(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    # argparse wraps help to the terminal's width, breaking a path longer than a line (these
    # temporary ones are; a home's ~/.config/newstui/config.toml fits in 80 columns).
    monkeypatch.setenv("COLUMNS", "400")
    for args in (["--help"], ["headlines", "--help"]):
        text = " ".join(home.run(*args).stdout.split())
        assert f"(default: {home.config})" in text
        assert f"(default: {home.db})" in text
        assert "platform's" not in text


# 7: database paths


@pytest.mark.parametrize("command", ["headlines", "sources", "mark-read --all", "export"])
def test_reading_commands_never_create_a_database(home: Home, command: str) -> None:
    missing = home.root / "no" / "such" / "x.db"
    done = home.run("--db", str(missing), *command.split())
    if command == "export":  # exports the config; the database only lends feed titles
        assert done.returncode == 0
    else:
        assert done.returncode == 1
        assert f"{missing}: no such database (none was created)" in done.stderr
        assert f"the folder {missing.parent} does not exist" in done.stderr
    assert not (home.root / "no").exists()
    default = home.run(*command.split())
    if command != "export":
        assert "nothing has been fetched yet" in default.stderr
    assert not (home.root / "data").exists()


def test_a_folder_as_db_says_so(home: Home) -> None:
    for command in ("headlines", "fetch"):
        done = home.run("--db", str(home.root), command)
        assert done.returncode == 2
        assert f"{home.root}: is a folder; expected a database file" in done.stderr
        assert "permission" not in done.stderr


def test_fetch_creates_the_default_folder_but_not_a_mistyped_one(
    home: Home, feed_server: FeedServer
) -> None:
    feed = feed_server.route("/f.xml", rss([Item("One", "http://127.0.0.1/1")], title="Desk"))
    home.config.parent.mkdir(parents=True)
    home.config.write_text(f'[[sources]]\nurl = "{feed}"\n')
    typo = home.root / "dta" / "news.db"
    done = home.run("--db", str(typo), "fetch")
    assert done.returncode == 2 and f"the folder {typo.parent} does not exist" in done.stderr
    assert not typo.parent.exists()
    assert home.run("fetch", "-q").returncode == 0
    assert home.db.exists()


# 9: a mistake in a subcommand's options shows that subcommand's usage


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["headlines", "--limt", "5"], "--limt: did you mean --limit?"),
        (["import", "x.opml", "--dryrun"], "--dryrun: did you mean --dry-run?"),
        (["mark-read", "--all", "--tga=x"], "--tga=x: did you mean --tag?"),
        (["sources", "--jsn"], "--jsn: did you mean --json?"),
        (["export", "--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_unknown_option_shows_the_subcommands_usage(home: Home, args: list[str], hint: str) -> None:
    done = home.run(*args)
    assert done.returncode == 2
    assert done.stderr.startswith(f"usage: newstui {args[0]} ")
    assert hint in done.stderr
