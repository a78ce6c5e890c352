"""Tests the browser command: the one $BROWSER names, started detached so that nothing it prints
reaches the terminal, and console browsers told apart (they need the terminal)."""

from __future__ import annotations

import os
import stat
import sys
import time
import webbrowser
from pathlib import Path

import pytest

from newstui.ui.browser import BrowserCommand, NoBrowser, browser_command, start_detached

URL = "http://127.0.0.1:9/story?id=1&x=2"


def noisy_browser(folder: Path, name: str = "fake-browser") -> tuple[Path, Path]:
    """A browser that prints to stdout and stderr, as real ones do (GTK warnings, "Opening in
    existing browser session."), then records its argument and session id."""
    record = folder / f"{name}.txt"
    script = folder / name
    script.write_text(
        f"#!{sys.executable}\n"
        "import os, sys\n"
        "print('BROWSER-NOISE on stdout', flush=True)\n"
        "print('BROWSER-NOISE on stderr', file=sys.stderr, flush=True)\n"
        f"with open({str(record)!r}, 'a') as f:\n"
        "    f.write(f'{sys.argv[1]} {os.getsid(0)}\\n')\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, record


@pytest.fixture
def fresh_webbrowser(monkeypatch: pytest.MonkeyPatch) -> None:
    """webbrowser reads $BROWSER once and caches its choice: start from nothing."""
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})


def wait_for_file(path: Path, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while not path.exists() or not path.read_text().endswith("\n"):
        assert time.monotonic() < deadline, f"{path} never written"
        time.sleep(0.05)
    return path.read_text()


@pytest.mark.usefixtures("fresh_webbrowser")
def test_the_browser_named_by_BROWSER_runs_with_the_link_as_its_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script, _ = noisy_browser(tmp_path)
    monkeypatch.setenv("BROWSER", str(script))
    assert browser_command(URL) == BrowserCommand((str(script), URL), console=False)


@pytest.mark.usefixtures("fresh_webbrowser")
def test_a_console_browser_is_known_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script, _ = noisy_browser(tmp_path, "lynx")
    monkeypatch.setenv("BROWSER", str(script))
    command = browser_command(URL)
    assert command is not None and command.console and command.argv[-1] == URL


@pytest.mark.usefixtures("fresh_webbrowser")
def test_no_browser_at_all_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY", "TERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(NoBrowser, match="BROWSER"):
        browser_command(URL)


@pytest.mark.usefixtures("fresh_webbrowser")
def test_a_detached_browser_prints_nothing_to_our_terminal_and_has_its_own_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    script, record = noisy_browser(tmp_path)
    monkeypatch.setenv("BROWSER", str(script))
    command = browser_command(URL)
    assert command is not None
    start_detached(command.argv)
    url, session = wait_for_file(record).split()
    assert url == URL
    assert int(session) != os.getsid(0)  # ctrl+c in the ticker's terminal never reaches it
    time.sleep(0.2)  # its output, had it any way to us, would be written by now
    out, err = capfd.readouterr()
    assert "BROWSER-NOISE" not in out + err


def test_a_browser_that_cannot_be_started_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        start_detached((str(tmp_path / "no-such-browser"), URL))
