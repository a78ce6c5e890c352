"""Tests `import` into a fresh setup and its dry run, and `mark-read` with the filters of
`headlines` (issue 17 points 8 and 9, issue 12's CLI filters), as subprocesses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstui.config.defaults import DEFAULT_SOURCES
from newstui.config.schema import load_config
from newstui.storage.store import Store
from tests.e2e.first_day import Home, stored

MINE = f"""<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="World"><outline type="rss" text="Wire" xmlUrl="https://wire.example/feed"/></outline>
  <outline type="rss" text="BBC" xmlUrl="{DEFAULT_SOURCES[0].url}"/>
</body></opml>
"""


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home(tmp_path)


def test_import_into_a_fresh_setup_gives_your_list(home: Home, tmp_path: Path) -> None:
    opml = tmp_path / "mine.opml"
    opml.write_text(MINE)
    done = home.run("import", str(opml))
    assert done.returncode == 0, done.stderr
    assert [s.url for s in load_config(home.config).sources] == [
        "https://wire.example/feed",
        DEFAULT_SOURCES[0].url,
    ]
    assert "2 added, 0 already configured" in done.stdout
    assert "now lists only yours (--keep-builtin keeps the built-in ones too)" in done.stdout


def test_keep_builtin_keeps_them(home: Home, tmp_path: Path) -> None:
    opml = tmp_path / "mine.opml"
    opml.write_text(MINE)
    done = home.run("import", str(opml), "--keep-builtin")
    assert done.returncode == 0, done.stderr
    urls = [s.url for s in load_config(home.config).sources]
    assert urls == [s.url for s in DEFAULT_SOURCES] + ["https://wire.example/feed"]
    assert "1 added, 1 already configured" in done.stdout


def test_a_file_that_lists_sources_only_grows(home: Home, tmp_path: Path) -> None:
    home.config.parent.mkdir(parents=True)
    home.config.write_text('theme = "nord"\n[[sources]]\nurl = "https://wire.example/feed"\n')
    opml = tmp_path / "mine.opml"
    opml.write_text(MINE)
    done = home.run("import", str(opml))
    assert "1 added, 1 already configured" in done.stdout and "lists only" not in done.stdout
    assert len(load_config(home.config).sources) == 2


@pytest.mark.parametrize(
    ("keep", "marks"),
    [([], ["add ", "add "]), (["--keep-builtin"], ["add ", "have"])],
)
def test_dry_run_marks_what_is_already_configured(
    home: Home, tmp_path: Path, keep: list[str], marks: list[str]
) -> None:
    opml = tmp_path / "mine.opml"
    opml.write_text(MINE)
    done = home.run("import", str(opml), "--dry-run", *keep)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line[:4] for line in lines[:2]] == marks
    assert lines[0] == "add   https://wire.example/feed  Wire  [World]"
    assert "would list" in done.stdout and "nothing written" in done.stdout
    assert not home.config.exists()


def test_dry_run_against_a_config(home: Home, tmp_path: Path) -> None:
    home.config.parent.mkdir(parents=True)
    home.config.write_text('[[sources]]\nurl = "https://wire.example/feed"\n')
    before = home.config.read_text()
    opml = tmp_path / "mine.opml"
    opml.write_text(MINE)
    lines = home.run("import", str(opml), "--dry-run").stdout.splitlines()
    assert lines[0].startswith("have  https://wire.example/feed")
    assert lines[1].startswith(f"add   {DEFAULT_SOURCES[0].url}")
    assert lines[2].startswith("1 would be added, 1 already configured, 0 skipped")
    assert home.config.read_text() == before


# mark-read takes the filters of headlines

SOURCES = """\
[[sources]]
url = "https://world.example/feed"
name = "World"
tags = ["news"]

[[sources]]
url = "https://tech.example/feed"
name = "Tech"
tags = ["tech"]
"""


@pytest.fixture
def stocked(home: Home) -> Home:
    home.config.parent.mkdir(parents=True)
    home.config.write_text(SOURCES)
    home.db.parent.mkdir(parents=True)
    stored(home.config, home.db, per_source=4)  # "World story 0".."3", "Tech story 0".."3"
    return home


def unread(home: Home, *filters: str) -> list[str]:
    done = home.run("headlines", "--json", "--unread", *filters)
    assert done.returncode == 0, done.stderr
    return sorted(json.loads(line)["title"] for line in done.stdout.splitlines())


@pytest.mark.parametrize(
    ("filters", "marked"),
    [
        (["--search", "story 2"], {"World story 2", "Tech story 2"}),
        (["--tag", "tech"], {f"Tech story {i}" for i in range(4)}),
        (["--source", "world", "--search", "blurb 1"], {"World story 1"}),
        (["--tag", "news", "--search", "tech"], set()),  # filters combine: none of both
    ],
)
def test_mark_read_marks_exactly_what_headlines_shows(
    stocked: Home, filters: list[str], marked: set[str]
) -> None:
    shown = stocked.run("headlines", "--json", *filters).stdout.splitlines()
    assert {json.loads(line)["title"] for line in shown} == marked
    everything = set(unread(stocked))
    done = stocked.run("mark-read", *filters)
    assert (done.returncode, done.stdout.strip()) == (0, f"{len(marked)} marked read")
    assert set(unread(stocked)) == everything - marked


def test_starred_filter_and_marking_unread(stocked: Home) -> None:
    listing = stocked.run("headlines", "--json").stdout.splitlines()
    keys = [json.loads(line)["key"] for line in listing]
    assert stocked.run("mark-read", "--all").stdout.strip() == "8 marked read"
    store = Store(stocked.db)
    store.set_starred(keys[0], True)
    store.close()
    done = stocked.run("mark-read", "--starred", "--unread")
    assert done.stdout.strip() == "1 marked unread"
    assert len(unread(stocked)) == 1
    assert stocked.run("mark-read", "--starred", "--unread").stdout.strip() == "0 marked unread"


@pytest.mark.parametrize(
    "args",
    [
        ["mark-read"],
        ["mark-read", "--all", "--tag", "news"],
        ["mark-read", "1", "--search", "story"],
        ["mark-read", "--all", "1"],
    ],
)
def test_mark_read_needs_one_way_to_name_headlines(stocked: Home, args: list[str]) -> None:
    done = stocked.run(*args)
    assert done.returncode == 2 and "name the headlines" in done.stderr
    assert len(unread(stocked)) == 8


@pytest.mark.parametrize("command", ["headlines", "mark-read"])
def test_unknown_source_or_tag_names_the_closest(stocked: Home, command: str) -> None:
    source = stocked.run(command, "--source", "Wrld")
    assert source.returncode == 2  # a usage error, as every other mistake in the options
    assert "no source named 'Wrld'; did you mean 'World'?" in source.stderr
    tag = stocked.run(command, "--tag", "nwes")
    assert tag.returncode == 2 and "did you mean 'news'?" in tag.stderr
