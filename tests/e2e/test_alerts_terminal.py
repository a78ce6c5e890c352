"""Runs the installed `newstui` ticker in real terminals (a pty, and tmux) against a feed server
on 127.0.0.1: an alert's notice and header count on screen, and its bell and desktop
notification sequence in the bytes the terminal receives."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.test_tmux import ENV, _newstui, tmux, wait_for  # noqa: F401 (the fixture)
from tests.feeds import Item, rss
from tests.server import FeedServer


def feed(*titles: str) -> bytes:
    now = datetime.now(UTC)
    return rss(
        [
            Item(t, f"http://127.0.0.1/{n}", guid=t, published=now - timedelta(minutes=n + 1))
            for n, t in enumerate(titles)
        ],
        title="Wire",
    )


def write_config(tmp_path: Path, url: str, extra: str = "") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'refresh = "1s"\njitter = 0\n{extra}\n[[sources]]\nurl = "{url}"\n\n'
        '[[alerts]]\nmatch = ["quake"]\nbell = true\n',
        encoding="utf-8",
    )
    return path


OSC = re.compile(rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


def bare_bells(data: bytes) -> int:
    """BEL characters that are not an OSC's terminator: rings of the bell."""
    return OSC.sub(b"", data).count(b"\x07")


class Pty:
    """The ticker on a pseudo-terminal of 120x30, its output kept as bytes."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.output = b""

    def read_until(self, wanted: bytes, timeout: float, start: int = 0) -> int:
        """Reads until `wanted` shows at or after `start`; returns where it ends."""
        deadline = time.monotonic() + timeout
        while (at := self.output.find(wanted, start)) < 0:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{wanted!r} never came; last output {self.output[-400:]!r}")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:  # the ticker ended
                    raise AssertionError(
                        f"ended before {wanted!r}: {self.output[-400:]!r}"
                    ) from None
        return at + len(wanted)

    def drain(self, seconds: float) -> None:
        """Reads whatever comes for `seconds`."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                self.output += os.read(self.master, 65536)

    def close(self) -> None:
        os.write(self.master, b"q")
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


def test_a_desktop_notification_and_the_bell_reach_the_terminal(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    url = feed_server.route("/wire", feed("Calm morning"))
    config = write_config(tmp_path, url)
    env = {
        k: v for k, v in os.environ.items() if k not in {"TMUX", "TMUX_PANE", "COLUMNS", "LINES"}
    }
    env.update(TERM="xterm-256color", TERM_PROGRAM="WezTerm", TZ="UTC")
    ticker = Pty([_newstui(), "--config", str(config), "--db", str(tmp_path / "n.db")], env)
    try:
        shown = ticker.read_until(b"Calm morning", 30)
        time.sleep(1.5)  # a poll or two of the backlog's source: nothing to announce
        assert b"\x1b]777;" not in ticker.output
        feed_server.route("/wire", feed("Quake hits Chile", "Calm morning"))
        osc = b"\x1b]777;notify;newstui: quake;Quake hits Chile (Wire)\x1b\\"
        end = ticker.read_until(osc, 30, shown)
        assert bare_bells(ticker.output[shown:end]) == 1
        ticker.drain(3)  # more polls: the same headline never fires again
        assert ticker.output.count(b"\x1b]777;") == 1
    finally:
        ticker.close()


def test_the_ticker_in_tmux_shows_the_alert_and_passes_the_notification_through(
    tmp_path: Path,
    feed_server: FeedServer,
    tmux: Callable[..., str],  # noqa: F811 (test_tmux's fixture)
) -> None:
    url = feed_server.route("/wire", feed("Calm morning"))
    config = write_config(tmp_path, url, extra='desktop_notify = "osc9"')
    raw = tmp_path / "pane.bytes"
    command = f"{ENV} TZ=UTC {_newstui()} --config {config} --db {tmp_path / 'n.db'}"
    session = tmux.start(command, width=120, height=30)  # type: ignore[attr-defined]
    tmux("set", "-g", "allow-passthrough", "on")
    tmux("pipe-pane", "-t", session, "-O", f"cat >> {raw}")

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    wait_for(screen, lambda s: "Calm morning" in s, 30)
    time.sleep(1.5)
    feed_server.route("/wire", feed("Quake hits Chile", "Calm morning"))
    shown = wait_for(screen, lambda s: "Alert (quake): Quake hits Chile (Wire)" in s, 30)
    assert "⚑ 1 alert" in shown.splitlines()[0]  # the header counts it
    wrapped = b"\x1bPtmux;\x1b\x1b]9;newstui: quake: Quake hits Chile (Wire)\x1b\x1b\\\x1b\\"
    deadline = time.monotonic() + 15
    while wrapped not in raw.read_bytes():
        assert time.monotonic() < deadline, raw.read_bytes()[-300:]
        time.sleep(0.2)
    assert bare_bells(raw.read_bytes()) == 1  # the bell, once
    tmux("send-keys", "-t", session, "g", "u")  # reading it takes it off the count
    wait_for(screen, lambda s: "⚑" not in s.splitlines()[0], 15)


@pytest.fixture(autouse=True)
def _posix() -> None:
    if not hasattr(os, "openpty"):
        pytest.skip("needs a POSIX pseudo-terminal")
