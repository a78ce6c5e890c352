"""Provides the fetch benchmark: 500 feeds from a local server through one Fetcher, by pool size.

A real HTTP server on 127.0.0.1 runs in a child process (so its threads do not share this
process's GIL or CPU clock) and serves --feeds RSS documents of ~94 KiB, each after --delay
seconds. For each max_connections in --connections, one Fetcher (max_per_host raised to the same
number: every feed here is on one host) fetches all feeds concurrently; wall time and this
process's CPU time are the medians of --runs runs, interleaved, after one warm-up run.

    python benchmarks/fetch_speed.py [--runs 3] [--connections 10 16 20] [--baseline]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newstui.net.fetch import Fetcher, FetchLimits  # noqa: E402
from tests.feeds import Item, rss  # noqa: E402
from tests.server import FeedServer  # noqa: E402


def feed_body(n: int) -> bytes:
    items = [
        Item(
            title=f"Feed {n} headline {i}: something happened somewhere today",
            link=f"http://127.0.0.1/{n}/{i}",
            guid=f"{n}-{i}",
            published=datetime(2026, 1, 1, 12, i % 60, tzinfo=UTC),
            summary="Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 30,
        )
        for i in range(50)
    ]
    return rss(items, title=f"Feed {n}")


def serve(feeds: int, delay: float, ready: multiprocessing.Queue[int]) -> None:
    server = FeedServer()
    server.httpd.request_queue_size = 128  # the default 5 would drop connects under load
    body = feed_body(0)
    for n in range(feeds):
        server.route(f"/feed/{n}", body, delay=delay)
    server.start()
    ready.put(server.port)
    while True:
        time.sleep(3600)


async def fetch_all(port: int, feeds: int, connections: int) -> int:
    limits = FetchLimits(max_connections=connections, max_per_host=connections)
    async with Fetcher(limits) as fetcher:
        urls = [f"http://127.0.0.1:{port}/feed/{n}" for n in range(feeds)]
        results = await asyncio.gather(*(fetcher.fetch(u) for u in urls))
    return sum(r.ok for r in results)


async def fetch_all_plain_httpx(port: int, feeds: int, connections: int) -> int:
    """The baseline: a bare httpx client with the same pool, no caps, checks or semaphores."""
    import httpx

    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, trust_env=False) as client:

        async def one(url: str) -> bool:
            response = await client.get(url)
            return response.status_code == 200 and bool(response.content)

        urls = [f"http://127.0.0.1:{port}/feed/{n}" for n in range(feeds)]
        return sum(await asyncio.gather(*(one(u) for u in urls)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--delay", type=float, default=0.02)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, nargs="+", default=[10, 16, 20])
    parser.add_argument("--baseline", action="store_true", help="also time a bare httpx client")
    args = parser.parse_args()

    ready: multiprocessing.Queue[int] = multiprocessing.Queue()
    child = multiprocessing.Process(target=serve, args=(args.feeds, args.delay, ready), daemon=True)
    child.start()
    try:
        port = ready.get(timeout=60)
        size = len(feed_body(0))
        print(
            f"{args.feeds} feeds of {size / 1024:.0f} KiB, {args.delay * 1000:.0f} ms delay, "
            f"median of {args.runs} interleaved runs; Python {platform.python_version()}, "
            f"{os.cpu_count()} CPUs, {datetime.now().date()}"
        )
        kinds = {"Fetcher": fetch_all}
        if args.baseline:
            kinds["bare httpx"] = fetch_all_plain_httpx
        settings = [(kind, c) for c in args.connections for kind in kinds]
        walls: dict[tuple[str, int], list[float]] = {k: [] for k in settings}
        cpus: dict[tuple[str, int], list[float]] = {k: [] for k in settings}
        oks: dict[tuple[str, int], int] = {}
        asyncio.run(fetch_all(port, args.feeds, max(args.connections)))  # warm the server up
        # Interleaved, so that drift (the other process, the CPU clock) spreads over every setting.
        for _ in range(args.runs):
            for kind, connections in settings:
                wall0, cpu0 = time.perf_counter(), time.process_time()
                oks[kind, connections] = asyncio.run(kinds[kind](port, args.feeds, connections))
                walls[kind, connections].append(time.perf_counter() - wall0)
                cpus[kind, connections].append(time.process_time() - cpu0)
        print("| client | max_connections | wall s | CPU s | ok |")
        print("|---|---|---|---|---|")
        for kind, connections in settings:
            print(
                f"| {kind} | {connections} | {statistics.median(walls[kind, connections]):.2f} | "
                f"{statistics.median(cpus[kind, connections]):.2f} | "
                f"{oks[kind, connections]}/{args.feeds} |"
            )
    finally:
        child.terminate()
        child.join(5)


if __name__ == "__main__":
    main()
