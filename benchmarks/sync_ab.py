"""Provides the sync benchmark as a same-run comparison: this tree against an older commit, on one
real FreshRSS on 127.0.0.1 with --items items in --feeds feeds (set up as benchmarks/
sync_speed.py does), runs interleaved so that the machine's load hits both alike.

Each run is a process of its own (benchmarks/sync_child.py, the code under test chosen by
PYTHONPATH): a new database on disk, the Syncer of `fetch` and the ticker, the first sync, a
sync with nothing new, then one after 5 new items in one feed. Prints medians (min - max) of wall
and CPU seconds (the syncing process, parse workers not counted; with --pool they parse), the
server's CPU, requests, new items and the process's peak RSS, with the load average.

    python benchmarks/sync_ab.py [--before main] [--feeds 200] [--items 10000] [--runs 5] [--pool]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from datetime import datetime
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.sync_speed import freshrss_bench, median  # noqa: E402
from tests import freshrss  # noqa: E402

KINDS = ("first", "nothing new", "5 new")


def tree_of(ref: str) -> Path:
    """A directory holding the code of `ref`: itself when it is one, else `git archive` of it."""
    if Path(ref).is_dir():
        return Path(ref).resolve()
    folder = Path(tempfile.mkdtemp(prefix="sync-ab-before-"))
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "newstui"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def child(
    tree: Path,
    server: freshrss.FreshRSS,
    grow: list[str],
    pool: bool,
    profile: str | None = None,
    spy: str | None = None,
) -> dict[str, object]:
    """One run in a process of its own; `profile`: cProfile its first sync (the loop) into this
    file; `spy`: sample all its threads with py-spy into this file (collapsed stacks)."""
    argv = [sys.executable, str(HERE / "sync_child.py"), server.greader_url, server.user]
    if spy:
        found = shutil.which("py-spy")
        if found is None:
            raise SystemExit("--spy needs py-spy on the PATH")
        argv = [found, "record", "--format", "raw", "-r", "200", "-o", spy, "--", *argv]
    argv += [str(server.pid), *(["--pool"] if pool else [])]
    argv += [arg for url in grow for arg in ("--grow", url)]
    argv += ["--profile", profile] if profile else []
    env = {**os.environ, "PYTHONPATH": str(tree), "NEWSTUI_SYNC_PASSWORD": server.password}
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=900)
    if done.returncode != 0:
        raise SystemExit(f"{tree}: {done.stderr}")
    [line] = [line for line in done.stdout.splitlines() if line.startswith('{"runs"')]
    result: dict[str, object] = json.loads(line)  # py-spy prints lines of its own
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="main", help="a git ref or a directory (default main)")
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pool", action="store_true", help="parse in newstui's worker processes")
    parser.add_argument("--profile", help="cProfile this tree's first sync of the warm-up here")
    parser.add_argument("--spy", help="py-spy this tree's warm-up run (every thread) into here")
    args = parser.parse_args()
    trees = {"before": tree_of(args.before), "after": ROOT}
    try:
        with freshrss_bench(args.feeds, args.items, "sync-ab-") as bench:
            server, grow = bench.server, bench.grow
            print(
                f"{args.feeds} feeds x {args.items // args.feeds} items on FreshRSS 1.24.3 (its "
                f"refresh {bench.refresh_s:.1f} s); before = {args.before}, after = "
                f"this tree; parsing {'in the pool' if args.pool else 'on the loop'}; "
                f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
                f"{datetime.now():%Y-%m-%d %H:%M}; load average {os.getloadavg()[0]:.2f}"
            )
            compare(trees, server, grow, args)
    finally:
        if trees["before"] != Path(args.before).resolve():
            shutil.rmtree(trees["before"], ignore_errors=True)


def compare(
    trees: dict[str, Path], server: freshrss.FreshRSS, grow: list[str], args: argparse.Namespace
) -> None:
    """The warm-up runs, then --runs of each tree interleaved, and the table of medians."""
    for name, tree in trees.items():  # warm-up: PHP's caches, the page cache
        after = name == "after"
        child(
            tree,
            server,
            grow,
            args.pool,
            args.profile if after else None,
            args.spy if after else None,
        )
    results: dict[str, list[dict[str, object]]] = {name: [] for name in trees}
    loads = []
    for n in range(args.runs):
        for name in list(trees)[:: 1 if n % 2 == 0 else -1]:  # alternate who goes first
            loads.append(os.getloadavg()[0])
            results[name].append(child(trees[name], server, grow, args.pool, None))
    print(
        "\n| code | sync | wall s | CPU s here | FreshRSS CPU s | requests | new items |\n"
        "|---|---|---|---|---|---|---|"
    )
    for name in trees:
        for k, kind in enumerate(KINDS):
            runs = [r["runs"][k] for r in results[name]]  # type: ignore[index]
            print(
                f"| {name} | {kind} | {median([r['wall'] for r in runs])} | "
                f"{median([r['cpu'] for r in runs])} | "
                f"{median([r['server_cpu'] for r in runs])} | "
                f"{statistics.median(r['requests'] for r in runs):.0f} | "
                f"{statistics.median(r['new'] for r in runs):.0f} |"
            )
    for name in trees:
        rss = [float(r["rss_mb"]) for r in results[name]]  # type: ignore[arg-type]
        print(f"\n{name}: peak RSS of the syncing process {median(rss)} MB", end="")
    print(
        f"\nload average during the runs {min(loads):.2f} - {max(loads):.2f}, at the end "
        f"{os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
