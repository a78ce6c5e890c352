"""Provides the default command: open the live ticker."""

from __future__ import annotations

import argparse

from newstui.commands.common import load, open_store


def run(args: argparse.Namespace) -> int:
    config = load(args)
    secret = None
    if config.sync is not None:  # resolved before the screen is taken: a failure is said here
        from newstui.commands import syncing

        secret = syncing.password(config)
    store = open_store(args)
    from newstui.ui.app import NewsApp
    from newstui.ui.stall_trace import StallTrace

    app = NewsApp(config, store, sync_password=secret, poll_process=True)
    trace = StallTrace.from_env(app)  # NEWSTUI_TRACE=FILE: the loop's stalls, for benchmarks
    try:
        app.run()
    finally:
        if trace is not None:
            trace.stop()
    return app.return_code or 0  # 1 when it ended on an error (its traceback printed)
