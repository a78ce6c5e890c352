"""Tests what a new user still broke after issue 17, each as the real command runs: numbers
past what SQLite or a schedule holds, searches with no word, config edge values, imports that
change nothing, `read` with a mistyped address, and a quiet fetch that failed."""

from __future__ import annotations

import subprocess
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


def one_line_error(done: subprocess.CompletedProcess[str], code: int) -> str:
    """The one line of stderr of a command that ended with `code`, without a traceback."""
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    message = done.stderr.strip()
    assert "Traceback" not in message and "\n" not in message, message
    return message


# Numbers: a limit past every headline (past SQLite's integers too) lists every one


@pytest.mark.parametrize("limit", ["6", "7", "9223372036854775807", "99999999999999999999"])
def test_a_limit_past_every_headline_lists_every_one(stocked: Home, limit: str) -> None:
    done = stocked.run("headlines", "--limit", limit)
    assert (done.returncode, done.stderr) == (0, "")
    assert len(done.stdout.splitlines()) == 6


# A search with no word in it is a mistake, not an empty (or a full) list


@pytest.mark.parametrize("text", ["", " ", "&", "-- !"])
@pytest.mark.parametrize("command", ["headlines", "mark-read"])
def test_a_search_with_no_word_is_a_usage_error(stocked: Home, command: str, text: str) -> None:
    done = stocked.run(command, f"--search={text}")
    message = one_line_error(done, 2)
    if command == "mark-read" and not text:
        assert "name the headlines" in message  # "" names no filter at all
    else:
        assert f"--search {text!r} has no word to search for; expected words" in message
    assert len(stocked.run("headlines", "--unread").stdout.splitlines()) == 6  # none marked


def test_a_search_of_words_still_matches(stocked: Home) -> None:
    done = stocked.run("headlines", "--search", "  world   STORY ")
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 3


# Config values TOML allows but newstui cannot use stop every command on their line


@pytest.mark.parametrize(
    ("setting", "line", "key"),
    [
        ("refresh = inf\n", 1, "refresh"),
        ("refresh = nan\n", 1, "refresh"),
        ('refresh = "99999999999999999999d"\n', 1, "refresh"),
        ("keep_days = nan\n", 1, "keep_days"),
        ('[theme]\nname = "nord"\n', 1, "theme"),
    ],
)
@pytest.mark.parametrize("command", ["fetch", "sources"])
def test_config_edge_values_exit_2_naming_the_line(
    stocked: Home, setting: str, line: int, key: str, command: str
) -> None:
    stocked.config.write_text(setting + SOURCES)
    message = one_line_error(stocked.run(command), 2)
    assert message.startswith(f"newstui: {stocked.config}:{line}: {key}: "), message


def test_a_source_url_with_a_bad_port_exits_2_naming_its_line(stocked: Home) -> None:
    stocked.config.write_text(SOURCES + '\n[[sources]]\nurl = "http://127.0.0.1:99999/feed"\n')
    message = one_line_error(stocked.run("fetch"), 2)
    assert message.startswith(f"newstui: {stocked.config}:11: sources[3].url: "), message


# Import: nothing new writes nothing; a --config of one's own that does not exist yet is made


def urls_file(tmp_path: Path, *urls: str) -> str:
    path = tmp_path / "urls"
    path.write_text("".join(f"{url}\n" for url in urls))
    return str(path)


def test_an_import_with_nothing_new_leaves_the_file_alone(stocked: Home, tmp_path: Path) -> None:
    before = (stocked.config.read_bytes(), stocked.config.stat().st_mtime_ns)
    listing = urls_file(tmp_path, "https://world.example/feed", "https://tech.example/feed")
    done = stocked.run("import", listing)
    assert done.returncode == 0, done.stderr
    assert "0 added, 2 already configured, 0 skipped; nothing written" in done.stdout
    assert "written to" not in done.stdout
    assert (stocked.config.read_bytes(), stocked.config.stat().st_mtime_ns) == before


