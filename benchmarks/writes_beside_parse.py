"""Provides the write-turn benchmark: a `fetch` round's writes beside a thread that parses.

In a round split over processes each process's loop parses without pause while its writer
thread stores the polls; every SQLite statement gives the GIL up, and the writer must win it
back from the loop while it holds the write lock the other process waits for. This stores
--polls farm polls of 50 headlines (benchmarks/feedfarm.py's text) through
Store.save_poll_counted_async, at most 128 at once as a round's lanes do, with a thread beside
it that runs Python without pause, and prints the wall time a poll (the busy thread takes a
core whatever the writes do, so CPU time says nothing here): the median of --runs fresh
processes for each --code, interleaved (a folder whose `newstui` is put first on PYTHONPATH: a
`git archive` of another commit; "." is this checkout). The GIL switch interval and the
writer's priority are the code's own (feeds/round.py SWITCH_INTERVAL and PARSE_NICE where it
has them).

    python benchmarks/writes_beside_parse.py --code /tmp/main-src --code . [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

POLLS = 200
PARAGRAPH = (
    "The council met on Tuesday to discuss the new plan for the harbour & the old town; "
    "residents said they were \u201ccautiously hopeful\u201d about the changes, which take "
    "effect in spring."
)


def child(polls: int) -> None:
    """One measurement, in this process: prints wall s a poll, as JSON."""
    import asyncio
    import threading
    from datetime import UTC, datetime, timedelta

    from newstui.feeds import round as round_module
    from newstui.models import FeedEntry, SourceConfig
    from newstui.storage.store import Store

    sys.setswitchinterval(getattr(round_module, "SWITCH_INTERVAL", sys.getswitchinterval()))
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    folder = Path(tempfile.mkdtemp(prefix="writes-beside-"))
    store = Store(folder / "news.db")
    configs = [SourceConfig(f"http://127.0.0.2/feed/{n}") for n in range(polls)]
    sources = store.sync_sources(configs, 300)
    batches = [
        [
            FeedEntry(
                guid=f"farm-{n}-{i}",
                title=f"Minister markets storm vote ({n}.{i}) & more",
                link=f"http://127.0.0.2/story/{n}/{i}",
                published=now - timedelta(minutes=7 * i),
                summary="\n\n".join([PARAGRAPH] * 6),
                content_html=f"<p>{PARAGRAPH}</p>" * 6,
            )
            for i in range(50)
        ]
        for n in range(polls)
    ]
    nice = getattr(round_module, "PARSE_NICE", 0)
    if nice:  # as the round does: the writer first, then this thread below it
        store.start_writing()
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + nice)
    stop = threading.Event()

    def parse_like() -> None:  # Python without pause, as a parsing loop is
        while not stop.is_set():
            sum(range(100))

    async def store_all() -> None:
        lanes = asyncio.Semaphore(128)

        async def one(n: int) -> None:
            async with lanes:
                await store.save_poll_counted_async(sources[n], batches[n], now)

        await asyncio.gather(*(one(n) for n in range(polls)))

    busy = threading.Thread(target=parse_like)
    busy.start()
    wall = time.perf_counter()
    try:
        asyncio.run(store_all())
        wall = time.perf_counter() - wall
    finally:
        stop.set()
        busy.join()
    store.close()
    print(json.dumps({"wall": wall / polls}))


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(int(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", action="append", required=True, help="a source folder")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--polls", type=int, default=POLLS)
    args = parser.parse_args()
    samples: dict[str, list[dict[str, float]]] = {code: [] for code in args.code}
    for _ in range(args.runs):
        for code in args.code:
            env = {**os.environ, "PYTHONPATH": str(Path(code).resolve())}
            answer = subprocess.run(
                [sys.executable, __file__, "--child", str(args.polls)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            samples[code].append(json.loads(answer.stdout.splitlines()[-1]))
    load = " ".join(f"{a:.2f}" for a in os.getloadavg())
    print(f"{args.polls} polls of 50 headlines beside a busy thread, median of {args.runs}")
    print(f"load average after: {load}")
    for code, got in samples.items():
        wall = statistics.median(s["wall"] for s in got) * 1000
        walls = ", ".join(f"{s['wall'] * 1000:.2f}" for s in got)
        print(f"{code}: {wall:.2f} ms wall a poll ({walls})")


if __name__ == "__main__":
    main()
