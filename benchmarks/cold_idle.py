"""Provides the cold round's idle benchmark: where a cold `fetch` leaves a core unused, and why.

A cold round of --feeds feeds over --hosts hosts (benchmarks/feedfarm.py) runs `newstui fetch
-q` on a fresh database while every thread of it and its helper is read from /proc every few
ms: its CPU time and its time waiting for a core (schedstat, ns), its state, and the system
call a sleeping thread sleeps in. Per run it prints:

- wall, the tree's CPU, and **idle**: cores x wall - CPU, the core-seconds the round left
  unused (on a quiet machine; with other jobs running they fill it, and `rq` grows instead);
- **start**: seconds until the helper process exists (the lead's serial start), and **end**:
  seconds from the helper's exit to the lead's (the serial end: placing check, prune, close);
- for the loop threads (HTTP and parsing), summed over both processes: **run** (CPU), **rq**
  (runnable, waiting for a core: other jobs, or the writers, which run at higher priority)
  and **blocked** (asleep), split by what they slept in: futex (the GIL, held by the
  process's writer thread) and epoll (waiting for the network);
- for the writer threads: run, and the time asleep in flock (waiting for the round's write
  turn, storage/turns.py) and in futex (waiting for work, or the GIL).

Runs are interleaved for --newstui and each --also (another venv's `newstui`, or a `git
archive` folder put first on PYTHONPATH), and the medians printed with the load average.

    python benchmarks/cold_idle.py --runs 5 --newstui /tmp/q/bin/newstui --also /tmp/qb/bin/newstui
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

# x86-64 system call numbers of the waits that matter here (/proc/TID/syscall's first field).
_WAITS = {"202": "futex", "232": "epoll", "281": "epoll", "441": "epoll", "73": "flock"}
FIELDS = ("wall", "cpu", "idle", "start", "end", "loop_run", "loop_rq", "loop_blocked")
FIELDS += ("loop_gil", "loop_net", "writer_run", "writer_turn", "writer_futex")


def _children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class _Thread:
    """What the samples of one thread say: first and last schedstat, and sleeps by call."""

    def __init__(self, now: float, run: int, wait: int) -> None:
        self.first = self.last = (now, run, wait)
        self.asleep: collections.Counter[str] = collections.Counter()
        self.samples = 0

    def blocked(self) -> float:
        (t0, r0, w0), (t1, r1, w1) = self.first, self.last
        return max(0.0, (t1 - t0) - (r1 - r0) / 1e9 - (w1 - w0) / 1e9)

    def run(self) -> float:
        return (self.last[1] - self.first[1]) / 1e9

    def queued(self) -> float:
        return (self.last[2] - self.first[2]) / 1e9

    def asleep_in(self, call: str) -> float:
        """Blocked time shared out by the fraction of sleeping samples in `call`."""
        sleeping = sum(self.asleep.values())
        return self.blocked() * self.asleep[call] / sleeping if sleeping else 0.0


def _sample(pid: int, now: float, threads: dict[tuple[int, int], _Thread]) -> None:
    for task in glob.glob(f"/proc/{pid}/task/*"):
        tid = int(task.rsplit("/", 1)[1])
        try:
            run, wait = (int(x) for x in Path(f"{task}/schedstat").read_text().split()[:2])
            stat = Path(f"{task}/stat").read_text()
            asleep = stat[stat.rfind(")") + 2] == "S"
            call = Path(f"{task}/syscall").read_text().split()[0] if asleep else ""
        except (OSError, ValueError):
            continue
        thread = threads.get((pid, tid))
        if thread is None:
            thread = threads[pid, tid] = _Thread(now, run, wait)
        thread.last = (now, run, wait)
        thread.samples += 1
        if asleep:
            thread.asleep[_WAITS.get(call, "other")] += 1


def one_round(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """The figures (FIELDS) of one cold round."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    start = time.perf_counter()
    threads: dict[tuple[int, int], _Thread] = {}
    while child.poll() is None:
        now = time.perf_counter() - start
        for pid in [child.pid, *_children(child.pid)]:
            _sample(pid, now, threads)
        time.sleep(0.005)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    helpers = [t for (pid, tid), t in threads.items() if pid == tid and pid != child.pid]
    loops = [t for (pid, tid), t in threads.items() if pid == tid]
    # A process's writer is its busiest other thread (the lead opens a short-lived one at the end).
    writers: dict[int, _Thread] = {}
    for (pid, tid), thread in threads.items():
        if pid != tid and thread.run() > (writers[pid].run() if pid in writers else -1.0):
            writers[pid] = thread
    return {
        "wall": wall,
        "cpu": cpu,
        "idle": (os.cpu_count() or 1) * wall - cpu,
        "start": min((h.first[0] for h in helpers), default=0.0),
        "end": wall - max((h.last[0] for h in helpers), default=wall),
        "loop_run": sum(t.run() for t in loops),
        "loop_rq": sum(t.queued() for t in loops),
        "loop_blocked": sum(t.blocked() for t in loops),
        "loop_gil": sum(t.asleep_in("futex") for t in loops),
        "loop_net": sum(t.asleep_in("epoll") for t in loops),
        "writer_run": sum(t.run() for t in writers.values()),
        "writer_turn": sum(t.asleep_in("flock") for t in writers.values()),
        "writer_futex": sum(t.asleep_in("futex") for t in writers.values()),
    }


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
    samples: dict[str, list[dict[str, float]]] = collections.defaultdict(list)
    with (
        tempfile.TemporaryDirectory() as folder,
        FeedFarm(args.feeds, args.items, 0.02, args.hosts) as farm,
    ):
        home = Path(folder)
        config = home / "config.toml"
        write_config(config, farm.urls)
        db = home / "newstui.db"
        loads = [os.getloadavg()]
        for run in range(-1, args.runs):  # run -1: a warm-up of each (page cache, the farm)
            for name, executable, path in programs:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
                env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
                if path:
                    env["PYTHONPATH"] = path
                command = [executable, "--config", str(config), "--db", str(db), "fetch", "-q"]
                sample = one_round(command, env)
                if run < 0:
                    continue
                samples[name].append(sample)
                figures = ", ".join(f"{k} {v:.2f}" for k, v in sample.items())
                load = os.getloadavg()[0]
                print(f"run {run + 1} {name}: {figures} (load {load:.1f})", flush=True)
        loads.append(os.getloadavg())
    print(
        f"{args.feeds} feeds x {args.items} items over {args.hosts} hosts, cold, "
        f"median of {args.runs}, {os.cpu_count()} CPUs; load before {loads[0][0]:.1f}, "
        f"after {loads[1][0]:.1f}; seconds"
    )
    print("| program | " + " | ".join(FIELDS) + " |")
    print("|---" * (len(FIELDS) + 1) + "|")
    for name, runs in samples.items():
        medians = (statistics.median(r[field] for r in runs) for field in FIELDS)
        print(f"| {name} | " + " | ".join(f"{m:.2f}" for m in medians) + " |")


if __name__ == "__main__":
    main()
