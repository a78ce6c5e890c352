"""Provides one benchmark run of syncs for benchmarks/sync_ab.py, in a process of its own so that
the code measured is whichever newstui PYTHONPATH names (this tree's or an older one's).

A new database on disk, the Syncer that `fetch` and the ticker use, then: the first sync, a sync
with nothing new, and (with --grow URLs, fetched between) a sync after a few new items. Prints one
JSON object: per sync its wall and CPU seconds (this process: the loop and the store's writer
thread; not the parse workers), the FreshRSS process's CPU seconds, requests and new items; and
the process's peak RSS. Only the API of Syncer that every version since issue 14 has is used.

    PYTHONPATH=TREE python benchmarks/sync_child.py URL USER PID [--pool] [--grow URL]...
    (the password in NEWSTUI_SYNC_PASSWORD)
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path
from urllib.request import ProxyHandler, build_opener

from newstui.config.sync import Secret, SyncConfig
from newstui.net.fetch import Fetcher
from newstui.net.process_pool import process_pool, shutdown_pool
from newstui.storage.store import Store
from newstui.sync.syncer import Syncer


def php_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def local(url: str) -> None:
    """A GET to 127.0.0.1 (never through an environment proxy)."""
    with build_opener(ProxyHandler({})).open(url, timeout=120) as answer:
        answer.read()


async def timed(syncer: Syncer, pid: int, profile: cProfile.Profile | None) -> dict[str, float]:
    cpu, server_cpu, start = time.process_time(), php_cpu(pid), time.perf_counter()
    if profile is not None:
        profile.enable()
    result = await syncer.sync()
    if profile is not None:
        profile.disable()
    if result.error is not None:
        raise SystemExit(f"sync failed: {result.error}")
    return {
        "wall": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "server_cpu": php_cpu(pid) - server_cpu,
        "requests": result.report.requests,
        "new": result.report.new_items,
    }


async def syncs(args: argparse.Namespace) -> list[dict[str, float]]:
    folder = Path(tempfile.mkdtemp(prefix="sync-ab-db-"))
    store = Store(folder / "news.db")
    profile = cProfile.Profile() if args.profile else None
    try:
        async with Fetcher() as fetcher:
            syncer = Syncer(
                store,
                SyncConfig(url=args.url, user=args.user),
                Secret(os.environ["NEWSTUI_SYNC_PASSWORD"]),
                fetcher,
                refresh=300.0,
                keep_days=3650.0,
                parse_executor=process_pool() if args.pool else None,
            )
            runs = [await timed(syncer, args.pid, profile)]
            if profile is not None:
                profile.dump_stats(args.profile)
                profile = None
            runs.append(await timed(syncer, args.pid, None))
            for url in args.grow:
                local(url)
            if args.grow:
                runs.append(await timed(syncer, args.pid, None))
            return runs
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("user")
    parser.add_argument("pid", type=int)
    parser.add_argument("--pool", action="store_true")
    parser.add_argument("--grow", action="append", default=[])
    parser.add_argument("--profile", help="cProfile the first sync (the loop) into this file")
    args = parser.parse_args()
    try:
        runs = asyncio.run(syncs(args))
    finally:
        shutdown_pool()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"runs": runs, "rss_mb": rss}))


if __name__ == "__main__":
    main()
