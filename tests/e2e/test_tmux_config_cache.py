"""Runs the installed `newstui` in tmux for the config's parse kept beside the database
(newstui.config.parse_cache): the ticker keeps it after its first frame, keeps an edited file's
new parse at the next start, and a broken config still stops the start with its message."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.e2e.test_tmux import _newstui, tmux, wait_for
from tests.e2e.test_tmux_ticker import closed_ports, quit_ticker, start

__all__ = ["tmux"]  # the fixture, shared with test_tmux.py

Tmux = Callable[..., str]


def kept_text(cache: Path) -> str | None:
    try:
        return str(json.loads(cache.read_text(encoding="utf-8"))["text"])
    except (OSError, ValueError, KeyError):
        return None  # not written yet, or being replaced


def test_the_ticker_keeps_its_config_parse_and_renews_it_after_an_edit(
    tmp_path: Path, tmux: Tmux
) -> None:
    config, cache = tmp_path / "config.toml", tmp_path / "news.db.config-cache"
    sources = [
        (f"Desk {n}", f"http://127.0.0.1:{port}/feed.xml") for n, port in enumerate(closed_ports(2))
    ]
    start(tmux, tmp_path, sources, width=100, height=30)
    first = config.read_text()
    wait_for(lambda: str(kept_text(cache) == first), lambda s: s == "True", 30)
    quit_ticker(tmux)

    renamed = [("Renamed desk", url) for _, url in sources[:1]] + sources[1:]
    start(tmux, tmp_path, renamed, width=100, height=30)  # rewrites config.toml
    edited = config.read_text()
    assert edited != first
    wait_for(lambda: str(kept_text(cache) == edited), lambda s: s == "True", 30)
    quit_ticker(tmux)


def test_a_broken_config_stops_the_start_though_a_parse_is_kept(tmp_path: Path) -> None:
    config, db = tmp_path / "config.toml", tmp_path / "news.db"
    config.write_text('[[sources]]\nurl = "http://127.0.0.1:9/feed.xml"\n', encoding="utf-8")
    from newstui.config.parse_cache import ConfigCache
    from newstui.config.schema import load_config

    cache = ConfigCache(db)
    load_config(config, cache)
    assert cache.flush()  # as the ticker keeps it after its first frame
    config.write_text('[[sources]]\nurl = "ftp://127.0.0.1:9/feed.xml"\n', encoding="utf-8")
    done = subprocess.run(
        [_newstui(), "--config", str(config), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert f"{config}:2: sources[1].url" in done.stderr
    assert "expected an http:// or https:// URL" in done.stderr
