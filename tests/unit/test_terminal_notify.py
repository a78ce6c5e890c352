"""Tests desktop notifications through the terminal: which sequence each terminal gets, the
sequences themselves (safe text, tmux's passthrough), and what a real tmux server says."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from newstui.ui.terminal_notify import (
    PASSTHROUGH_HINT,
    Route,
    choose_route,
    sequence,
    terminal_protocol,
)


@pytest.mark.parametrize(
    ("env", "termtype", "termname", "expected"),
    [
        ({"TERM_PROGRAM": "iTerm.app"}, "", "", "osc9"),
        ({"TERM_PROGRAM": "WezTerm"}, "", "", "osc777"),
        ({"TERM_PROGRAM": "ghostty", "TERM": "xterm-ghostty"}, "", "", "osc777"),
        ({"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"}, "", "", "osc99"),
        ({"TERM": "foot"}, "", "", "osc777"),
        ({"TERM": "foot-extra"}, "", "", "osc777"),
        ({"TERM": "rxvt-unicode-256color"}, "", "", "osc777"),
        ({"TERM": "xterm-256color", "VTE_VERSION": "7600"}, "", "", "osc777"),
        ({"TERM": "xterm-256color", "WT_SESSION": "abc"}, "", "", "osc777"),
        ({"TERM": "xterm-256color"}, "", "", None),  # xterm, Alacritty, Konsole: nothing
        ({"TERM": "linux"}, "", "", None),
        # ConEmu reads OSC 9 as its own commands: never, whatever else the environment says.
        ({"TERM_PROGRAM": "iTerm.app", "ConEmuPID": "42"}, "", "", None),
        # Inside tmux: what tmux knows of the client terminal.
        (
            {"TERM_PROGRAM": "tmux", "TERM": "tmux-256color"},
            "kitty(0.39.1)",
            "xterm-kitty",
            "osc99",
        ),
        ({"TERM_PROGRAM": "tmux"}, "iTerm2 3.5.4", "xterm-256color", "osc9"),
        ({"TERM_PROGRAM": "tmux"}, "WezTerm 20240203", "xterm-256color", "osc777"),
        ({"TERM_PROGRAM": "tmux"}, "foot(1.19.0)", "foot", "osc777"),
        ({"TERM_PROGRAM": "tmux"}, "XTerm(390)", "xterm-256color", None),
    ],
)
def test_each_terminal_gets_the_sequence_it_shows(
    env: dict[str, str], termtype: str, termname: str, expected: str | None
) -> None:
    assert terminal_protocol(env, termtype, termname) == expected


def test_sequences_carry_title_and_body() -> None:
    assert sequence(Route("osc9"), "newstui: quake", "Quake hits Chile (Wire)") == (
        "\x1b]9;newstui: quake: Quake hits Chile (Wire)\x1b\\"
    )
    assert sequence(Route("osc777"), "newstui: quake", "Quake hits Chile (Wire)") == (
        "\x1b]777;notify;newstui: quake;Quake hits Chile (Wire)\x1b\\"
    )
    kitty = sequence(Route("osc99"), "newstui: quake", "Quake")
    assert kitty == (
        "\x1b]99;i=newstui:d=0:p=title;newstui: quake\x1b\\\x1b]99;i=newstui:d=1:p=body;Quake\x1b\\"
    )
    assert sequence(Route(None), "a", "b") == ""


def test_hostile_text_cannot_end_the_sequence_or_add_fields() -> None:
    hostile = "Quake\x1b]0;pwned\x07 \x9b31m; more;fields\x1b\\" + "x" * 1000
    raw = sequence(Route("osc777"), "newstui: quake", hostile)
    body = raw.removeprefix("\x1b]777;notify;newstui: quake;").removesuffix("\x1b\\")
    assert "\x1b" not in body and "\x07" not in body and "\x9b" not in body
    assert ";" not in body  # OSC 777's fields stay three
    assert len(body) <= 200


def test_inside_tmux_the_sequence_is_wrapped_for_passthrough() -> None:
    wrapped = sequence(Route("osc9", tmux=True), "newstui: quake", "Quake")
    assert wrapped == "\x1bPtmux;\x1b\x1b]9;newstui: quake: Quake\x1b\x1b\\\x1b\\"


def test_off_and_forced_settings() -> None:
    assert choose_route("off", {"TERM_PROGRAM": "iTerm.app"}) == Route(None)
    assert choose_route("osc777", {"TERM": "xterm-256color"}) == Route("osc777")
    assert choose_route("auto", {"TERM_PROGRAM": "iTerm.app"}) == Route("osc9")
    assert choose_route("auto", {"TERM": "xterm-256color"}) == Route(None)


@pytest.fixture
def tmux_pane(tmp_path: Path) -> Iterator[tuple[dict[str, str], str]]:
    """A real tmux server with one pane, and the environment a program in that pane has."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    socket = tmp_path / f"tmux-{uuid.uuid4().hex[:6]}"
    base = ["tmux", "-S", str(socket), "-f", "/dev/null"]
    subprocess.run([*base, "new-session", "-d", "-x", "80", "-y", "20", "sleep 120"], check=True)
    pane = subprocess.run(
        [*base, "display-message", "-p", "#{pane_id}"], capture_output=True, text=True
    ).stdout.strip()
    pid = subprocess.run(
        [*base, "display-message", "-p", "#{pid}"], capture_output=True, text=True
    ).stdout.strip()
    env = {
        "TMUX": f"{socket},{pid},0",
        "TMUX_PANE": pane,
        "TERM": "tmux-256color",
        "PATH": os.environ["PATH"],
    }
    yield env, str(socket)
    subprocess.run([*base, "kill-server"], capture_output=True)


def test_tmux_without_passthrough_says_how_to_allow_it(
    tmux_pane: tuple[dict[str, str], str],
) -> None:
    env, _ = tmux_pane
    assert choose_route("osc9", env) == Route(None, tmux=True, problem=PASSTHROUGH_HINT)


def test_tmux_with_passthrough_wraps_the_sequence(tmux_pane: tuple[dict[str, str], str]) -> None:
    env, socket = tmux_pane
    subprocess.run(["tmux", "-S", socket, "set", "-g", "allow-passthrough", "on"], check=True)
    assert choose_route("osc777", env) == Route("osc777", tmux=True)
    # "auto" asks tmux which terminal the client is; a detached session has none to name.
    assert choose_route("auto", env) == Route(None)
