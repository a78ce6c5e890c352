"""Provides the ingest benchmark: `newstui fetch` against `newsboat -x reload` on one feed farm.

Cold ingest: --feeds feeds x --items items (distinct ids and links per feed), --delay seconds of
server latency, empty database / cache. Warm poll: the same feeds again, unchanged (ETag/304).
Programs: `newstui fetch -q`, newsboat with `reload-threads 20`, newsboat with its default (1).
Each is a child process with its own temporary HOME, config, URL list and database, measured with
os.wait4: wall time, CPU time (user + sys of the child and its children), peak RSS (ru_maxrss
of the largest process) and the whole tree's peak memory: RSS and PSS summed over every process
alive at one instant, sampled every 20 ms (benchmarks/treemem.py). The farm runs in its own
process (benchmarks/feedfarm.py). Runs are interleaved after one warm-up of each; the table gives
medians and ratios to newsboat with 20 threads (none with --no-newsboat). After each cold round
of newstui the search index is caught up in a process of its own (what the next search or the
ticker does first: schema migration 16) and its CPU is shown beside the round's.

    python benchmarks/newsboat_compare.py [--runs 5] [--feeds 500] [--items 50] [--delay 0.02]
        [--hosts 50] [--skip-default] [--no-newsboat] [--newstui PATH] [--also PATH]
        [--json FILE]

5,000 feeds (newsboat needs ~330 s a round there): `--feeds 5000 --items 20 --hosts 500
--no-newsboat --runs 3`.

Measure newstui as users run it: --newstui names the `newstui` of a virtual environment made by
the README's install command (`python -m venv V && V/bin/pip install .`). The default, the one
beside this Python, may be a development install: an editable one is compiled afresh on every
run where PYTHONDONTWRITEBYTECODE is set, and with the test tools' click installed, httpx imports
its command-line client and rich (~45 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from feedfarm import FeedFarm, write_config
from treemem import TreeMemory

NEWSTUI = str(Path(sys.executable).with_name("newstui"))


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float
    tree_rss_mb: float
    tree_pss_mb: float
    stored: int
    index_cpu: float = 0.0
    """CPU s of catching the search index up after the round, in a process of its own (code
    that indexes as it stores leaves none: 0)."""


CATCH_UP = """
import resource, sys
from pathlib import Path
from newstui.storage.store import Store
store = Store(Path(sys.argv[1]))
usage = resource.getrusage(resource.RUSAGE_SELF)
before = usage.ru_utime + usage.ru_stime
if hasattr(store, "index_search"):
    store.index_search()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(usage.ru_utime + usage.ru_stime - before)
store.close()
"""
"""What a search (or the ticker) does first after a `fetch` that left its headlines to index
(schema migration 16): its CPU is reported beside the round's, so none of it is hidden."""


def reap(command: list[str]) -> None:
    """Runs command as a child subreaper and prints its wall time, and CPU and peak RSS of its
    whole process tree: process-pool workers and forkservers orphaned by the command's exit are
    re-parented here, so they are waited for and counted too (os.wait4 on the command alone
    would miss them)."""
    import ctypes
    import resource

    pr_set_child_subreaper = 36
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_child_subreaper, 1, 0, 0, 0)
    with TreeMemory(os.getpid()) as tree:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        code = child.wait()
        wall = time.perf_counter() - start
    while True:
        try:
            os.wait4(-1, 0)
        except ChildProcessError:
            break
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "code": code,
                "wall": wall,
                "cpu": usage.ru_utime + usage.ru_stime,
                "rss_mb": usage.ru_maxrss / 1024,
                "tree_rss_mb": tree.peak_rss_mb,
                "tree_pss_mb": tree.peak_pss_mb,
                "processes": tree.most_processes,
            }
        )
    )


