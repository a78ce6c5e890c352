"""Provides a sampler of a process tree's memory: summed RSS and PSS of every descendant, peaks.

`ru_maxrss` (getrusage) gives only the largest single process's peak; a `newstui fetch` round is
several processes at once (the lead, a forked helper, a forkserver and parse workers per
process), so the tree's footprint is the sum at one instant, not any one process's peak. RSS
summed counts pages a fork shares (copy on write) once per process, so it overstates; PSS
(/proc/PID/smaps_rollup, Linux 4.14+) divides each shared page among its sharers and sums to
what the tree really holds. Both are reported; RSS summed is the conservative one.

    with TreeMemory(os.getpid()) as tree:  # samples every 20 ms in a thread
        ...run the command...
    tree.peak_rss_mb, tree.peak_pss_mb, tree.most_processes
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import TracebackType

PAGE = os.sysconf("SC_PAGE_SIZE")


def descendants(root: int) -> list[int]:
    """Every process below `root` (children, their children...), from /proc/PID/task/*/children
    (CONFIG_PROC_CHILDREN). A process that ends while this reads is left out."""
    found: list[int] = []
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                text = Path(f"/proc/{pid}/task/{task}/children").read_text()
            except OSError:
                continue
            for child in text.split():
                found.append(int(child))
                todo.append(int(child))
    return found


def _rss(pid: int) -> int:
    """Resident bytes (statm's second field)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    """Proportional set size in bytes (smaps_rollup's Pss line)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


class TreeMemory:
    """Samples the tree below `root` every `interval` seconds in a daemon thread."""

    def __init__(self, root: int, interval: float = 0.02) -> None:
        self.root = root
        self.interval = interval
        self.peak_rss = 0
        self.peak_pss = 0
        self.most_processes = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tree-memory", daemon=True)

    @property
    def peak_rss_mb(self) -> float:
        return self.peak_rss / 2**20

    @property
    def peak_pss_mb(self) -> float:
        return self.peak_pss / 2**20

    def sample(self) -> None:
        pids = descendants(self.root)
        self.most_processes = max(self.most_processes, len(pids))
        self.peak_rss = max(self.peak_rss, sum(_rss(p) for p in pids))
        self.peak_pss = max(self.peak_pss, sum(_pss(p) for p in pids))
        self.samples += 1

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
