"""Provides the lock benchmark: key-to-repaint latency of the ticker in tmux, free and while
another process holds the database's write lock.

The installed `newstui` (beside this Python) runs in tmux on a database of --rows stored
headlines from 50 sources on a local feed farm (benchmarks/feedfarm.py), polling each source
every --refresh (default 10 s, their polls spread over it), so the ticker keeps writing. Each
run:
  - free: --keys presses of Down, one at a time;
  - held: a separate Python process takes the write lock (`BEGIN IMMEDIATE`, as a `newstui
    fetch` from cron would) for --hold seconds; `u` marks the highlighted headline read (its
    write waits for the lock), then Down is pressed one key at a time until the lock is
    released; whether the wait notice showed is recorded.
A key's latency is from just before `tmux send-keys` to the first `capture-pane` that shows the
highlight on another row (the highlight is a row's background colour): it includes starting
tmux's client for the key and the capture that sees the move, whose own round trip is
measured apart and printed (the resolution of every figure). Medians and 90th percentiles of
all keys over --runs runs.

    python benchmarks/lock_keys.py [--runs 3] [--rows 50000] [--keys 40] [--hold 5]
        [--refresh 10s] [--size 120x40]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from app_speed import NEWSTUI, Tmux, build_db, spread_polls

SOURCES = 50
"""The farm's feeds: app_speed's default --sources (it dropped its SOURCES constant in bb78245,
which left this script failing at import)."""

SGR = re.compile(r"\x1b\[([0-9;]*)m")
ROW = re.compile(r"^[ •✦][ ★] \d\d:\d\d ")
"""A compact row: its marks, then its time of day (the header's clock is not one)."""
HOLDER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN IMMEDIATE")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
"""
GUARD = 10.0
"""Seconds after which a key whose move never shows stops the benchmark."""


def background(line: str) -> str:
    for match in SGR.finditer(line):
        at = match.group(1).find("48;")
        if at >= 0:
            return match.group(1)[at:]
    return ""


def highlight(screen: str) -> tuple[int, str] | None:
    """(row, text) of the highlighted headline: the one row with a time whose background
    differs from the other such rows'."""
    rows = [
        (n, background(line), SGR.sub("", line))
        for n, line in enumerate(screen.splitlines())
        if ROW.match(SGR.sub("", line))
    ]
    if len(rows) < 3:
        return None
    common = Counter(bg for _, bg, _ in rows).most_common(1)[0][0]
    odd = [(n, text) for n, bg, text in rows if bg != common]
    return odd[0] if len(odd) == 1 else None


def toasts(screen: str) -> str:
    """The text of the notices on screen: what follows each line's toast border, joined (a
    notice wraps over lines beside the list)."""
    parts = (line.split("▌ ", 1)[1] for line in SGR.sub("", screen).splitlines() if "▌ " in line)
    return " ".join(part.strip() for part in parts if part.strip())


class Screen:
    def __init__(self, tmux: Tmux) -> None:
        self.tmux = tmux

    def capture(self) -> str:
        return self.tmux("capture-pane", "-p", "-e", "-t", "b")

    def key(self, key: str) -> float:
        """Seconds from sending `key` to a capture showing the highlight moved."""
        before = highlight(self.capture())
        start = time.perf_counter()
        self.tmux("send-keys", "-t", "b", key)
        while True:
            now = highlight(self.capture())
            if now is not None and now != before:
                return time.perf_counter() - start
            if time.perf_counter() - start > GUARD:
                raise SystemExit(f"{key} did not move the highlight in {GUARD:g} s")


def one_run(
    config: Path, db: Path, keys: int, hold: float, size: str
) -> tuple[list[float], list[float], list[float], bool]:
    tmux = Tmux()
    columns, rows = size.split("x")
    command = f"env TERM=xterm-256color {NEWSTUI} --config {config} --db {db}"
    screen = Screen(tmux)
    try:
        tmux("new-session", "-d", "-s", "b", "-x", columns, "-y", rows, command)
        start = time.perf_counter()
        while highlight(screen.capture()) is None:
            if time.perf_counter() - start > 30:
                raise SystemExit("no highlighted headline within 30 s:\n" + screen.capture())
            time.sleep(0.05)
        time.sleep(2.0)  # past the start's sync and first list
        captures = []
        for _ in range(20):
            at = time.perf_counter()
            screen.capture()
            captures.append(time.perf_counter() - at)
        free = [screen.key("Down") for _ in range(keys)]
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db), str(hold)], stdout=subprocess.PIPE, text=True
        )
        assert holder.stdout is not None
        if holder.stdout.readline().strip() != "held":
            raise SystemExit("the lock holder failed")
        tmux("send-keys", "-t", "b", "u")
        held = []
        notice = False
        while holder.poll() is None:
            held.append(screen.key("Down"))
            notice = notice or "another newstui process" in toasts(screen.capture())
        held.pop()  # the last may have landed after the release
        tmux("send-keys", "-t", "b", "q")
    finally:
        tmux.kill()
    return free, held, captures, notice


def quantiles(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    return f"{statistics.median(ms):.1f} | {p90:.1f} | {ms[-1]:.1f} | {len(ms)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--keys", type=int, default=40, help="free keys per run")
    parser.add_argument("--hold", type=float, default=5.0, help="seconds the lock is held")
    parser.add_argument("--refresh", default="10s", help="every source's poll interval")
    parser.add_argument("--size", default="120x40", help="terminal size, COLSxROWS")
    args = parser.parse_args()
    if not shutil.which("tmux"):
        raise SystemExit("needs tmux")
    from feedfarm import FeedFarm, write_config

    from newstui.config.schema import load_config

    free: list[float] = []
    held: list[float] = []
    captures: list[float] = []
    notices = 0
    with (
        FeedFarm(feeds=SOURCES, items=20, delay=0.02, hosts=10) as farm,
        tempfile.TemporaryDirectory(prefix="newstui-lock-bench-") as tmp,
    ):
        root = Path(tmp)
        config, template = root / "config.toml", root / "template.db"
        write_config(config, farm.urls, args.refresh)
        build_db(template, config, farm.urls, args.rows)
        for run in range(args.runs):
            db = root / f"run{run}.db"
            shutil.copy(template, db)
            spread_polls(db, load_config(config).refresh, start=0.0)
            f, h, c, notice = one_run(config, db, args.keys, args.hold, args.size)
            free += f
            held += h
            captures += c
            notices += notice
            print(f"run {run + 1}: {len(f)} free, {len(h)} held keys, notice {notice}", flush=True)
    print(
        f"\nkey to repaint in tmux, {args.rows:,} stored headlines, {args.size}, lock held "
        f"{args.hold:g} s, {args.runs} runs ({datetime.now():%Y-%m-%d %H:%M})\n"
    )
    print("| keys | median ms | p90 ms | max ms | keys |\n|---|---|---|---|---|")
    print(f"| free | {quantiles(free)} |")
    print(f"| lock held by another process | {quantiles(held)} |")
    print(f"| capture-pane round trip alone | {quantiles(captures)} |")
    print(f"\nwait notice shown in {notices} of {args.runs} holds")


if __name__ == "__main__":
    main()