def test_keeping_the_builtin_list_and_adding_none_of_it_writes_no_file(
    home: Home, tmp_path: Path
) -> None:
    from newstui.config.defaults import DEFAULT_SOURCES

    listing = urls_file(tmp_path, DEFAULT_SOURCES[0].url, DEFAULT_SOURCES[1].url)
    done = home.run("import", listing, "--keep-builtin")
    assert done.returncode == 0, done.stderr
    assert "0 added, 2 already configured, 0 skipped; nothing written" in done.stdout
    assert "now lists" not in done.stdout
    assert not home.config.exists()


def test_import_writes_a_new_config_where_config_points(home: Home, tmp_path: Path) -> None:
    from newstui.config.schema import load_config

    mine = tmp_path / "dotfiles" / "newstui.toml"
    mine.parent.mkdir()
    listing = urls_file(tmp_path, "https://wire.example/feed")
    dry = home.run("--config", str(mine), "import", listing, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert f"{mine} does not exist yet: it would list only yours" in dry.stdout
    assert not mine.exists()
    done = home.run("import", listing, "--config", str(mine))
    assert done.returncode == 0, done.stderr
    assert f"1 added, 0 already configured, 0 skipped; written to {mine}" in done.stdout
    assert f"{mine} did not exist: it now lists only yours" in done.stdout
    assert [s.url for s in load_config(mine).sources] == ["https://wire.example/feed"]
    assert not home.config.exists()


def test_import_into_a_config_in_a_missing_folder_is_refused(home: Home, tmp_path: Path) -> None:
    typo = tmp_path / "dotfles" / "newstui.toml"
    done = home.run("--config", str(typo), "import", urls_file(tmp_path, "https://w.example/f"))
    assert (
        one_line_error(done, 2)
        == f"newstui: {typo}: no such file; expected an existing config file"
    )
    assert not typo.parent.exists()


# read: a mistyped address is a usage error that names it and the form expected


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("example.org/story", "unsupported URL scheme"),
        ("http://", "invalid URL"),
        ("http://127.0.0.1:99999/story", "invalid URL"),
        ("http://127.0.0.1:0/story", "invalid URL"),
        ("http://[::1/story", "invalid URL"),
    ],
)
def test_read_with_a_mistyped_address(home: Home, url: str, problem: str) -> None:
    message = one_line_error(home.run("read", url), 2)
    assert message.startswith(f"newstui: {url!a}: {problem}; expected an http:// or https://")


# fetch -q: a round in which every source failed says so in one line (a cron job mails it)


def test_a_quiet_fetch_that_failed_everywhere_says_so(home: Home, feed_server: FeedServer) -> None:
    home.config.parent.mkdir(parents=True)
    home.config.write_text(
        f'[[sources]]\nurl = "{feed_server.url("/gone")}"\n'
        f'[[sources]]\nurl = "{feed_server.url("/missing")}"\n'
    )
    done = home.run("fetch", "-q")
    assert done.stdout == ""
    assert one_line_error(done, 1) == (
        "newstui: every source failed (2); `newstui sources` shows why"
    )
    home.config.write_text(
        f'[[sources]]\nurl = "{feed_server.route("/ok", rss([Item("One", "http://127.0.0.1/1")]))}"'
        f'\n[[sources]]\nurl = "{feed_server.url("/missing")}"\n'
    )
    done = home.run("fetch", "-q")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


# demo --help: its database is a temporary one unless --db names one


