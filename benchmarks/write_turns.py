"""Provides the write-turn trace: when each process of a cold `fetch` round holds the write turn.

A cold round of --feeds feeds over --hosts hosts (benchmarks/feedfarm.py) runs `newstui fetch
-q` on a fresh database with its storage writer instrumented (`python -c` with a prologue that
wraps Writer's methods before the command runs): every write transaction of every process is
stamped on the system's monotonic clock (one for all processes) as it asks for the round's
turn (storage/turns.py), gets it, has BEGIN IMMEDIATE done, ends its COMMIT and lets the turn
go, with its thread's CPU and run-queue time meanwhile and how many jobs it ran. Per run:

- **held**: seconds some process held the turn (union); **held_cpu** the holders' CPU time
  meanwhile, **held_rq** their time runnable without a core (the rest of held is asleep: on
  the GIL, or the disk: a checkpoint's fdatasync); **commit**: the COMMIT statements' time
  (the WAL's writes, and a checkpoint when one falls due), **ckpt** the five longest COMMITs';
- **gap**: seconds nobody held the turn while a process waited for it (a handover's cost),
  **free**: seconds nobody held it nor waited for it;
- **backlog**: seconds jobs sat queued (each transaction's first job), **tx** transactions,
  **jobs** per transaction; **tail**: from the round's last parse to its last commit.

Runs are interleaved for --python and each --also (another venv's `python`: the code it has
installed), medians printed. Run it under as little other load as can be had: figures of a
loaded machine show the cores' contention more than the round's structure.

    python benchmarks/write_turns.py --runs 5 --python V/bin/python --also B/bin/python
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

FIELDS = (
    "wall",
    "held",
    "held_cpu",
    "held_rq",
    "commit",
    "gap",
    "free",
    "backlog",
    "tx",
    "jobs",
    "tail",
    "ckpt",
)

_INSTALL = r"""
import atexit, json, os, sys, time, threading
from newstui.storage import writer as _w
_out = sys.argv.pop(1)
_events = []
_parses = []
_orig_run_group = _w.Writer._run_group
_orig_next = _w.Writer._next
_orig_begin = _w.Writer._begin
_local = threading.local()

def _rq():
    with open("/proc/thread-self/schedstat") as f:
        return int(f.read().split()[1]) / 1e9

def _run_group(self, first, waiting):
    if self.turns is not None and not isinstance(self.turns, _Turns):
        self.turns = _Turns(self.turns)
    t_asked = getattr(_local, "asked", None) or time.monotonic()
    _local.asked = None
    _local.jobs = 1
    _local.begun = 0.0
    _local.commit = 0.0
    queued = self._jobs.qsize() + len(waiting)
    _orig_run_group(self, first, waiting)
    t_end = time.monotonic()
    got = (_local.got or _local.begun) if self.turns is not None else _local.begun
    cpu = time.thread_time() - _local.cpu if self.turns is not None else 0.0
    rq = _rq() - _local.rq
    _events.append(
        (t_asked, got, _local.begun, t_end, _local.jobs, queued, first.t, _local.commit, cpu, rq)
    )
    _local.got = 0.0

def _next(self, waiting):
    q = _orig_next(self, waiting)
    if q is not None:
        _local.jobs += 1
    return q

def _begin(self):
    _orig_begin(self)
    _local.begun = time.monotonic()

class _Turns:
    def __init__(self, inner):
        self.inner = inner
    def __enter__(self):
        _local.asked = time.monotonic()
        self.inner.__enter__()
        _local.got = time.monotonic()
        _local.cpu = time.thread_time()
        _local.rq = _rq()
        return self
    def __exit__(self, *a):
        self.inner.__exit__(*a)
        _local.released = time.monotonic()

class _Db:
    def __init__(self, db):
        self._db = db
    def execute(self, sql, *a):
        if sql == "COMMIT":
            t = time.monotonic()
            r = self._db.execute(sql, *a)
            _local.commit = time.monotonic() - t
            return r
        return self._db.execute(sql, *a)
    def __getattr__(self, name):
        return getattr(self._db, name)

_orig_serve = _w.Writer._serve
def _serve(self):
    if not isinstance(self._db, _Db):
        self._db = _Db(self._db)
    _local.got = 0.0
    _local.cpu = time.thread_time()
    _local.rq = _rq()
    return _orig_serve(self)

_orig_queued_init = _w._Queued.__init__
def _queued_init(self, *a, **k):
    _orig_queued_init(self, *a, **k)
    self.t = time.monotonic()
