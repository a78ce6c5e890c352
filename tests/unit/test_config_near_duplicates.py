"""Tests the warnings about near-duplicate `[[sources]]` (one feed under two spellings of its
address, two sources of one name): said once, naming both lines, the config still accepted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newstui.config.near_duplicates import duplicate_pairs, near_duplicates
from newstui.config.schema import load_config
from newstui.models import SourceConfig
from tests.server import FeedServer

FEED = "https://news.example.org/feed"


@pytest.mark.parametrize(
    "other",
    [
        FEED + "/",  # a trailing slash
        "https://News.Example.ORG/feed",  # the host's case
        "HTTPS://news.example.org/feed",  # the scheme's case
        "https://news.example.org:443/feed",  # the scheme's default port
        "https://news.example.org:443/feed/",  # all at once
    ],
)
def test_two_spellings_of_one_address_are_one_feed(other: str) -> None:
    assert duplicate_pairs([SourceConfig(FEED), SourceConfig(other)]) == [(0, 1, "url")]


@pytest.mark.parametrize(
    "other",
    [
        "https://news.example.org/Feed",  # a path's case is the server's to judge
        "https://news.example.org/feed?lang=de",
        "https://news.example.org:8443/feed",
        "http://news.example.org/feed",
        "https://news.example.org/feeds",
    ],
)
def test_other_addresses_are_other_feeds(other: str) -> None:
    assert duplicate_pairs([SourceConfig(FEED), SourceConfig(other)]) == []


def test_one_name_twice_is_said_and_no_name_is_no_name() -> None:
    sources = [
        SourceConfig("https://a.example/rss", name="Desk"),
        SourceConfig("https://b.example/rss", name=" desk"),
        SourceConfig("https://c.example/rss"),
        SourceConfig("https://d.example/rss"),
    ]
    assert duplicate_pairs(sources) == [(0, 1, "name")]


CONFIG = """\
refresh = "5m"

[[sources]]
url = "{base}/feed"
name = "Harbour"

[[sources]]
url = "{base}/other"
name = "Harbour"

[[sources]]
url = "{base}/feed/"
"""


def test_the_lines_name_the_file_both_lines_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG.format(base="http://127.0.0.1:9"), encoding="utf-8")
    config = load_config(path)  # accepted
    assert near_duplicates(config.sources, path) == [
        f"{path}:5 and line 9: sources[0] and sources[1] are both named 'Harbour' "
        "(http://127.0.0.1:9/feed and http://127.0.0.1:9/other); give them names apart",
        f"{path}:4 and line 12: sources[0] and sources[2] are one feed "
        "(http://127.0.0.1:9/feed and http://127.0.0.1:9/feed/): it is polled twice; keep one",
    ]


def test_fetch_says_them_once_on_stderr_and_polls(tmp_path: Path, feed_server: FeedServer) -> None:
    rss = b"<rss version='2.0'><channel><title>T</title></channel></rss>"
    for path in ("/feed", "/feed/", "/other"):
        feed_server.route(path, rss, headers={"Content-Type": "application/rss+xml"})
    config = tmp_path / "config.toml"
    config.write_text(CONFIG.format(base=feed_server.base_url), encoding="utf-8")
    argv = [sys.executable, "-m", "newstui", "--config", str(config), "--db", str(tmp_path / "n")]
    done = subprocess.run(
        [*argv, "fetch"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count(f"newstui: {config}:5 and line 9:") == 1
    assert done.stderr.count(f"newstui: {config}:4 and line 12:") == 1
    assert "Harbour" in done.stdout  # the round ran over every source
