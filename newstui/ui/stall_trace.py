"""Provides StallTrace: with NEWSTUI_TRACE=FILE, the ticker logs its interface loop's stalls
(with what ran), its garbage collector's long pauses and its process's starved moments."""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
import traceback
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

TRACE_ENV = "NEWSTUI_TRACE"
"""The environment variable naming the trace's file (appended to, one record a line or block)."""
STALL = 0.1
"""Seconds the loop may take to run a callback handed to it before the wait is logged: a key
waits as long (benchmarks/reload_keys.py's target is a repaint within 0.25 s)."""
BEAT = 0.02
"""Seconds between the watcher's looks: how finely a stall's stacks are sampled."""
GC_PAUSE = 0.02
"""Seconds of one collection from which it is logged."""


class StallTrace:
    """Two daemon threads beside the app. The pinger hands the app's loop an empty callback
    (App.call_from_thread) and times how long the loop takes to run it, over and over: that is
    how long a key or a message handed over at that moment waited. The sampler, every BEAT,
    takes the loop thread's stack while a ping waits longer than STALL. A stall is written
    when it ends: `STALL <start> <seconds>` (monotonic clock, comparable across processes on
    Linux), then each distinct stack sampled with how many samples showed it. Collections of
    GC_PAUSE or more are `GC <start> <seconds> gen=<n> thread=<name>`; a sampler that woke
    more than STALL late (every thread starved: CPU, or one holding the GIL) is `LATE`."""

    def __init__(self, app: App[Any], out: IO[str]) -> None:
        self._app = app
        self._out = out
        self._lock = threading.Lock()
        self._loop_thread: int | None = None
        self._pinged_at: float | None = None
        self._samples: dict[str, int] = {}
        self._gc_start: dict[int, float] = {}
        self._stopped = threading.Event()

    @classmethod
    def from_env(cls, app: App[Any]) -> StallTrace | None:
        """Started when NEWSTUI_TRACE names a file it can open; None otherwise."""
        path = os.environ.get(TRACE_ENV)
        if not path:
            return None
        try:
            out = open(path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 (closed by stop)
        except OSError:
            return None
        trace = cls(app, out)
        trace.start()
        return trace

    def start(self) -> None:
        self._write(f"START {time.monotonic():.3f} pid={os.getpid()}")
        gc.callbacks.append(self._gc)
        for target, name in ((self._ping, "ping"), (self._sample, "sample")):
            threading.Thread(target=target, name=f"newstui-trace-{name}", daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()
        if self._gc in gc.callbacks:
            gc.callbacks.remove(self._gc)
        with self._lock:
            self._out.close()

    def _write(self, text: str) -> None:
        with self._lock:
            if not self._out.closed:
                self._out.write(text + "\n")

    def _mark_loop(self) -> None:
        self._loop_thread = threading.get_ident()

    def _ping(self) -> None:
        while not self._stopped.wait(BEAT):
            start = time.monotonic()
            self._pinged_at = start
            try:
                self._app.call_from_thread(self._mark_loop)
            except RuntimeError:  # not running yet, or ended
                self._pinged_at = None
                self._samples = {}
                if self._loop_thread is not None:
                    return
                continue
            waited = time.monotonic() - start
            self._pinged_at = None
            samples, self._samples = self._samples, {}
            if waited >= STALL:
                lines = [f"STALL {start:.3f} {waited:.3f}"]
                for stack, count in sorted(samples.items(), key=lambda item: -item[1]):
                    lines.append(f"  {count} samples:\n{stack}")
                self._write("\n".join(lines))

    def _sample(self) -> None:
        last = time.monotonic()
        while not self._stopped.wait(BEAT):
            now = time.monotonic()
            if now - last > STALL:
                self._write(f"LATE {last:.3f} {now - last:.3f}")
            last = now
            pinged, thread = self._pinged_at, self._loop_thread
            if pinged is None or thread is None or now - pinged < STALL / 2:
                continue
            frame = sys._current_frames().get(thread)
            if frame is not None:
                stack = "".join(traceback.format_stack(frame, limit=25))
                self._samples[stack] = self._samples.get(stack, 0) + 1

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        ident = threading.get_ident()
        if phase == "start":
            self._gc_start[ident] = time.monotonic()
            return
        start = self._gc_start.pop(ident, None)
        if start is None:
            return
        took = time.monotonic() - start
        if took >= GC_PAUSE:
            name = threading.current_thread().name
            generation = info.get("generation")
            self._write(f"GC {start:.3f} {took:.3f} gen={generation} thread={name}")
