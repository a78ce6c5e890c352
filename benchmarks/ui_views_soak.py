"""Provides the views soak: the real ticker (NewsApp under Pilot, as benchmarks/ui_soak.py runs
it) put through one of a reader's round trips many times, to show that none of them leaves
memory behind.

A round trip (--kind): "article" opens the highlighted headline in the reading pane (its page
fetched from the demo newsroom on 127.0.0.1), waits for it and closes it, then moves down a
row; "search" types a word, waits for the list, clears it; "resize" changes the terminal's
size to another of four and back; "sources" opens the sources view and closes it; "all" does
each in turn. The newsroom's clock runs --speed times the wall's (slow by default: a little
news flows in, as in a real ticker, without filling the list).

Every --every trips it prints the UI process's RSS after a full gc.collect, Python's allocated
blocks, SQLite's and malloc's heaps, and (--types) the gc-tracked objects grown since the
first sample after --warmup trips, by type. The verdict: blocks and MB per 100 trips after the
warm-up (least squares).

    python benchmarks/ui_views_soak.py [--kind all] [--trips 400] [--every 50]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import multiprocessing
import sys
import time
from collections import Counter
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ui_soak import WORDS, c_heaps, cache_sizes, fit, newsroom_child, rss_mib  # noqa: E402

from newstui.config.schema import Config  # noqa: E402
from newstui.models import SourceConfig  # noqa: E402
from newstui.storage.store import Store  # noqa: E402

SIZES = ((100, 40), (80, 30), (140, 50), (60, 24))
KINDS = ("article", "search", "resize", "sources")


async def trip(pilot: object, kind: str, turn: int, size: tuple[int, int]) -> None:
    """One round trip of `kind`."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    if kind == "article":
        await pilot.press("enter")
        await asyncio.sleep(0.3)  # the page fetched, extracted and drawn
        await pilot.press("escape", "j")
    elif kind == "search":
        await pilot.press("slash", *WORDS[turn % len(WORDS)], "enter")
        await asyncio.sleep(0.2)
        await pilot.press("escape", "escape")
    elif kind == "resize":
        await pilot.resize_terminal(*SIZES[1 + turn % (len(SIZES) - 1)])
        await pilot.pause(0.05)
        await pilot.resize_terminal(*size)
    elif kind == "sources":
        await pilot.press("S")
        await asyncio.sleep(0.2)
        await pilot.press("escape")
    await pilot.pause(0.05)


async def soak(args: argparse.Namespace, db: Path, sources: list[SourceConfig]) -> None:
    from textual.widget import Widget

    from newstui.ui.app import NewsApp

    config = Config(sources=tuple(sources), refresh=5.0)
    store = Store(db)
    app = NewsApp(config, store, title="newstui views soak", poll_process=True)
    kinds = KINDS if args.kind == "all" else (args.kind,)
    size = SIZES[0]
    rss_points: list[tuple[int, float]] = []
    block_points: list[tuple[int, float]] = []
    base: Counter[str] | None = None
    base_caches: Counter[str] | None = None
    started = time.monotonic()
    try:
        async with app.run_test(size=size) as pilot:
            await asyncio.sleep(3)  # the first poll's headlines in
            for done in range(args.trips + 1):
                if done % args.every == 0:
                    gc.collect()
                    rss, blocks = rss_mib(), sys.getallocatedblocks()
                    rss_points.append((done, rss))
                    block_points.append((done, blocks / 1000))
                    sqlite, malloc = c_heaps()
                    nodes = sum(len(screen.query("*")) + 1 for screen in app.screen_stack)
                    alive = Counter(
                        type(o).__name__ for o in gc.get_objects() if isinstance(o, Widget)
                    )
                    print(
                        f"{done:5d} trips {time.monotonic() - started:5.0f} s  RSS {rss:6.1f}"
                        f"  sqlite {sqlite:5.1f}  malloc {malloc:6.1f} MiB"
                        f"  blocks {blocks / 1000:6.0f} k  widgets {nodes} in the DOM,"
                        f" {alive.total()} alive",
                        flush=True,
                    )
                    if args.types:
                        print("   widgets alive:", alive.most_common(args.top), flush=True)
                    if args.types:
                        counts = Counter(type(o).__qualname__ for o in gc.get_objects())
                        if base is None or done < args.warmup:
                            base = counts
                        else:
                            grown = (counts - base).most_common(args.top)
                            print("   objects grown since the warm-up:", grown, flush=True)
                    if args.caches:
                        caches = cache_sizes()
                        if base_caches is None or done < args.warmup:
                            base_caches = caches
                        change = {k: (caches[k] - base_caches[k], caches[k]) for k in caches}
                        top = sorted(change.items(), key=lambda kv: -kv[1][0])[: args.top]
                        print("   cache entries grown (grown, now):", top, flush=True)
                if done < args.trips:
                    await trip(pilot, kinds[done % len(kinds)], done // len(kinds), size)
    finally:
        store.close()
    warm_rss = [(x, y) for x, y in rss_points if x >= args.warmup]
    warm_blocks = [(x, y) for x, y in block_points if x >= args.warmup]
    print(
        f"\n{args.kind}, after the warm-up ({args.warmup} trips): "
        f"{fit(warm_rss) / 10:+.3f} MB and {fit(warm_blocks) / 10:+.2f} k blocks per 100 trips "
        f"(least squares over {len(warm_rss)} samples); RSS {warm_rss[0][1]:.1f} -> "
        f"{warm_rss[-1][1]:.1f} MiB"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--kind", choices=(*KINDS, "all"), default="all")
    p.add_argument("--trips", type=int, default=400)
    p.add_argument("--every", type=int, default=50, help="sample every N trips")
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--interval", type=float, default=4.0, help="simulated s between headlines")
    p.add_argument("--speed", type=float, default=4.0, help="simulated s per wall s")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--types", action="store_true", help="growth of gc-tracked objects by type")
    p.add_argument("--caches", action="store_true", help="entries of every cache, grown")
    p.add_argument("--top", type=int, default=8)
    args = p.parse_args()
    span = 3600.0  # the newsroom serves for at most an hour of wall time
    ctx = multiprocessing.get_context("fork")
    ours, theirs = ctx.Pipe()
    child = ctx.Process(
        target=newsroom_child, args=(theirs, args.seed, args.interval, args.speed, span)
    )
    child.start()
    try:
        sources = [SourceConfig(url=u, name=n, refresh=5.0, tags=t) for u, n, t in ours.recv()]
        with TemporaryDirectory(prefix="days7-views-") as folder:
            asyncio.run(soak(args, Path(folder) / "ui.db", sources))
    finally:
        ours.send("stop")
        child.join(10)
        if child.is_alive():
            child.kill()


if __name__ == "__main__":
    main()
