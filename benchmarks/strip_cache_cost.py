"""Provides the strip caches' cost: what the headline list's drawn-row caches hold at their
bounds (traced memory), and what a miss costs (CPU to draw a row again).

A HeadlineList of --rows headlines (benchmarks/list_widget.py's) in each layout at its size,
headless under Textual's Pilot with tracemalloc on from the start; the reader pages down
through the list (--pages) so that every cache fills to its bound; then for each cache the
memory its entries hold (traced memory freed when it is cleared, after a full gc) and its
entries. The CPU of a miss is that of drawing the screen's rows again with the cache empty,
against with it full (process time, median of --runs).

    python benchmarks/strip_cache_cost.py [--rows 5000] [--pages 120] [--runs 7]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from list_widget import make_headlines

CACHES = ("_blocks", "_strips", "_wrapped")


async def measure(layout: str, size: tuple[int, int], args: argparse.Namespace) -> None:
    from textual.app import App, ComposeResult

    from newstui.ui.widgets.headline_list import HeadlineList

    class ListApp(App[None]):
        def compose(self) -> ComposeResult:
            yield HeadlineList(layout=layout, max_rows=args.rows)  # type: ignore[arg-type]

    app = ListApp()
    async with app.run_test(size=size) as pilot:
        lst = app.query_one(HeadlineList)
        lst.set_headlines(make_headlines(args.rows))
        lst.focus()
        await pilot.pause()
        for _ in range(args.pages):
            await pilot.press("pagedown")
        await pilot.pause()
        width = lst.scrollable_content_region.width
        first = lst.line_of(lst.highlighted_index) if lst.highlighted_index >= 0 else 0
        on_screen = range(max(0, lst.highlighted_index - size[1]), lst.highlighted_index + 1)
        print(f"{layout} at {size[0]}x{size[1]} (screen rows from line {first}):")
        for name in CACHES:
            cache = getattr(lst, name)
            entries = len(cache)
            gc.collect()
            before = tracemalloc.get_traced_memory()[0]
            cache.clear()
            gc.collect()
            freed = before - tracemalloc.get_traced_memory()[0]
            per = freed / entries if entries else 0.0
            print(
                f"  {name:9s} {entries:5d} of {cache.maxsize:5d} entries: "
                f"{freed / 2**20:6.2f} MiB ({per / 1024:5.2f} KiB an entry)"
            )
        tracemalloc.stop()
        cold, warm = [], []
        for _ in range(args.runs):
            lst._blocks.clear()
            lst._wrapped.clear()
            started = time.process_time()
            for index in on_screen:
                lst._block(index, width)
            cold.append(time.process_time() - started)
            started = time.process_time()
            for index in on_screen:
                lst._block(index, width)
            warm.append(time.process_time() - started)
        rows = len(on_screen)
        print(
            f"  a screen's {rows} rows drawn anew: {statistics.median(cold) * 1000:.2f} ms "
            f"({statistics.median(cold) / rows * 1e6:.0f} us a row), from the cache "
            f"{statistics.median(warm) * 1000:.3f} ms (median of {args.runs})"
        )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--rows", type=int, default=5000)
    p.add_argument("--pages", type=int, default=120)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--layouts", default="compact@100x40,newsline@80x40")
    args = p.parse_args()
    for spec in args.layouts.split(","):
        layout, size = spec.split("@")
        columns, lines = (int(n) for n in size.split("x"))
        tracemalloc.start()
        asyncio.run(measure(layout, (columns, lines), args))


if __name__ == "__main__":
    main()
