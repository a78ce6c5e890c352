"""Tests the config's parse kept beside the database (newstui.config.parse_cache): a kept parse
is served only for the same text, path and code; a bad config still gives its message; every
kind of config the README shows reads back equal."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newstui.config import parse_cache
from newstui.config.defaults import DEFAULT_SOURCES
from newstui.config.schema import Config, ConfigError, load_config, parse_config

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCKS = re.findall(
    r"^```toml\n(.*?)^```", README.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL
)
MIXED = """\
refresh = "5m"
time_format = "%H:%M"
desktop_notify = "OSC777"

[keymap]
open_link = "o,ctrl+o"

[[sources]]
url = "https://example.org/feed.xml"
name = "BBC World"
refresh = "90s"
tags = ["world", "news"]

[[sources]]
url = "http://[::1]:8080/atom"

[[alerts]]
match = ["earthquake", "central bank"]
sources = ["BBC World"]
command = ["notify-send", "newstui"]
bell = true
"""
SYNC = """\
[sync]
url = "https://rss.example.org/api/greader.php"
user = "me"
password_command = ["pass", "show", "rss"]
"""


def sources_config(count: int) -> str:
    return "".join(f'[[sources]]\nurl = "http://127.0.0.1:9/feed/{n}"\n\n' for n in range(count))


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """A config file and the cache file beside a database in the same folder."""
    return tmp_path / "config.toml", parse_cache.cache_path(tmp_path / "news.db")


def started(config_file: Path, cache: Path) -> Config:
    """The config as the ticker loads it, its parse kept as after the first frame."""
    kept = parse_cache.ConfigCache(cache.with_name(cache.name.removesuffix(parse_cache.SUFFIX)))
    assert kept.file == cache
    config = load_config(config_file, kept)
    kept.flush()
    return config


def kept_urls(cache: Path) -> list[str]:
    return [row[0] for row in json.loads(cache.read_text(encoding="utf-8"))["config"]["sources"]]


def rewrite_kept(cache: Path, change: dict[str, object]) -> None:
    kept = json.loads(cache.read_text(encoding="utf-8"))
    kept.update(change)
    cache.write_text(json.dumps(kept), encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [*BLOCKS, MIXED, SYNC, sources_config(300), ""],
    ids=[*(f"readme{n}" for n in range(len(BLOCKS))), "mixed", "sync", "300", "empty"],
)
def test_a_kept_parse_reads_back_equal_to_the_parse(files: tuple[Path, Path], text: str) -> None:
    config_file, cache = files
    config_file.write_text(text, encoding="utf-8")
    first = started(config_file, cache)
    assert cache.exists(), "the parse was not kept"
    assert started(config_file, cache) == first == parse_config(text, config_file)


@pytest.mark.parametrize("mode", [0o600, 0o640])
def test_the_kept_parse_is_no_more_readable_than_the_config(
    files: tuple[Path, Path], mode: int
) -> None:
    # The cache holds the config's whole text: a config only its owner reads must not be
    # copied beside the database for every user to read (the umask's 0644 before).
    config_file, cache = files
    config_file.write_text(sources_config(2), encoding="utf-8")
    config_file.chmod(mode)
    old = os.umask(0o022)
    try:
        started(config_file, cache)
    finally:
        os.umask(old)
    assert cache.exists() and cache.stat().st_mode & 0o777 == mode


def test_the_built_in_sources_stay_the_built_in_list(files: tuple[Path, Path]) -> None:
    config_file, cache = files
    config_file.write_text('refresh = "5m"\n', encoding="utf-8")
    started(config_file, cache)
    assert started(config_file, cache).sources is DEFAULT_SOURCES


def test_the_same_text_is_served_from_the_cache(files: tuple[Path, Path]) -> None:
    config_file, cache = files
    config_file.write_text(sources_config(3), encoding="utf-8")
    started(config_file, cache)
    kept = json.loads(cache.read_text(encoding="utf-8"))
    kept["config"]["sources"][0][0] = "http://127.0.0.1:9/from-the-cache"
    cache.write_text(json.dumps(kept), encoding="utf-8")
    # The cache's own (altered) row comes back: the text was not parsed again.
    assert started(config_file, cache).sources[0].url == "http://127.0.0.1:9/from-the-cache"


def test_an_edit_that_keeps_size_and_time_is_parsed_again(files: tuple[Path, Path]) -> None:
    config_file, cache = files
    config_file.write_text(sources_config(3), encoding="utf-8")
    started(config_file, cache)
    stat = config_file.stat()
    edited = sources_config(3).replace("feed/1", "feed/7")  # same length
    config_file.write_text(edited, encoding="utf-8")
    os.utime(config_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert config_file.stat().st_size == stat.st_size
    urls = [s.url for s in started(config_file, cache).sources]
    assert "http://127.0.0.1:9/feed/7" in urls and "http://127.0.0.1:9/feed/1" not in urls
    assert kept_urls(cache) == urls  # and the new parse is what is kept now


def test_a_bad_config_gives_its_message_and_is_never_kept(files: tuple[Path, Path]) -> None:
    config_file, cache = files
    config_file.write_text(sources_config(2), encoding="utf-8")
    started(config_file, cache)
    kept = cache.read_text(encoding="utf-8")
    bad = sources_config(2) + '[[sources]]\nurl = "ftp://x"\n'
    config_file.write_text(bad, encoding="utf-8")
    with pytest.raises(ConfigError) as cached:
        started(config_file, cache)
    with pytest.raises(ConfigError) as plain:
        load_config(config_file)
    assert str(cached.value) == str(plain.value)
    assert f"{config_file}:8: sources[3].url" in str(cached.value)
    assert cache.read_text(encoding="utf-8") == kept


@pytest.mark.parametrize(
    "change",
    [
        {"format": parse_cache.FORMAT + 1},
        {"code": ["0.0.1"]},  # another version of newstui, or an edited module
        {"path": "/elsewhere/config.toml"},
    ],
    ids=["format", "code", "path"],
)
def test_another_layout_code_or_file_is_a_miss(
    files: tuple[Path, Path], change: dict[str, object]
) -> None:
    config_file, cache = files
    config_file.write_text(sources_config(2), encoding="utf-8")
    started(config_file, cache)
    kept = json.loads(cache.read_text(encoding="utf-8"))
    kept["config"]["sources"][0][0] = "http://127.0.0.1:9/stale"
    kept.update(change)
    cache.write_text(json.dumps(kept), encoding="utf-8")
    assert started(config_file, cache).sources[0].url == "http://127.0.0.1:9/feed/0"


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\xff not json", b'{"format": 1}', b"[1, 2]", b'{"format": 1, "code": 1'],
)
def test_a_corrupt_cache_is_a_miss_and_is_replaced(
    files: tuple[Path, Path], content: bytes
) -> None:
    config_file, cache = files
    config_file.write_text(sources_config(2), encoding="utf-8")
    cache.write_bytes(content)
    assert [s.url for s in started(config_file, cache).sources] == [
        "http://127.0.0.1:9/feed/0",
        "http://127.0.0.1:9/feed/1",
    ]
    assert kept_urls(cache) == ["http://127.0.0.1:9/feed/0", "http://127.0.0.1:9/feed/1"]


def test_a_cache_that_cannot_be_written_still_loads(tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text(sources_config(2), encoding="utf-8")
    cache = parse_cache.cache_path(tmp_path / "no-such-folder" / "news.db")
    assert len(started(config_file, cache).sources) == 2
    assert not cache.exists()
    assert not list(tmp_path.glob("**/*.tmp"))


def test_a_field_that_does_not_read_back_is_not_kept(files: tuple[Path, Path]) -> None:
    config_file, cache = files
    config_file.write_text(sources_config(1), encoding="utf-8")
    config = parse_config(sources_config(1), config_file)
    odd = type(config)(**{**config.__dict__, "keymap": {"open_link": 1}})  # not text
    assert not parse_cache.write(cache, config_file, sources_config(1), odd)
    assert not cache.exists()


def test_a_parse_is_written_at_flush_not_before(files: tuple[Path, Path]) -> None:
    config_file, cache_file = files
    config_file.write_text(sources_config(2), encoding="utf-8")
    cache = parse_cache.ConfigCache(config_file.with_name("news.db"))
    load_config(config_file, cache)
    assert not cache_file.exists()  # the ticker writes it after its first frame
    assert cache.flush() and cache_file.exists()
    assert not cache.flush()  # once
    load_config(config_file, cache)  # a hit: nothing to write
    assert not cache.flush()


def test_every_module_a_parse_runs_is_in_the_code_key(tmp_path: Path) -> None:
    """A module that checks a config and is left out of the key could change its verdict
    while an old parse is still served: a fresh interpreter parses a config of every part,
    and each newstui module it loaded must be one the key stats."""
    config_file = tmp_path / "config.toml"
    config_file.write_text(MIXED + "\n" + SYNC, encoding="utf-8")
    script = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from newstui.config.schema import load_config\n"
        "load_config(Path(sys.argv[1]))\n"
        "print(json.dumps(sorted(m.__file__ for n, m in sys.modules.items()\n"
        "    if n.startswith('newstui.') and getattr(m, '__file__', None))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(config_file)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout))
    assert any(name.endswith("sync.py") for name in loaded)  # the parse reached every part
    keyed = {entry[0] for entry in parse_cache.code_key()[1:] if isinstance(entry, list)}
    assert loaded - keyed == set()
