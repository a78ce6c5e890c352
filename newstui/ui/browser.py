"""Provides the browser command for a link, and starting it detached from the terminal."""

from __future__ import annotations

import os
import subprocess
import webbrowser
from dataclasses import dataclass

CONSOLE_BROWSERS = frozenset({"www-browser", "links", "links2", "elinks", "lynx", "w3m", "browsh"})
"""Browsers that draw in the terminal: the console browsers Python's `webbrowser` registers
(www-browser, links, elinks, lynx, w3m; `register_standard_browsers`, CPython 3.11-3.13) and
two more of the kind. They need the terminal the ticker holds, so they run in it while the
ticker is suspended; any other browser is started detached from it."""


class NoBrowser(Exception):
    """No browser could be found; the message says what to set."""


@dataclass(frozen=True)
class BrowserCommand:
    """How to open one link: `argv` to run (never through a shell), and whether the browser
    draws in the terminal (`console`: run it in the foreground, the ticker suspended)."""

    argv: tuple[str, ...]
    console: bool


def browser_command(url: str) -> BrowserCommand | None:
    """The command that opens `url` in the browser `webbrowser` would choose ($BROWSER first,
    then the platform's), or None where that browser is not a command (macOS's and Windows'
    openers, which print nothing to the terminal: `open_with_platform` opens those).
    Raises NoBrowser when there is none."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        raise NoBrowser("no browser found: set the BROWSER environment variable") from None
    if isinstance(browser, webbrowser.GenericBrowser):
        # $BROWSER, xdg-open and the console browsers: a command and its "%s" arguments.
        argv = (browser.name, *(arg.replace("%s", url) for arg in browser.args))
        console = not isinstance(browser, webbrowser.BackgroundBrowser) and _is_console(
            browser.name
        )
        return BrowserCommand(argv, console)
    if isinstance(browser, webbrowser.UnixBrowser):
        # Firefox, Chrome, Chromium, Opera, Epiphany, elinks...: each takes the URL as its
        # argument (opening a tab in a running instance); `background` is False only for the
        # console ones.
        return BrowserCommand((browser.name, url), not browser.background)
    return None


def _is_console(command: str) -> bool:
    return os.path.basename(command) in CONSOLE_BROWSERS


def start_detached(argv: tuple[str, ...]) -> None:
    """Starts a graphical browser so that nothing it prints reaches the terminal: no shell,
    stdin/stdout/stderr on the null device, its own session (a terminal's signals, such as
    ctrl+c in it, never reach it); not waited for. Raises OSError when it cannot be started."""
    subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )


def run_in_terminal(argv: tuple[str, ...]) -> int:
    """Runs a console browser in the foreground (the caller has handed it the terminal) and
    returns its exit status. Raises OSError when it cannot be started."""
    return subprocess.run(argv, check=False).returncode


def open_with_platform(url: str) -> bool:
    """Opens `url` with the platform's own opener (macOS `open`, Windows' file association),
    which prints nothing to the terminal."""
    return webbrowser.open(url)
