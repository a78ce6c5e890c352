"""Provides the split round's balance benchmark: how far apart a cold `fetch`'s processes end.

A cold round of --feeds feeds over --hosts hosts (benchmarks/feedfarm.py) is split over two
processes; the round ends when the later one does. This runs `newstui fetch -q` on a fresh
database and samples every thread of it and its helper from /proc every 10 ms (utime+stime),
and prints per run: the wall, the whole tree's CPU, and the "gap", the time between the two
processes' writer threads' last CPU tick (each process's last write: its share done). A gap
is time one process had nothing left to do while the round still ran. Runs are interleaved
for each --newstui and each --also (a `git archive` folder put first on PYTHONPATH, or
another venv's `newstui`), and the medians are printed with the load average.

    python benchmarks/round_balance.py --runs 5 --also /tmp/main-src
"""

from __future__ import annotations

import argparse
import collections
import glob
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from feedfarm import FeedFarm, write_config


def _threads(pid: int) -> dict[int, int]:
    out = {}
    for stat in glob.glob(f"/proc/{pid}/task/*/stat"):
        try:
            text = Path(stat).read_text()
        except OSError:
            continue
        fields = text[text.rfind(")") + 2 :].split()
        out[int(stat.split("/")[4])] = int(fields[11]) + int(fields[12])
    return out


def _children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def one_round(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall s, CPU s of the tree, gap s) of one cold round."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    start = time.perf_counter()
    last: dict[tuple[int, int], tuple[int, float]] = {}  # (pid, tid) -> (ticks, last change)
    first: dict[tuple[int, int], int] = {}
    while child.poll() is None:
        now = time.perf_counter() - start
        for pid in [child.pid, *_children(child.pid)]:
            for tid, ticks in _threads(pid).items():
                key = (pid, tid)
                first.setdefault(key, ticks)
                if key not in last or ticks > last[key][0]:
                    last[key] = (ticks, now)
        time.sleep(0.01)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    writers: dict[int, tuple[int, float]] = {}  # pid -> its busiest other thread's (ticks, end)
    for (pid, tid), (ticks, end) in last.items():
        used = ticks - first[(pid, tid)]
        if pid != tid and used > writers.get(pid, (0, 0.0))[0]:
            writers[pid] = (used, end)
    ends = sorted(end for _, end in writers.values())
    return wall, cpu, (ends[-1] - ends[0]) if len(ends) > 1 else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--newstui", default=str(Path(sys.executable).parent / "newstui"))
    parser.add_argument("--also", action="append", default=[], type=Path)
    args = parser.parse_args()
    programs = [("this", args.newstui, None)]
    for code in args.also:
        if code.is_file():
            programs.append((str(code), str(code), None))
        else:
            programs.append((str(code), args.newstui, str(code.resolve())))
    samples: dict[str, list[tuple[float, float, float]]] = collections.defaultdict(list)
    with (
        tempfile.TemporaryDirectory() as folder,
        FeedFarm(args.feeds, args.items, 0.02, args.hosts) as farm,
    ):
        home = Path(folder)
        config = home / "config.toml"
        write_config(config, farm.urls)
        db = home / "newstui.db"
        loads = [os.getloadavg()]
        for run in range(args.runs):
            for name, executable, path in programs:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
                env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
                if path:
                    env["PYTHONPATH"] = path
                command = [executable, "--config", str(config), "--db", str(db), "fetch", "-q"]
                sample = one_round(command, env)
                samples[name].append(sample)
                load = os.getloadavg()[0]
                print(
                    f"run {run + 1} {name}: wall {sample[0]:.2f} s, CPU {sample[1]:.2f} s, "
                    f"gap {sample[2]:.2f} s (load {load:.1f})",
                    flush=True,
                )
        loads.append(os.getloadavg())
    print(
        f"{args.feeds} feeds x {args.items} items over {args.hosts} hosts, cold, "
        f"median of {args.runs}; load before {loads[0][0]:.1f}, after {loads[1][0]:.1f}"
    )
    print("| program | wall s | CPU s | gap s | gaps |")
    print("|---|---|---|---|---|")
    for name, runs in samples.items():
        wall, cpu, gap = (statistics.median(r[i] for r in runs) for i in range(3))
        gaps = " ".join(f"{r[2]:.2f}" for r in runs)
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {gap:.2f} | {gaps} |")


if __name__ == "__main__":
    main()
