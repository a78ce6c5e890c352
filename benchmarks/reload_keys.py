"""Provides the "keys during reload" benchmark: how long a key takes to show while the ticker
stores its own cold round, in a real terminal.

The installed `newstui` runs in tmux (120x40) on an empty database and a config of --feeds feeds on
the local feed farm (benchmarks/feedfarm.py: --items items each, 20 ms latency, spread over --hosts
loopback addresses), so it starts by fetching, parsing and storing every feed. The pane's output is
streamed (`tmux pipe-pane -O`) into a terminal emulator (pyte) with a timestamp per chunk. Every
--every seconds a key is sent, five `j` (next headline) then five `k` (previous) and so on, so that
the highlight never runs into the list's end (with `j` alone it reached the oldest headline of a
short list early in the round, where `j` changes nothing, and every key after it counted as "no
repaint"; a `k` on the list's first screen line is sent as `j`, where merged stories can bring the
highlight to the newest headline). Its latency is the time from just before `tmux send-keys` to the
first output chunk after which the highlight is on another headline, judged at every chunk by the
reader of the stream, on the headline's own cells (not the scrollbar's at the row's end, nor the ✦
mark at its start): what the reader waits for. With --misses DIR, the screens before and at the
count of each key with no repaint or one slower than --slow ms are kept there, with every output
chunk between (its moment and the highlighted row after it), to tell the app's state from the
benchmark's reading of it; with --trace too, each run's ticker logs its loop's stalls there
(NEWSTUI_TRACE, newstui.ui.stall_trace: the same monotonic clock as the kept keys' moments). Keys
are sent while the round is storing (the unread count in the header still rising, or its "⟳
fetching N" shown) and for --after seconds once it is quiet, and both sets are reported as median,
p95 and max over --runs runs. Beside them, the CPU seconds the interface's thread (the process's
main thread), the whole newstui process and its process tree used from start to the round's end
(figures that the machine's other load moves far less than it moves wall times), the ticker's peak
RSS (VmHWM) and the tree's (RSS summed over the ticker, its polling process and their parse
workers, sampled every 0.5 s), and the load average.

    pip install pyte   # the terminal emulator (only this benchmark needs it)
    python benchmarks/reload_keys.py [--runs 3] [--feeds 500] [--items 50] [--hosts 50]
        [--also 'OTHER NEWSTUI COMMAND' ...] [--misses DIR [--slow MS] [--trace]]

With --also, the runs of each command take turns on the same feed farm (A B A B ...), so that a
comparison holds on a machine whose load drifts: compare within one call, not across calls.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pyte

sys.path.insert(0, str(Path(__file__).resolve().parent))
from feedfarm import FeedFarm
from treemem import TreeMemory

SIZE = (120, 40)
ZIGZAG = 5
"""Keys down, then as many up."""
FIRST_ROW = 2
"""The list's first screen line (under the header and the view's line)."""
NEWSTUI = str(Path(sys.executable).with_name("newstui"))


class Pane:
    """The pane's screen as a terminal draws it, fed from the pane's output stream."""

    def __init__(self, fifo: Path) -> None:
        self.screen = pyte.Screen(*SIZE)
        self.stream = pyte.ByteStream(self.screen)
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.chunks = 0
        self.history: list[tuple[float, str]] | None = None
        """With --misses: each chunk's moment (time.monotonic) and the highlighted row after it."""
        self._before: str | None = None
        self._answered: float | None = None
        self._fifo = fifo
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        with open(self._fifo, "rb", buffering=0) as pipe:
            while chunk := pipe.read(65536):
                with self.changed:
                    self.stream.feed(chunk)
                    now = time.perf_counter()
                    self.chunks += 1
                    row = self.cursor_row()
                    if self.history is not None:
                        self.history.append((time.monotonic(), row))
                    # Judged here, at every chunk: a waiter woken later may find the screen
                    # changed back (a key shown, then the next one undoing it, 12 ms apart).
                    if self._before is not None and self._answered is None and row != self._before:
                        self._answered = now
                    self.changed.notify_all()

    def cursor_row(self) -> str:
        """The headline the highlight is on (held under the lock): the list row whose
        background is the one colour no other list row has, its cells of that colour from the
        fourth column on. Not the whole row: the scrollbar's cells at its right end change as
        arrivals lengthen the list, and the ✦ / • mark in its first columns as marks expire,
        neither of them the key's doing; counted, they answered a key before it showed (and
        its repaint then answered nothing, or the next key's wait)."""
        lines = self._cursor_lines()
        if not lines:
            return ""
        line = self.screen.buffer[lines[0]]
        colour = line[4].bg
        return "".join(line[x].data for x in range(3, SIZE[0]) if line[x].bg == colour)

    def _cursor_lines(self) -> list[int]:
        """The screen lines of the highlighted headline (a long title wraps: up to 3)."""
        rows: dict[str, list[int]] = {}
        for y in range(FIRST_ROW, SIZE[1] - 1):
            line = self.screen.buffer[y]
            rows.setdefault(str(line[4].bg), []).append(y)
        return next((ys for ys in rows.values() if len(ys) <= 3), [])

    def key_that_moves(self, wanted: str) -> str:
        """`wanted`, unless the screen shows it cannot move the highlight: `k` on the list's
        first line (it may be the newest headline: in a story list, merges above the highlight
        bring it up there) or `j` above the list's blank end (its oldest headline)."""
        with self.lock:
            lines = self._cursor_lines()
            if not lines:
                return wanted
            below = lines[-1] + 1
            blank = below >= SIZE[1] - 1 or not "".join(self.screen.display[below]).strip()
        if wanted == "k" and lines[0] == FIRST_ROW:
            return "j"
        if wanted == "j" and blank and below < SIZE[1] - 1:
            return "k"
        return wanted

    def rows(self) -> list[str]:
        """Each row: its number, the background at column 4 (where the highlight is looked
        for) and at the last column (the scrollbar's), and its text (held under the lock)."""
        return [
            f"{y:2} {self.screen.buffer[y][4].bg:>12} {self.screen.buffer[y][SIZE[0] - 1].bg:>12} "
            + "".join(self.screen.buffer[y][x].data for x in range(SIZE[0])).rstrip()
            for y in range(SIZE[1])
        ]

    def text(self) -> str:
        with self.lock:
            return "\n".join(self.screen.display)

    def expect_change(self, before: str) -> None:
        """From now on the first chunk after which the highlight is not on `before` is the
        answer (call under the lock, just before the key is sent)."""
        self._before, self._answered = before, None

    def wait_change(self, timeout: float) -> float | None:
        """The perf_counter() moment of the chunk after which the highlight first left the
        row expected (`expect_change`), or None within `timeout` seconds."""
        deadline = time.perf_counter() + timeout
        with self.changed:
            while self._answered is None:
                left = deadline - time.perf_counter()
                if left <= 0:
                    break
                self.changed.wait(left)
            self._before = None
            return self._answered


