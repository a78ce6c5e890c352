"""Provides the default command: open the live ticker."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from newstui.commands.common import load_kept, near_duplicate_lines, open_store
from newstui.config.schema import Config

if TYPE_CHECKING:
    from newstui.ui.app import NewsApp

START_SWITCH_INTERVAL = 0.001
"""Seconds between the interpreter's hand-overs of the GIL while the ticker starts (Python's
default: 0.005). Textual's output thread writes each frame to the terminal while this thread
goes on with the start's work (more frames, the stored sources checked, polling started), and
the first frame waited for the GIL twice (to be written, then to return from the write): from
its hand-over to its write 19.8 ms with the default against 10.7 ms with this (medians of 8,
5,000 sources, load 13-17; benchmarks/RESULTS.md, "First paint with margin")."""
START_SETTLE = 2.0
"""Seconds after the first frame that START_SWITCH_INTERVAL holds: the start's work after it
(the config's sources stored, the poll process started) is done well before."""


def run(args: argparse.Namespace) -> int:
    config, cache = load_kept(args)  # the parse kept beside the database: before the frame
    secret = None
    if config.sync is not None:  # resolved before the screen is taken: a failure is said here
        from newstui.commands import syncing

        secret = syncing.password(config)
    store = open_store(args)
    switch_back = _hand_over_often()
    # No garbage collection until the first frame is painted: importing and building the
    # interface makes objects by the hundred thousand, none of them garbage yet, and the
    # collector's passes over them were ~50 of the ~500 ms of CPU to the first paint (136
    # passes, 500,000 stored, benchmarks/RESULTS.md). Then what start-up made is frozen: later
    # passes (while keys are pressed) skip it. Started as the command, the collector is off
    # from the first import already (newstui.launch).
    gc.disable()
    try:
        from newstui.ui.app import NewsApp
        from newstui.ui.stall_trace import StallTrace

        def painted() -> None:
            _collect_again()
            app.set_timer(START_SETTLE, switch_back)
            if cache is not None:
                cache.flush()  # a parse made at this start (the config changed), kept now
            _say_near_duplicates(app, config)

        app = NewsApp(config, store, sync_password=secret, poll_process=True, painted=painted)
        trace = StallTrace.from_env(app)  # NEWSTUI_TRACE=FILE: the loop's stalls, for benchmarks
        try:
            app.run()
        finally:
            if trace is not None:
                trace.stop()
    finally:
        _collect_again()  # the app ended before its first frame
        switch_back()
        if cache is not None:
            cache.flush()
    return app.return_code or 0  # 1 when it ended on an error (its traceback printed)


def _hand_over_often() -> Callable[[], None]:
    """Sets the GIL's switch interval to START_SWITCH_INTERVAL; returns what sets it back."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(START_SWITCH_INTERVAL)
    return lambda: sys.setswitchinterval(previous)


def _say_near_duplicates(app: NewsApp, config: Config) -> None:
    """A notice of the `[[sources]]` that repeat another's feed or name, as `fetch` says them on
    stderr (near_duplicate_lines); after the first frame: not on the way to it."""
    lines = near_duplicate_lines(config)
    if lines:
        app.notify("\n".join(lines), title="Config", severity="warning", timeout=30, markup=False)


def _collect_again() -> None:
    """Freezes what start-up made (gc.freeze: kept out of every later pass) and collects
    again; once."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
