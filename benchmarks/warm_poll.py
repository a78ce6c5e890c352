"""Provides the warm-poll benchmark: `newstui fetch -q` when every feed answers 304, A/B.

The same feed farm and measures as benchmarks/newsboat_compare.py (wall, CPU of the whole
process tree by os.wait4, peak RSS), but only the warm round: each program (--newstui and each
--also) does one cold round into its own database, unmeasured, then --runs warm rounds each,
interleaved program by program so that drift spreads over all of them. The load average is
printed beside every sample (the machine may be shared). Medians at the end.

    python benchmarks/warm_poll.py [--runs 7] [--feeds 500] [--items 50] [--hosts 50]
        [--delay 0.02] [--newstui PATH] [--also PATH ...]

5,000 sources: `--feeds 5000 --items 20 --hosts 500`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import newsboat_compare as nc
from feedfarm import FeedFarm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.02)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--newstui", default=nc.NEWSTUI, help="the newstui executable")
    parser.add_argument(
        "--also",
        type=Path,
        action="append",
        default=[],
        help="another newstui executable (or source folder) to compare, interleaved",
    )
    args = parser.parse_args()
    nc.NEWSTUI = args.newstui
    with (
        FeedFarm(args.feeds, args.items, args.delay, args.hosts) as farm,
        tempfile.TemporaryDirectory(prefix="warm-poll-") as tmp,
    ):
        root = Path(tmp)
        programs = [nc.Newstui(farm.urls, root)]
        programs += [nc.Newstui(farm.urls, root, code.resolve()) for code in args.also]
        for program in programs:
            program.name = args.newstui if program.code is None else str(program.code)
            nc.measure(program, cold=True)  # fills its database; then a warm-up round
            nc.measure(program, cold=False)
        samples: dict[str, list[tuple[nc.Sample, float]]] = {p.name: [] for p in programs}
        for _ in range(args.runs):
            for program in programs:
                load = os.getloadavg()[0]
                samples[program.name].append((nc.measure(program, cold=False), load))
    print(
        f"warm `fetch -q` (every answer 304): {args.feeds} feeds x {args.items} items over "
        f"{min(args.hosts, args.feeds)} loopback hosts, {args.delay * 1000:.0f} ms latency, "
        f"{args.runs} interleaved runs, {os.cpu_count()} CPUs, {datetime.now():%Y-%m-%d %H:%M}"
    )
    print("| program | wall s, median (range) | CPU s, median (range) | peak RSS MB | load |")
    print("|---|---|---|---|---|")
    for name, got in samples.items():
        wall = [s.wall for s, _ in got]
        cpu = [s.cpu for s, _ in got]
        loads = [load for _, load in got]
        print(
            f"| {name} | {statistics.median(wall):.3f} ({min(wall):.2f}-{max(wall):.2f}) | "
            f"{statistics.median(cpu):.3f} ({min(cpu):.2f}-{max(cpu):.2f}) | "
            f"{statistics.median(s.rss_mb for s, _ in got):.0f} | "
            f"{min(loads):.1f}-{max(loads):.1f} |"
        )
    print("Samples (wall s, CPU s, load):")
    for name, got in samples.items():
        print(f"- {name}: " + " ".join(f"({s.wall:.2f}, {s.cpu:.2f}, {lo:.1f})" for s, lo in got))


if __name__ == "__main__":
    main()