def run_child(command: list[str], home: Path) -> dict[str, float]:
    """Wall s, CPU s (user + sys, whole process tree), peak RSS MB of the largest process and
    peak RSS and PSS MB summed over the tree, of one command."""
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    answer = subprocess.run(
        [sys.executable, __file__, "--reap", *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = answer.stdout.strip().splitlines()
    result = json.loads(lines[-1]) if lines else {"code": -1}
    if result["code"] != 0:
        raise SystemExit(f"{command[0]} exited {result['code']}: {answer.stderr[-2000:]}")
    return {k: float(v) for k, v in result.items()}


class Newstui:
    def __init__(self, urls: list[str], root: Path, code: Path | None = None) -> None:
        self.name = "newstui fetch" + (f" ({code})" if code else "")
        self.code = code
        self.home = root / f"newstui-{len(list(root.glob('newstui*')))}"
        self.home.mkdir()
        self.config = self.home / "config.toml"
        write_config(self.config, urls)
        self.db = self.home / "newstui.db"

    def command(self) -> list[str]:
        if self.code is not None and self.code.is_file():  # another installed newstui
            return [
                str(self.code),
                "--config",
                str(self.config),
                "--db",
                str(self.db),
                "fetch",
                "-q",
            ]
        if self.code is not None:  # another checkout of newstui, ahead of the installed one
            return [
                "env",
                f"PYTHONPATH={self.code}",
                NEWSTUI,
                "--config",
                str(self.config),
                "--db",
                str(self.db),
                "fetch",
                "-q",
            ]
        return [NEWSTUI, "--config", str(self.config), "--db", str(self.db), "fetch", "-q"]

    def reset(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.db}{suffix}").unlink(missing_ok=True)

    def stored(self) -> int:
        with sqlite3.connect(self.db) as db:
            return int(db.execute("SELECT COUNT(*) FROM items").fetchone()[0])

    def catch_up(self) -> float:
        """CPU s of catching the search index up, in the Python of this newstui's code."""
        if self.code is not None and self.code.is_file():
            command = [str(self.code.with_name("python"))]
        elif self.code is not None:
            command = ["env", f"PYTHONPATH={self.code}", str(Path(NEWSTUI).with_name("python"))]
        else:
            command = [str(Path(NEWSTUI).with_name("python"))]
        answer = subprocess.run(
            [*command, "-c", CATCH_UP, str(self.db)],
            capture_output=True,
            text=True,
            check=True,
            cwd=self.home,  # `python -c` imports from its folder first: not a checkout's newstui
        )
        return float(answer.stdout.split()[-1])


class Newsboat:
    def __init__(self, urls: list[str], root: Path, threads: int | None) -> None:
        self.name = f"newsboat, reload-threads {threads or '1 (default)'}"
        self.threads = threads
        self.home = root / f"newsboat-{threads or 'default'}"
        self.home.mkdir()
        self.urls = self.home / "urls"
        self.urls.write_text("\n".join(urls) + "\n")
        self.config = self.home / "config"
        self.config.write_text(f"reload-threads {threads}\n" if threads else "\n")
        self.cache = self.home / "cache.db"

    def command(self) -> list[str]:
        return [
            "newsboat",
            "-u",
            str(self.urls),
            "-c",
            str(self.cache),
            "-C",
            str(self.config),
            "-x",
            "reload",
        ]

    def reset(self) -> None:
        for path in self.home.glob("cache.db*"):
            path.unlink()

    def stored(self) -> int:
        with sqlite3.connect(self.cache) as db:
            return int(db.execute("SELECT COUNT(*) FROM rss_item").fetchone()[0])


def measure(program: Newstui | Newsboat, cold: bool) -> Sample:
    if cold:
        program.reset()
    got = run_child(program.command(), program.home)
    return Sample(
        got["wall"],
        got["cpu"],
        got["rss_mb"],
        got["tree_rss_mb"],
        got["tree_pss_mb"],
        program.stored(),
        program.catch_up() if isinstance(program, Newstui) and cold else 0.0,
    )


def _load(averages: tuple[float, float, float]) -> str:
    return " ".join(f"{a:.2f}" for a in averages)


def main() -> None:
    global NEWSTUI
    if sys.argv[1:2] == ["--reap"]:
        reap(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.02)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument(
        "--skip-default",
        action="store_true",
        help="leave out newsboat with its default single reload thread (slow)",
    )
    parser.add_argument(
        "--also",
        type=Path,
        action="append",
        default=[],
        help="also run the newstui found in this source folder (say, a git "
        "archive of an older commit), or this newstui executable (another virtual "
        "environment's), to compare versions",
    )
    parser.add_argument(
        "--newstui",
        default=NEWSTUI,
        help="the newstui executable to measure (default: the one beside this Python)",
    )
    parser.add_argument(
        "--no-newsboat",
        action="store_true",
        help="run newstui only (no ratios): for 5,000 feeds, where newsboat takes ~330 s a round",
    )
    parser.add_argument("--json", type=Path, help="also write every sample here")
    args = parser.parse_args()
    NEWSTUI = args.newstui
    version = "not run"
    if not args.no_newsboat:
        if shutil.which("newsboat") is None:
            raise SystemExit("newsboat is not installed (apt-get install -y newsboat)")
        answer = subprocess.run(["newsboat", "-v"], capture_output=True, text=True)
        version = answer.stdout.split()[1]

    load_before = os.getloadavg()
    with (
        FeedFarm(args.feeds, args.items, args.delay, args.hosts) as farm,
        tempfile.TemporaryDirectory(prefix="newsboat-compare-") as tmp,
    ):
        root = Path(tmp)
        newstui = Newstui(farm.urls, root)
        programs: list[Newstui | Newsboat] = [newstui]
        if not args.no_newsboat:
            programs.append(Newsboat(farm.urls, root, 20))
            if not args.skip_default:
                programs.append(Newsboat(farm.urls, root, None))
        programs += [Newstui(farm.urls, root, code.resolve()) for code in args.also]
        # newsboat 2.21 sent no If-None-Match / If-Modified-Since here: its "warm" reload is a
        # full download and parse again, shown for reference with 20 threads only.
        warm = [p for p in programs if not (isinstance(p, Newsboat) and p.threads is None)]
        cases = [(p, "cold") for p in programs] + [(p, "warm") for p in warm]
        samples: dict[tuple[str, str], list[Sample]] = {(p.name, k): [] for p, k in cases}
        for program in programs:  # warm-up: page cache, the farm's first connections
            measure(program, cold=True)
        for _ in range(args.runs):
            for program in programs:  # interleaved: drift spreads over every program
                samples[program.name, "cold"].append(measure(program, cold=True))
                if program in warm:
                    samples[program.name, "warm"].append(measure(program, cold=False))

    print(
        f"{args.feeds} feeds x {args.items} items, {args.delay * 1000:.0f} ms latency, "
        f"{min(args.hosts, args.feeds)} loopback hosts; median of {args.runs} interleaved runs; "
        f"newsboat {version}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{datetime.now():%Y-%m-%d %H:%M}; load average (1, 5, 15 min) before "
        f"{_load(load_before)}, after {_load(os.getloadavg())}"
    )
    reference = None if args.no_newsboat else samples[programs[1].name, "cold"]
    print(
        "| run | program | wall s | CPU s | peak RSS MB (largest) | tree RSS MB | tree PSS MB "
        "| items | wall / nb20 | CPU / nb20 | index after s | CPU + index / nb20 |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for program, kind in cases:
        runs = samples[program.name, kind]
        wall = statistics.median(s.wall for s in runs)
        cpu = statistics.median(s.cpu for s in runs)
        rss = statistics.median(s.rss_mb for s in runs)
        tree_rss = statistics.median(s.tree_rss_mb for s in runs)
        tree_pss = statistics.median(s.tree_pss_mb for s in runs)
        index = statistics.median(s.index_cpu for s in runs)
        whole = statistics.median(s.cpu + s.index_cpu for s in runs)
        ratio = f"- | - | {index:.2f} | -"
        if kind == "cold" and reference is not None:
            ref_wall = statistics.median(s.wall for s in reference)
            ref_cpu = statistics.median(s.cpu for s in reference)
            ratio = f"{wall / ref_wall:.2f} | {cpu / ref_cpu:.2f} | {index:.2f} | "
            ratio += f"{whole / ref_cpu:.2f}"
        print(
            f"| {kind} | {program.name} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {tree_rss:.0f} | "
            f"{tree_pss:.0f} | {runs[-1].stored:,} | {ratio} |"
        )
    print("Samples (wall s, CPU s, tree RSS MB, index catch-up CPU s after a cold round):")
    for program, kind in cases:
        runs = samples[program.name, kind]
        line = " ".join(
            f"({s.wall:.2f}, {s.cpu:.2f}, {s.tree_rss_mb:.0f}, {s.index_cpu:.2f})" for s in runs
        )
        print(f"- {kind} {program.name}: {line}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {f"{n} {k}": [s.__dict__ for s in v] for (n, k), v in samples.items()}, indent=1
            )
        )


if __name__ == "__main__":
    main()
