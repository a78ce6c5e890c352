"""Tests that what the ticker imports before its first frame leaves out what only polling, a
stories placement or an opened article uses (the poller, the process pool and multiprocessing,
the network thread, secrets' hashes, the articles' Markdown helpers): ~25 ms of a start's CPU
(benchmarks/RESULTS.md, "Fifth pass"). They load where first used, after the paint."""

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
)


def test_the_interface_and_the_ticker_command_leave_them_unimported() -> None:
    code = (
        "import sys, newstui.cli, newstui.commands.ticker, newstui.ui.app; "
        f"print(sorted(m for m in {LATER!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
