"""Provides CollectorHold: automatic garbage collection held off while a search is typed."""

from __future__ import annotations

import gc

HOLD_AT_MOST = 10.0
"""Seconds a hold lasts at the longest (a word typed slowly, a bar left open): then the
collector runs again whatever the bar does, so cyclic garbage waits no longer than this."""


class CollectorHold:
    """Holds the automatic collector off from `/` to the paint of the search Enter keeps (or
    Esc, or the focus leaving the bar), at most HOLD_AT_MOST seconds.

    Why: a full collection over what the ticker made after its start (its first page, Textual's
    strips and caches, which are cyclic garbage until a full pass frees them) took 8-30 ms of
    CPU, one every 1.5-4 s while keys were pressed, and some fell between Enter and the list's
    paint: "4711", 60 ms without one, took 232 and 324 ms with one (500,000 stored, tmux, load
    3; benchmarks/RESULTS.md, "A common word's search under 50 ms"). Held off, the pass comes
    after the paint instead, with the rest of the search's page read on a thread.

    Only a collector this hold turned off is turned on again: the ticker holds it off itself
    until its first frame (commands/ticker.py) and freezes what start-up made then."""

    def __init__(self) -> None:
        self._holding = False

    @property
    def holding(self) -> bool:
        """Whether this hold turned the collector off (and has not turned it on yet)."""
        return self._holding

    def hold(self) -> bool:
        """Turns the automatic collector off unless it is off already; True when this did it
        (the caller then arranges `release` within HOLD_AT_MOST seconds)."""
        if self._holding or not gc.isenabled():
            return False
        gc.disable()
        self._holding = True
        return True

    def release(self) -> None:
        """Turns the collector on again if this hold turned it off; else nothing."""
        if self._holding:
            self._holding = False
            gc.enable()
