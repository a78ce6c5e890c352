"""Tests the `[[alerts]]` config and `desktop_notify`: what loads, and errors naming file, line,
key and fix (exit 2 through the commands)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newstui.config.schema import ConfigError, parse_config
from newstui.models import AlertRule

GOOD = """\
refresh = "5m"
desktop_notify = "OSC777"

[[sources]]
url = "https://example.org/feed.xml"
name = "BBC World"

[[alerts]]
match = ["earthquake", "central bank"]
sources = ["BBC World"]
command = ["notify-send", "newstui"]
bell = true

[[alerts]]
match = "地震"
tags = ["world", "asia"]
timeout = "2s"
desktop = false
"""


def test_alerts_load_with_their_defaults(tmp_path: Path) -> None:
    config = parse_config(GOOD, tmp_path / "c.toml")
    first, second = config.alerts
    assert first == AlertRule(
        match=("earthquake", "central bank"),
        sources=("BBC World",),
        command=("notify-send", "newstui"),
        bell=True,
        where=f"alerts[1] ({tmp_path / 'c.toml'}:9)",
    )
    assert second.match == ("地震",)
    assert second.tags == ("world", "asia")
    assert second.timeout == 2.0
    assert (second.bell, second.desktop, second.command) == (False, False, ())
    assert config.desktop_notify == "osc777"


def test_no_alerts_by_default(tmp_path: Path) -> None:
    config = parse_config('refresh = "5m"\n', tmp_path / "c.toml")
    assert config.alerts == ()
    assert config.desktop_notify == "auto"


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("[[alerts]]\nsources = ['x']\n", ":1: alerts[1].match: missing; expected match = "),
        ("[[alerts]]\nmatch = []\n", ":2: alerts[1].match: list [] is not valid"),
        ("[[alerts]]\nmatch = '*'\n", ":2: alerts[1].match: '*': it has no word"),
        ("[[alerts]]\nmatch = 'ba*nk'\n", ":2: alerts[1].match: 'ba*nk': a * goes only"),
        ("[[alerts]]\nmatch = ['x', 3]\n", ":2: alerts[1].match: list ['x', 3] is not valid"),
        (
            "[[alerts]]\nmatch = 'x'\ncomand = ['a']\n",
            ':3: alerts[1].comand: unknown key; expected "command"',
        ),
        (
            "[[alerts]]\nmatch = 'x'\ncommand = 'notify-send newstui'\n",
            ":3: alerts[1].command: a string ('notify-send newstui') would need a shell to "
            'split it; expected a list: ["notify-send", "newstui"]',
        ),
        ("[[alerts]]\nmatch = 'x'\ncommand = []\n", ":3: alerts[1].command: list []"),
        ("[[alerts]]\nmatch = 'x'\ncommand = ['', 'a']\n", ":3: alerts[1].command: list"),
        ("[[alerts]]\nmatch = 'x'\ntimeout = '20m'\n", ":3: alerts[1].timeout: '20m' is over"),
        ("[[alerts]]\nmatch = 'x'\ntimeout = 0\n", ":3: alerts[1].timeout: 0 is zero"),
        ("[[alerts]]\nmatch = 'x'\nbell = 'yes'\n", ":3: alerts[1].bell: str 'yes' is not valid"),
        ("[[alerts]]\nmatch = 'x'\nsources = ''\n", ":3: alerts[1].sources: str '' is not"),
        ("alerts = 3\n", ":1: alerts: must be an array of tables; expected [[alerts]] entries"),
        (
            "[[alerts]]\nmatch = 'x'\nrefresh = '5m'\n",
            ':3: alerts[1].refresh: "refresh" is a top-level setting, read here as part of '
            "this alert because it comes after the [[alerts]] line",
        ),
        (
            "desktop_notify = 'osc8'\n",
            ":1: desktop_notify: 'osc8' is not a way to notify; expected one of \"osc9\"",
        ),
        ("desktop_notify = true\n", ":1: desktop_notify: bool True is not valid"),
    ],
)
def test_a_bad_alert_names_file_line_key_and_fix(tmp_path: Path, toml: str, expected: str) -> None:
    path = tmp_path / "c.toml"
    with pytest.raises(ConfigError) as caught:
        parse_config(toml, path)
    assert str(caught.value).startswith(str(path)), caught.value
    assert expected in str(caught.value)


def test_the_second_alert_is_named_by_its_own_line(tmp_path: Path) -> None:
    toml = "[[alerts]]\nmatch = 'a b'\n\n[[alerts]]\nmatch = 'x'\nbell = 1\n"
    with pytest.raises(ConfigError, match=r":6: alerts\[2\]\.bell: int 1 is not valid"):
        parse_config(toml, tmp_path / "c.toml")


def test_a_bad_alert_stops_a_command_with_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[[alerts]]\nmatch = '!!'\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "newstui",
            "--config",
            str(config),
            "--db",
            str(tmp_path / "x.db"),
            "fetch",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert f"{config}:2: alerts[1].match: '!!': it has no word" in done.stderr
