"""Tests `newstui demo` in a real terminal with a user's config: their time format and keys
apply without --config, and the demo's sources view offers no edits."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from tests.e2e.test_tmux import ENV, _newstui, tmux, wait_for

__all__ = ["tmux"]  # the fixture, shared with test_tmux

USER_STAMP = re.compile(r"\d\d/\d\d \d\dh\d\d")
USER_TIME = re.compile(r"\b\d\dh\d\d\b")


def test_demo_uses_the_users_display_settings(tmp_path: Path, tmux: Callable[..., str]) -> None:
    config = tmp_path / "config" / "newstui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        'time_format = "%d/%m %Hh%M"\n[keymap]\nsources = "F"\n'
        '[[sources]]\nurl = "https://mine.example/feed"\n'
    )
    home = f"HOME={tmp_path} XDG_CONFIG_HOME={tmp_path / 'config'} XDG_DATA_HOME={tmp_path}/data"
    session = tmux.start(f"{ENV} {home} {_newstui()} demo --seed 5 --interval 1")  # type: ignore[attr-defined]

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    # The list has the whole (wide) window: the compact layout, rows with the user's time of
    # day ("%Hh%M" of their format), the day once above them; L: the News line layout, the
    # user's whole format under each headline.
    shown = wait_for(screen, lambda s: len(USER_TIME.findall(s)) >= 5, 30)
    assert "newstui demo" in shown
    tmux("send-keys", "-t", session, "L")
    wait_for(screen, lambda s: len(USER_STAMP.findall(s)) >= 5, 15)
    tmux("send-keys", "-t", session, "F")
    shown = wait_for(screen, lambda s: "read-only here" in s and "Pause" in s, 15)
    footer = next(line for line in shown.splitlines() if "Pause" in line)
    assert "Add" not in footer and "Remove" not in footer and "Tags" not in footer
    tmux("send-keys", "-t", session, "a")
    time.sleep(0.5)
    assert "Add a source" not in screen()
    tmux("send-keys", "-t", session, "Escape", "q")
    assert config.read_text().count("[[sources]]") == 1
    assert not (tmp_path / "data").exists()  # the demo's database is temporary