def unread_count(text: str) -> int:
    import re

    found = re.search(r"(\d[\d,]*) unread", text)
    return int(found.group(1).replace(",", "")) if found else -1


def cpu_seconds(pid: int, tid: int | None = None) -> float:
    """utime + stime of process `pid` (all its threads), or of its thread `tid`."""
    path = f"/proc/{pid}/stat" if tid is None else f"/proc/{pid}/task/{tid}/stat"
    fields = Path(path).read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """utime + stime of process `pid` and every process under it that still runs (a polling
    process, parse workers), plus what its ended children used (cutime + cstime)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    total = 0.0
    for candidate in parents:
        ancestor = candidate
        while ancestor not in (pid, 0, 1) and ancestor in parents:
            ancestor = parents[ancestor]
        if ancestor == pid:
            with contextlib.suppress(OSError, IndexError):
                fields = Path(f"/proc/{candidate}/stat").read_text().rsplit(")", 1)[1].split()
                ticks = sum(int(f) for f in fields[11:15])
                total += ticks / os.sysconf("SC_CLK_TCK")
    return total


def pid_of(marker: str) -> int:
    """The process whose command line holds `marker` (the run's own database path)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    return int(entry.name)
            except OSError:
                continue  # ended meanwhile
    raise RuntimeError(f"no process runs with {marker}")


def one_run(
    args: argparse.Namespace, newstui: str, urls: list[str]
) -> tuple[list[float], list[float], int, tuple[float, float, float, float], tuple[float, float]]:
    work = Path(tempfile.mkdtemp(prefix="newstui-reload-"))
    config = work / "config.toml"
    config.write_text('refresh = "1h"\n\n' + "".join(f'[[sources]]\nurl = "{u}"\n\n' for u in urls))
    fifo = work / "pane.fifo"
    os.mkfifo(fifo)
    name = f"reload-{os.getpid()}-{time.monotonic_ns()}"
    tmux = ["tmux", "-L", name, "-f", "/dev/null"]
    command = f"{newstui} --config {config} --db {work / 'news.db'}"
    if args.trace:  # the ticker's own log of its loop's stalls (newstui.ui.stall_trace)
        args.misses.mkdir(parents=True, exist_ok=True)
        command = f"env NEWSTUI_TRACE={args.misses / (name + '.trace')} {command}"
    during: list[float] = []
    after: list[float] = []
    missed = 0
    try:
        subprocess.run(
            [*tmux, "new-session", "-d", "-s", name, "-x", str(SIZE[0]), "-y", str(SIZE[1])],
            check=True,
        )
        subprocess.run([*tmux, "pipe-pane", "-O", "-t", name, f"cat > {fifo}"], check=True)
        pane = Pane(fifo)
        shell = subprocess.run(
            [*tmux, "display-message", "-p", "-t", name, "#{pane_pid}"],
            check=True,
            capture_output=True,
            text=True,
        )
        # The pane's shell's descendants: the ticker, its polling process and parse workers.
        memory = TreeMemory(int(shell.stdout), interval=0.5).__enter__()
        subprocess.run([*tmux, "send-keys", "-t", name, command, "Enter"], check=True)
        started = time.monotonic()
        deadline = time.monotonic() + 30
        while unread_count(pane.text()) <= 0 and time.monotonic() < deadline:
            time.sleep(0.05)  # the first headlines are in: the round is under way
        last_count, quiet_since = -1, time.monotonic()
        phase_after_end: float | None = None
        cpu = (0.0, 0.0, 0.0, 0.0)
        sent_keys = 0
        while True:
            key = pane.key_that_moves("j" if sent_keys % (2 * ZIGZAG) < ZIGZAG else "k")
            with pane.lock:
                before = pane.cursor_row()
                pane.expect_change(before)
                chunks = pane.chunks
                screen = pane.rows() if args.misses else []
                if args.misses:
                    pane.history = []
            sent = time.perf_counter()
            moment = time.monotonic()
            sent_keys += 1
            subprocess.run([*tmux, "send-keys", "-t", name, key], check=True)
            shown = pane.wait_change(timeout=5.0)
            took = None if shown is None else shown - sent
            if shown is None:
                missed += 1
            else:
                (after if phase_after_end is not None else during).append(took)
            if args.misses and (took is None or took * 1000 > args.slow):
                kept = Kept(key, moment, took, before, chunks, screen)
                keep_key(args.misses / f"{name}-key{sent_keys}.txt", pane, kept, work)
            text = pane.text()
            count = unread_count(text)
            now = time.monotonic()
            # Not over while the header counts polls in flight: under load the child can store
            # nothing for 3 s mid-round, and that was taken for the round's end.
            if count != last_count or "⟳ fetching" in text.split("\n", 1)[0]:
                last_count, quiet_since = count, now
            elif phase_after_end is None and now - quiet_since > 3.0:
                phase_after_end = now  # nothing stored for 3 s: the round is over
                pid = pid_of(str(work / "news.db"))
                cpu = (
                    cpu_seconds(pid, pid),
                    cpu_seconds(pid),
                    tree_cpu_seconds(pid),
                    now - 3.0 - started,
                )
            if phase_after_end is not None and now - phase_after_end > args.after:
                ticker_peak = peak_rss_mb(pid_of(str(work / "news.db")))
                break
            time.sleep(max(0.0, args.every - (time.perf_counter() - sent)))
    finally:
        with contextlib.suppress(NameError):
            memory.__exit__(None, None, None)
        subprocess.run([*tmux, "kill-server"], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    return during, after, missed, cpu, (ticker_peak, memory.peak_rss_mb)


def peak_rss_mb(pid: int) -> float:
    """The process's own peak resident size (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass(frozen=True)
class Kept:
    """A key with no repaint, or a slow one, as it was sent."""

    key: str
    moment: float
    """time.monotonic() just before `tmux send-keys` (the ticker's trace uses the same clock)."""
    took: float | None
    """Seconds to the repaint; None: none within 5 s."""
    before: str
    chunks: int
    screen: list[str]
    """Each row before the key, as `rows` gives it."""


def keep_key(path: Path, pane: Pane, kept: Kept, work: Path) -> None:
    """What the screen showed before a key with no repaint or a slow one, what it showed when
    the key was counted, and each output chunk between (its moment after the key and the
    highlighted row after it), to tell the app's state from the benchmark's reading of it; for
    a key with no repaint, the ticker's threads too (py-spy, where installed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with pane.lock:
        seen = pane.cursor_row()
        came = pane.chunks - kept.chunks
        rows = pane.rows()
        history = list(pane.history or [])
    stacks = ""
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if kept.took is None and Path(spy).exists():
        pid = pid_of(str(work / "news.db"))
        done = subprocess.run([spy, "dump", "--pid", str(pid)], capture_output=True, text=True)
        stacks = done.stdout + done.stderr
    took = "none within 5 s" if kept.took is None else f"{kept.took * 1000:.0f} ms"
    chunks = [f"  +{(at - kept.moment) * 1000:7.1f} ms  {row.rstrip()!r}" for at, row in history]
    path.write_text(
        f"key {kept.key!r} sent at monotonic {kept.moment:.3f}; repaint: {took}\n"
        f"highlighted row before: {kept.before!r}\nafter: {seen!r}\n"
        f"output chunks while waiting: {came}\n"
        + "\n".join(chunks)
        + "\n\nbefore the key (row, background at column 4 and at the last, text):\n"
        + "\n".join(kept.screen)
        + "\n\nwhen counted:\n"
        + "\n".join(rows)
        + f"\n\n{stacks}\n"
    )


def summary(values: list[float]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (
        f"{statistics.median(ordered) * 1000:.0f} / {p95 * 1000:.0f} / {ordered[-1] * 1000:.0f}"
        f" ms (n={len(ordered)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--every", type=float, default=0.15, help="seconds between keys")
    parser.add_argument("--after", type=float, default=5.0, help="seconds of keys after the round")
    parser.add_argument("--newstui", default=NEWSTUI, help="the newstui command to measure")
    parser.add_argument(
        "--misses",
        type=Path,
        help="a folder for the screens of each key with no repaint or a slow one (see --slow)",
    )
    parser.add_argument(
        "--slow", type=float, default=250.0, help="ms from which a key's screens are kept"
    )
    parser.add_argument(
        "--trace",
        action="store_true",
        help="with --misses: the ticker logs its loop's stalls there too (NEWSTUI_TRACE)",
    )
    parser.add_argument(
        "--also", action="append", default=[], help="another newstui command, runs interleaved"
    )
    args = parser.parse_args()
    if args.trace and args.misses is None:
        parser.error("--trace writes into the --misses folder: name one")
    commands = [args.newstui, *args.also]
    print(
        "| command | run | keys during the round: median / p95 / max | after it | no repaint"
        " | to the round's end: CPU s of the interface thread / process / process tree, wall s"
        " | peak RSS MB: ticker / tree (summed, 0.5 s samples) | load (1 min) after |"
    )
    print("|---|---|---|---|---|---|---|---|")
    every_during: dict[str, list[float]] = {c: [] for c in commands}
    every_after: dict[str, list[float]] = {c: [] for c in commands}
    with FeedFarm(feeds=args.feeds, items=args.items, delay=0.02, hosts=args.hosts) as farm:
        for run in range(1, args.runs + 1):
            for command in commands:
                during, after, missed, cpu, rss = one_run(args, command, farm.urls)
                every_during[command] += during
                every_after[command] += after
                row = f"| {command} | {run} | {summary(during)} | {summary(after)} | {missed}"
                figures = (
                    f"{cpu[0]:.2f} / {cpu[1]:.2f} / {cpu[2]:.2f}, {cpu[3]:.1f} | {rss[0]:.0f} /"
                    f" {rss[1]:.0f} | {os.getloadavg()[0]:.2f}"
                )
                print(f"{row} | {figures} |", flush=True)
    for command in commands:
        all_during, all_after = every_during[command], every_after[command]
        print(f"| {command} | all | {summary(all_during)} | {summary(all_after)} | | | | |")


if __name__ == "__main__":
    main()