_w._Queued.__init__ = _queued_init
_w.Writer._run_group = _run_group
_w.Writer._next = _next
_w.Writer._begin = _begin
_w.Writer._serve = _serve

try:
    from newstui.feeds import lanes as _lanes
    _orig_note = _lanes.note_parse
    def _note(seconds):
        _parses.append(time.monotonic())
        return _orig_note(seconds)
    _lanes.note_parse = _note
    from newstui.feeds import round as _round
    _round.note_parse = _note
except ImportError:
    pass

_pid = os.getpid
def _dump():
    path = f"{_out}.{_pid()}"
    with open(path, "w") as f:
        json.dump({"events": _events, "parses": _parses[-1:] or [0.0]}, f)
atexit.register(_dump)
_orig_exit = os._exit
def _exit(code):
    _dump()
    _orig_exit(code)
os._exit = _exit
from newstui.launch import main
sys.argv[0] = "newstui"
sys.exit(main())
"""


def _union(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _length(intervals: list[tuple[float, float]]) -> float:
    return sum(end - start for start, end in intervals)


def _intersect(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> float:
    total, i, j = 0.0, 0, 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        total += max(0.0, hi - lo)
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def analyse(traces: list[dict[str, list]], wall: float) -> dict[str, float]:
    """The figures (FIELDS) of one round's traces (one per process)."""
    events = [e for t in traces for e in t["events"]]
    if not events:
        return dict.fromkeys(FIELDS, 0.0)
    held = _union([(got, end) for _, got, _, end, *_ in events])
    waited = _union([(asked, got) for asked, got, *_ in events if got > asked])
    first = min(e[0] for e in events)
    last = max(e[3] for e in events)
    span = [(first, last)]
    not_held = last - first - _length(held)
    gap = _length(waited) - _intersect(waited, held)
    commits = sorted(e[7] for e in events)
    # the first job's wait in the queue: submitted to its group's start
    backlog = sum(max(0.0, e[1] - e[6]) for e in events)
    last_parse = max(t["parses"][0] for t in traces)
    del span
    return {
        "wall": wall,
        "held": _length(held),
        "held_cpu": sum(e[8] for e in events),
        "held_rq": sum(e[9] for e in events),
        "commit": sum(commits),
        "gap": gap,
        "free": not_held - gap,
        "backlog": backlog,
        "tx": float(len(events)),
        "jobs": sum(e[4] for e in events) / len(events),
        "tail": last - last_parse if last_parse else 0.0,
        "ckpt": sum(commits[-5:]),
    }


def one_round(python: str, command: list[str], env: dict[str, str], out: str) -> dict[str, float]:
    start = time.perf_counter()
    subprocess.run([python, "-c", _INSTALL, out, *command], env=env, check=True)
    wall = time.perf_counter() - start
    traces = []
    folder = Path(out).parent
    for path in folder.glob(Path(out).name + ".*"):
        traces.append(json.loads(path.read_text()))
        path.unlink()
    return analyse(traces, wall)


def main() -> None:
    from feedfarm import FeedFarm, write_config

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--also", action="append", default=[])
    args = parser.parse_args()
    pythons = [args.python, *args.also]
    samples: dict[str, list[dict[str, float]]] = collections.defaultdict(list)
    with (
        tempfile.TemporaryDirectory() as folder,
        FeedFarm(args.feeds, args.items, 0.02, args.hosts) as farm,
    ):
        home = Path(folder)
        config = home / "config.toml"
        write_config(config, farm.urls)
        db = home / "newstui.db"
        for run in range(-1, args.runs):
            for python in pythons:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
                env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
                command = ["--config", str(config), "--db", str(db), "fetch", "-q"]
                sample = one_round(python, command, env, str(home / "trace"))
                if run < 0:
                    continue
                samples[python].append(sample)
                figures = ", ".join(f"{k} {v:.2f}" for k, v in sample.items())
                print(f"run {run + 1} {python}: {figures} (load {os.getloadavg()[0]:.1f})")
    print(f"{args.feeds} feeds x {args.items} items over {args.hosts} hosts, cold; medians")
    print("| python | " + " | ".join(FIELDS) + " |")
    print("|---" * (len(FIELDS) + 1) + "|")
    for name, runs in samples.items():
        medians = (statistics.median(r[f] for r in runs) for f in FIELDS)
        print(f"| {name} | " + " | ".join(f"{m:.2f}" for m in medians) + " |")


if __name__ == "__main__":
    main()
