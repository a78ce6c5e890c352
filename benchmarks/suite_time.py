"""Provides the test suite's time as CI meets it: the README's test command (`pytest`) in a fresh
copy of this checkout's HEAD (`git archive`: no mypy, ruff or pytest caches, as CI's fresh clone)
and, with --before REV, of an older commit, runs interleaved so that the machine's load hits both
alike.

Prints per run the wall seconds, the CPU seconds (user + sys of pytest and of the processes it
waited for: its xdist workers, `newstui` commands, mypy; not tmux servers or the FreshRSS `php`,
which it does not wait for), the counts of pytest's last line, and the load average before and
after; then medians. Each run's output (with the 20 slowest tests) is kept in the folder printed.

Both trees import the package from themselves in the pytest process, but the `newstui` commands
the e2e tests start are the ones installed in the active virtual environment: compare trees whose
`newstui/` is the same (the script warns when it is not), or install each in turn.

    python benchmarks/suite_time.py [--before REV] [--runs 1] [--pytest-args "-n0"]

`--pytest-args` is added to the README's command in both trees (say `-n0` for one process).
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def tree_of(ref: str, into: Path) -> Path:
    """`git archive` of `ref` in `into/<ref>`, beside a link to the shared folder (the corpus and
    FreshRSS are found at `../shared` from a checkout)."""
    folder = into / ref.replace("/", "_")
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    link = into / "shared"
    if not link.exists() and SHARED.exists():
        link.symlink_to(SHARED.resolve())
    return folder


def last_line(output: str) -> str:
    lines = [line.strip("= ") for line in output.splitlines() if line.startswith("=")]
    return lines[-1] if lines else "(no summary line)"


def run_suite(tree: Path, extra: list[str], log: Path) -> dict[str, object]:
    """One run of `pytest` in `tree`: wall and CPU seconds, the summary line, the load."""
    pytest = Path(sys.executable).parent / "pytest"
    load_before = os.getloadavg()[0]
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run(
        [str(pytest), "--durations=20", *extra],
        cwd=tree,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    wall = time.monotonic() - start
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    log.write_text(done.stdout)
    return {
        "wall": wall,
        "cpu": cpu,
        "exit": done.returncode,
        "summary": last_line(done.stdout),
        "load": (load_before, os.getloadavg()[0]),
        "log": log,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", help="an older commit to run interleaved with HEAD")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--pytest-args", default="", help="added to `pytest` in both trees")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="suite-time-"))
    trees = {"HEAD": tree_of("HEAD", folder)}
    if args.before:
        trees = {args.before: tree_of(args.before, folder), **trees}
        differs = subprocess.run(
            ["git", "-C", str(ROOT), "diff", "--quiet", args.before, "HEAD", "--", "newstui"]
        ).returncode
        if differs:
            print(
                f"warning: newstui/ differs between {args.before} and HEAD; the e2e tests run "
                "the installed one in both",
                file=sys.stderr,
            )
    extra = shlex.split(args.pytest_args)
    print(f"trees and logs in {folder}; pytest {' '.join(extra)} (README's command)", flush=True)
    results: dict[str, list[dict[str, object]]] = {name: [] for name in trees}
    for n in range(args.runs):
        for name, tree in trees.items():
            found = run_suite(tree, extra, folder / f"{name.replace('/', '_')}-{n + 1}.log")
            results[name].append(found)
            load = found["load"]
            print(
                f"{name:>10} run {n + 1}: {found['wall']:7.1f} s wall, {found['cpu']:7.1f} s CPU, "
                f"exit {found['exit']}, {found['summary']}; load {load[0]:.2f} -> {load[1]:.2f}"
                f" ({found['log']})",
                flush=True,
            )
    for name, runs in results.items():
        wall = statistics.median(float(r["wall"]) for r in runs)  # type: ignore[arg-type]
        cpu = statistics.median(float(r["cpu"]) for r in runs)  # type: ignore[arg-type]
        print(f"{name:>10} median of {len(runs)}: {wall:7.1f} s wall, {cpu:7.1f} s CPU")


if __name__ == "__main__":
    main()
