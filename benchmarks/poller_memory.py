"""Provides the in-process poller's memory benchmark: a cold round of every source due at once
through `Poller.run` in one process (the ticker's poller on its network thread when it polls in
its own process, NewsApp(poll_process=False), with the ticker's default parse), to its peak RSS.

Each run is a fresh process (`--child`) with an empty database of --feeds sources on the local
feed farm (benchmarks/feedfarm.py, 20 ms latency, --hosts loopback addresses); it runs
`Poller.run` until every source has been polled once and prints its peak RSS (VmHWM), its parse
workers' peak RSS summed (they live in the same process tree), CPU seconds (user + sys, its
children included) and wall seconds. With --also DIR (a `git archive` of another commit), the
runs of that code take turns with these on the same farm (A B A B ...): compare within one call.

    python benchmarks/poller_memory.py [--feeds 5000] [--items 20] [--hosts 500] [--runs 2]
        [--also DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from feedfarm import FeedFarm

HERE = Path(__file__).resolve().parent.parent


def _hwm_kib(pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


async def _round(db: Path, urls: list[str]) -> dict[str, float]:
    from newstui.feeds.poller import Poller, PollListener, PollOutcome
    from newstui.models import SourceConfig
    from newstui.net.fetch import Fetcher
    from newstui.net.process_pool import process_pool, shutdown_pool
    from newstui.storage.store import Store

    store = Store(db)
    store.sync_sources([SourceConfig(u) for u in urls], 3600)
    done = asyncio.Event()
    workers_kib: dict[int, int] = {}

    class Count(PollListener):
        finished = 0

        def poll_finished(self, outcome: PollOutcome) -> None:
            self.finished += 1
            if self.finished == len(urls):
                done.set()

    async def sample_workers() -> None:
        while True:  # the workers' own peaks, read while they live
            for pid in list(getattr(process_pool(), "_processes", {}) or {}):
                with contextlib.suppress(OSError):
                    workers_kib[pid] = _hwm_kib(pid)
            await asyncio.sleep(0.5)

    start = time.monotonic()
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, jitter=0, listener=Count())
        running = asyncio.create_task(poller.run())
        sampling = asyncio.create_task(sample_workers())
        await done.wait()
        wall = time.monotonic() - start
        for task in (running, sampling):
            task.cancel()
        await asyncio.gather(running, sampling, return_exceptions=True)
    headlines = store.counts().total
    store.close()
    shutdown_pool(wait=True)
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return {
        "rss_mb": _hwm_kib() / 1024,
        "workers_mb": sum(workers_kib.values()) / 1024,
        "cpu_s": sum(u.ru_utime + u.ru_stime for u in usage),
        "wall_s": wall,
        "headlines": headlines,
    }


def _one(code: Path | None, urls: Path) -> dict[str, float]:
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(Path(tmp) / "news.db"), str(urls)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    result: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return result


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        urls = json.loads(Path(sys.argv[3]).read_text())
        print(json.dumps(asyncio.run(_round(Path(sys.argv[2]), urls))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=5000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--hosts", type=int, default=500)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--also", type=Path, help="a source folder of other code to compare")
    args = parser.parse_args()
    codes: list[Path | None] = [HERE] + ([args.also.resolve()] if args.also else [])
    samples: dict[str, list[dict[str, float]]] = {str(c): [] for c in codes}
    load = os.getloadavg()
    with FeedFarm(feeds=args.feeds, items=args.items, delay=0.02, hosts=args.hosts) as farm:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as listing:
            json.dump(farm.urls, listing)
        try:
            for _ in range(args.runs):
                for code in codes:
                    samples[str(code)].append(_one(code, Path(listing.name)))
        finally:
            os.unlink(listing.name)
    print(
        f"{args.feeds} feeds x {args.items} items, {args.hosts} hosts, 20 ms; "
        f"median of {args.runs} interleaved runs; load before {load}, after {os.getloadavg()}"
    )
    print("| code | peak RSS MB (poller) | workers MB | CPU s | wall s | headlines |")
    print("|---|---|---|---|---|---|")
    for code, runs in samples.items():
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(
            f"| {code} | {med['rss_mb']:.0f} | {med['workers_mb']:.0f} | {med['cpu_s']:.1f} | "
            f"{med['wall_s']:.1f} | {med['headlines']:.0f} |"
        )
        shown = [(round(r["rss_mb"]), round(r["cpu_s"], 1)) for r in runs]
        print(f"  samples (RSS MB, CPU s): {shown}")


if __name__ == "__main__":
    main()
