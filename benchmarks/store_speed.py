"""Provides the storing benchmark: CPU to store a cold round's parsed feeds through the Store.

Parses --feeds farm feeds of --items items (benchmarks/feedfarm.py's documents, every id its own)
once, then stores them into a new database through Store.save_poll_counted_async, one poll job
every --pace seconds as a `fetch` round queues them (the writer groups what is queued into one
transaction), and prints the process's CPU seconds for the storing alone (the writer thread
included), the median of --runs runs, each on a new file. The parsing is not timed.

    python benchmarks/store_speed.py [--feeds 200] [--items 50] [--pace 0.005] [--runs 3]

Same-run comparison with older code: run it by each code's Python (each venv's newstui), or
`PYTHONPATH=DIR python benchmarks/store_speed.py` with DIR a `git archive` of the older commit.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import statistics
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from feedfarm import feed_body

from newstui.feeds.parse import parse_feed
from newstui.models import ParsedFeed, SourceConfig, SourceStatus
from newstui.storage.store import Store


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def store_once(parsed: list[ParsedFeed], pace: float) -> tuple[float, int]:
    """CPU seconds to store every parsed feed into a new file, and the headlines stored."""
    folder = Path(tempfile.mkdtemp(prefix="newstui-store-speed-"))
    try:
        store = Store(folder / "newstui.db")
        urls = [f"http://127.0.0.1/feed/{n}" for n in range(len(parsed))]
        sources = store.sync_sources([SourceConfig(url) for url in urls], 300)

        async def round_() -> int:
            jobs = []
            for source, feed in zip(sources, parsed, strict=True):
                state = replace(source, last_status=SourceStatus.OK)
                jobs.append(
                    asyncio.ensure_future(store.save_poll_counted_async(state, feed.entries))
                )
                await asyncio.sleep(pace)
            return sum(await asyncio.gather(*jobs))

        start = cpu()
        stored = asyncio.run(round_())
        store.close()
        return cpu() - start, stored
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--pace", type=float, default=0.005, help="seconds between poll jobs")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    newest = datetime(2026, 11, 30, tzinfo=UTC)
    parsed = [
        parse_feed(feed_body(n, args.items, "127.0.0.1", newest), url=f"http://127.0.0.1/feed/{n}")
        for n in range(args.feeds)
    ]
    store_once(parsed[:5], 0)  # warm-up: imports, the first file's creation
    runs = [store_once(parsed, args.pace) for _ in range(args.runs)]
    spent = [s for s, _ in runs]
    print(
        f"stored {runs[0][1]} headlines of {args.feeds} feeds: {statistics.median(spent):.3f} s "
        f"CPU (median of {args.runs}: {', '.join(f'{s:.3f}' for s in spent)}); "
        f"load {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
