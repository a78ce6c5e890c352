"""Provides the `newstui` command's entry point: the program's modules loaded with the garbage
collector held off."""

from __future__ import annotations

import gc


def main() -> int:
    """Runs the command line (newstui.cli.main) and returns its exit status.

    The collector is off from the first import: loading the modules makes objects by the
    hundred thousand and none of them is garbage, yet the collector ran 66-87 passes over them
    before the ticker's own hold began (newstui.commands.ticker), ~12-15 ms of CPU at load 7
    on the way to the first frame (benchmarks/RESULTS.md, "First paint with margin"). The ticker
    turns it on after its first frame; every other command as it starts (newstui.cli).
    """
    gc.disable()
    try:
        from newstui.cli import main as run

        return run()
    finally:
        gc.enable()  # for whoever called this in-process; the interpreter's exit needs none
