"""Tests source edits written back to config.toml: comments kept, defaults spelled out, guarded."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newstui.config.defaults import DEFAULT_SOURCES
from newstui.config.editing import SourceEditError, SourceFile
from newstui.config.schema import Config, load_config
from newstui.feeds.discover import discover_feed
from newstui.models import SourceConfig
from newstui.net.fetch import Fetcher
from tests.feeds import Item, rss
from tests.server import FeedServer

USER_FILE = """\
# my newstui settings
refresh = "10m"   # slow down

# --- agencies ---
[[sources]]
url = "https://a.example/feed"   # the wire
name = "Wire"
tags = ["world"]

# --- tech ---
[[sources]]
url = "https://b.example/feed"
"""


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE)
    return path


def test_edits_keep_comments_and_other_keys(user_file: Path) -> None:
    editor = SourceFile(load_config(user_file))
    editor.rename("https://b.example/feed", "Bytes")
    editor.retag("https://a.example/feed", ["world", " agency ", "world", ""])
    report = editor.add([SourceConfig("https://c.example/f", tags=("x",))])
    text = user_file.read_text()
    for comment in ("# my newstui settings", "# slow down", "# the wire", "# --- agencies ---"):
        assert comment in text
    config = load_config(user_file)
    assert config.refresh == 600
    assert [(s.url, s.name, s.tags) for s in config.sources] == [
        ("https://a.example/feed", "Wire", ("world", "agency")),
        ("https://b.example/feed", "Bytes", ()),
        ("https://c.example/f", None, ("x",)),
    ]
    assert [s.url for s in report.added] == ["https://c.example/f"]


def test_rename_to_blank_and_retag_to_none_remove_the_keys(user_file: Path) -> None:
    editor = SourceFile(load_config(user_file))
    config = editor.rename("https://a.example/feed", "  ")
    config = editor.retag("https://a.example/feed", [])
    assert (config.sources[0].name, config.sources[0].tags) == (None, ())
    assert 'name = "Wire"' not in user_file.read_text()


def test_remove_and_add_known(user_file: Path) -> None:
    editor = SourceFile(load_config(user_file))
    config = editor.remove("https://a.example/feed")
    assert [s.url for s in config.sources] == ["https://b.example/feed"]
    report = editor.add([SourceConfig("https://b.example/feed", name="Again")])
    assert report.added == [] and [s.name for s in report.known] == ["Again"]
    with pytest.raises(SourceEditError, match="not in the config file"):
        editor.rename("https://zzz.example/", "x")


def test_first_change_on_defaults_writes_defaults_plus_change(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    editor = SourceFile(Config(), path)
    editor.add([SourceConfig("https://mine.example/feed", name="Mine")])
    config = load_config(path)
    assert config.sources == (*DEFAULT_SOURCES, SourceConfig("https://mine.example/feed", "Mine"))
    assert path.read_text().startswith("# newstui config")


def test_a_file_without_sources_gets_the_defaults_spelled_out(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"  # pretty\n')
    editor = SourceFile(load_config(path))
    config = editor.remove(DEFAULT_SOURCES[0].url)
    assert config.sources == DEFAULT_SOURCES[1:]
    assert config.theme == "nord" and "# pretty" in path.read_text()


def test_sources_not_from_the_file_are_not_written(user_file: Path) -> None:
    demo = replace(load_config(user_file), sources=(SourceConfig("http://127.0.0.1:9/d"),))
    editor = SourceFile(demo)
    assert editor.problem() is not None
    with pytest.raises(SourceEditError, match="not those of"):
        editor.add([SourceConfig("https://x.example/f")])
    assert user_file.read_text() == USER_FILE


def test_changed_file_on_disk_is_not_overwritten(user_file: Path) -> None:
    editor = SourceFile(load_config(user_file))
    user_file.write_text(USER_FILE + '\n[[sources]]\nurl = "https://late.example/f"\n')
    with pytest.raises(SourceEditError):
        editor.rename("https://a.example/feed", "X")
    assert "late.example" in user_file.read_text()


async def test_discover_feed_from_page_and_direct(feed_server: FeedServer) -> None:
    feed = feed_server.route("/feed.xml", rss([Item("One", "http://127.0.0.1/1")], title="Desk"))
    page = feed_server.route(
        "/",
        b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        b"</head><body>hi</body></html>",
        headers={"Content-Type": "text/html"},
    )
    bare = feed_server.route(
        "/bare", b"<html><body>no feeds</body></html>", headers={"Content-Type": "text/html"}
    )
    async with Fetcher() as fetcher:
        direct = await discover_feed(fetcher, feed)
        found = await discover_feed(fetcher, page)
        none = await discover_feed(fetcher, bare)
        bad = await discover_feed(fetcher, "ftp://x")
    assert (direct.url, direct.title, direct.via_page) == (feed, "Desk", False)
    assert (found.url, found.title, found.via_page) == (feed, "Desk", True)
    assert none.url is None and none.problem
    assert bad.url is None and "http" in (bad.problem or "")