def test_demo_help_says_its_database_is_temporary(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # one line per option, paths unbroken
    text = home.run("demo", "--help").stdout
    [db_line] = [line for line in text.splitlines() if line.lstrip().startswith("--db")]
    assert "a temporary one, deleted when the demo ends" in db_line
    assert str(home.db) not in text
    assert f"(default: {home.db})" in home.run("fetch", "--help").stdout


# Output in an encoding that cannot hold the feeds' text (a Latin-1 locale, PYTHONIOENCODING)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_commands_print_any_text_in_any_encoding(home: Home, encoding: str) -> None:
    import json
    import sys

    home.config.parent.mkdir(parents=True)
    home.config.write_text('[[sources]]\nurl = "https://u.example/feed"\nname = "Ünï 北京 ☃"\n')
    home.db.parent.mkdir(parents=True)
    stored(home.config, home.db)

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        done = subprocess.run(
            [sys.executable, "-m", "newstui", *args],
            capture_output=True,
            timeout=120,
            env={**home.env(), "PYTHONIOENCODING": encoding},
        )
        assert (done.returncode, done.stderr) == (0, b""), done.stderr.decode(errors="replace")
        return done

    name = "Ünï 北京 ☃"
    shown = name.encode(encoding, errors="replace").decode(encoding)  # "?" where it cannot
    lines = run("headlines").stdout.decode(encoding).splitlines()
    assert [line.split("  ", 2)[2] for line in lines] == [f"{shown} story {i}" for i in range(3)]
    assert shown in run("sources").stdout.decode(encoding)
    records = run("headlines", "--json").stdout.decode("ascii").splitlines()
    assert [json.loads(line)["title"] for line in records] == [
        f"{name} story {i}" for i in range(3)
    ]
    assert json.loads(run("sources", "--json").stdout.decode("ascii"))["name"] == name
    assert f'text="{name}"' in run("export").stdout.decode("utf-8")


# A ~ the shell left alone (after an =, or quoted) is the home folder


def test_a_tilde_in_a_path_option_is_the_home_folder(stocked: Home) -> None:
    home_db = stocked.root / "news.db"
    stocked.db.rename(home_db)
    done = stocked.run("--db=~/news.db", "headlines")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert len(done.stdout.splitlines()) == 6
    rel_config = stocked.config.relative_to(stocked.root)
    assert stocked.run("--config", f"~/{rel_config}", "--db=~/news.db", "sources").returncode == 0
    assert stocked.run("export", "-o", "~/subs.opml").returncode == 0
    assert (stocked.root / "subs.opml").exists() and not Path("~").exists()
    done = stocked.run("import", "~/subs.opml", "--dry-run")
    assert done.returncode == 0 and "2 already configured" in done.stdout


# A mistyped command is answered with the closest one


@pytest.mark.parametrize(
    ("word", "hint"), [("headline", "headlines"), ("sorces", "sources"), ("mark_read", "mark-read")]
)
def test_a_mistyped_command_names_the_closest(home: Home, word: str, hint: str) -> None:
    done = home.run("--db", str(home.db), word)
    assert done.returncode == 2
    last = done.stderr.splitlines()[-1]
    assert f"invalid choice: {word!r}" in last and last.endswith(f"; did you mean {hint}?")


def test_import_skips_an_address_the_config_would_refuse(home: Home, tmp_path: Path) -> None:
    """One bad port in a long list stopped the whole import at the config's check."""
    from newstui.config.schema import load_config

    listing = urls_file(tmp_path, "https://a.example/f", "http://127.0.0.1:99999/f")
    done = home.run("import", listing)
    assert done.returncode == 0, done.stderr
    assert "line 2: http://127.0.0.1:99999/f: not an http(s) URL newstui can fetch" in done.stderr
    assert "1 added, 0 already configured, 1 skipped" in done.stdout
    assert [s.url for s in load_config(home.config).sources] == ["https://a.example/f"]


# sources = []: fetch and sources say there is nothing to fetch, not just an empty table


@pytest.mark.parametrize("command", ["fetch", "sources"])
def test_a_config_with_no_sources_says_so(home: Home, command: str) -> None:
    home.config.parent.mkdir(parents=True)
    home.config.write_text("sources = []\n")
    home.db.parent.mkdir(parents=True)
    stored(home.config, home.db)  # an empty database
    done = home.run(command)
    assert done.returncode == 0
    assert done.stderr == (
        f"newstui: {home.config} lists no sources (sources = []); add some with "
        "`newstui import FILE` or in the ticker's sources view (S)\n"
    )
