"""Runs the installed `newstui` from an interactive shell in tmux, as a person starts it, and
uses the shell's job control: ctrl+z stops the ticker (the shell says "Stopped"), `fg` brings it
back with the whole screen drawn again, the list and the line above it included; also from the
help, a modal screen, where ctrl+z did nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tests.e2e.test_tmux import ENV, _newstui, tmux, wait_for
from tests.e2e.test_tmux_watching import Tmux, keys, list_lines, serve, stories, words
from tests.server import FeedServer

__all__ = ["tmux"]  # the fixture, shared with test_tmux.py


def ticker_in_a_shell(
    tmp_path: Path, tmux: Tmux, feed_server: FeedServer, keymap: str = ""
) -> Callable[[], str]:
    """The ticker started from an interactive bash in tmux (job control: ctrl+z, fg), its list
    shown; returns what reads the screen. `keymap`: lines of a [keymap] table."""
    now = datetime.now(UTC).replace(microsecond=0)
    url = serve(feed_server, stories(feed_server, now))
    config = tmp_path / "config.toml"
    table = f"[keymap]\n{keymap}" if keymap else ""
    config.write_text(f'refresh = "1h"\n{table}[[sources]]\nurl = "{url}"\nname = "Wire"\n')
    session = tmux.start("env PS1='$ ' bash --norc --noprofile -i", width=100, height=24)  # type: ignore[attr-defined]

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    wait_for(screen, lambda s: "$" in s, 30)
    command = f"{ENV} TZ=UTC {_newstui()} --config {config} --db {tmp_path / 'news.db'}"
    keys(tmux, command, "Enter")
    wait_for(screen, lambda s: "Harbour authority" in s and "All headlines" in s, 30)
    return screen


def test_ctrl_z_suspends_and_fg_brings_the_whole_screen_back(
    tmp_path: Path, tmux: Tmux, feed_server: FeedServer
) -> None:
    screen = ticker_in_a_shell(tmp_path, tmux, feed_server)
    keys(tmux, "C-z")
    wait_for(screen, lambda s: "Stopped" in s, 30)
    keys(tmux, "clear; fg", "Enter")  # the screen holds only the shell's lines when fg runs
    shown = wait_for(
        screen,
        lambda s: "All headlines" in s and "Harbour authority" in words(" ".join(list_lines(s))),
        30,
    )
    assert "Central bank holds rates" in words(" ".join(list_lines(shown))), shown
    assert "q Quit" in shown.splitlines()[-1], shown
    keys(tmux, "?")  # a modal screen: ctrl+z stopped nothing there
    wait_for(screen, lambda s: "newstui — keys" in s, 30)
    keys(tmux, "C-z")
    wait_for(screen, lambda s: "Stopped" in s, 30)
    keys(tmux, "clear; fg", "Enter")
    wait_for(screen, lambda s: "newstui — keys" in s and "esc/q Close" in s, 30)
    keys(tmux, "Escape")
    wait_for(screen, lambda s: "newstui — keys" not in s, 30)
    keys(tmux, "q")
    wait_for(screen, lambda s: s.rstrip().endswith("$"), 30)


def test_a_remapped_suspend_key_suspends_in_modal_screens_too(
    tmp_path: Path, tmux: Tmux, feed_server: FeedServer
) -> None:
    """`[keymap] suspend = "f9"`: F9 stops the ticker in the list and in the help (a modal
    screen), where only ctrl+z was handled; ctrl+z, no longer the suspend key, stops nothing."""
    screen = ticker_in_a_shell(tmp_path, tmux, feed_server, keymap='suspend = "f9"\n')
    keys(tmux, "?")
    wait_for(screen, lambda s: "newstui — keys" in s, 30)
    keys(tmux, "C-z")  # not the suspend key now: the help stays
    assert "Stopped" not in screen() and "newstui — keys" in screen()
    keys(tmux, "F9")
    wait_for(screen, lambda s: "Stopped" in s, 30)
    keys(tmux, "clear; fg", "Enter")
    wait_for(screen, lambda s: "newstui — keys" in s and "esc/q Close" in s, 30)
    keys(tmux, "Escape")
    wait_for(screen, lambda s: "newstui — keys" not in s, 30)
    keys(tmux, "F9")  # the list: the binding itself, as before
    wait_for(screen, lambda s: "Stopped" in s, 30)
    keys(tmux, "clear; fg", "Enter")
    wait_for(screen, lambda s: "All headlines" in s, 30)
    keys(tmux, "q")
    wait_for(screen, lambda s: s.rstrip().endswith("$"), 30)
