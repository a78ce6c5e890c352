"""Tests that what the ticker imports before its first frame leaves out what only polling, a
stories placement or an opened article uses (the poller, the process pool and multiprocessing,
the network thread, secrets' hashes, the articles' Markdown helpers): ~25 ms of a start's CPU
(benchmarks/RESULTS.md, "Fifth pass"); and what only mark-all-read, an opened link, a desktop
notification, a config parsed afresh, an alert or feed text uses (mark_all and its dialog,
webbrowser, the terminal's notification routes, tomli and the keymap's checks, html's entity
tables, the patterns of the sanitizer, of the character policy and of the watchlist's terms):
~100 M instructions of ~1.37 G to the first frame (benchmarks/first_frame.py). They load or
compile where first used, after the paint."""

from __future__ import annotations

import subprocess
import sys

LATER = (
    "newstui.feeds.poller",
    "newstui.feeds.stories",
    "newstui.net.net_thread",
    "newstui.net.process_pool",
    "multiprocessing",
    "secrets",
    "newstui.articles.markdown",
    "newstui.commands.fetch",
    "newstui.ui.screens.ask",
    "newstui.ui.browser",
    "webbrowser",
    "newstui.ui.terminal_notify",
    "tomli",
    "newstui.config.keymap_clash",
    "newstui.config.key_reach",
    "html",
    "newstui.ui.mark_all",
)
PATTERNS = (
    "sanitize._literal_lt",
    "sanitize._known_element",
    "sanitize._needs_work",
    "sanitize._substitutions",
    "characters.unsafe",
    "characters._unwanted",
    "terms._latin_marks",
)
"""Patterns compiled at their first use: none is before the first frame."""


def test_the_interface_and_the_ticker_command_leave_them_unimported() -> None:
    code = (
        "import sys, newstui.cli, newstui.commands.ticker, newstui.ui.app; "
        "from newstui.text import characters, sanitize; from newstui.alerts import terms; "
        f"print(sorted(m for m in {LATER!r} if m in sys.modules)); "
        f"print([f.cache_info().currsize for f in ({', '.join(PATTERNS)})])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["[]", str([0] * len(PATTERNS))]
