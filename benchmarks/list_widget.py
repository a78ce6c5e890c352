"""Provides the headline list benchmark: fill, CPU per keypress, 50-row prepend and memory.

Run: python benchmarks/list_widget.py [--runs 5] [--sizes 1000,10000,50000] [--keys 200]

Each (size, run) is a fresh subprocess so peak RSS belongs to that size alone. Everything is
headless (Textual's test driver, 120x40) and CPU time (time.process_time) is reported, not wall
time: `pilot.press` waits for idle, about 60 ms of wall time per key whatever the widget.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from key_cost import key_cpu

from newstui.models import Headline

SIZE = (120, 40)
SOURCES = ["Wire", "Daily Planet", "Gazette", "Courier", "Herald", "Chronicle", "Tribune"]
WORDS = [
    *("minister", "markets", "storm", "vote", "league", "talks"),
    *("record", "energy", "court", "launch", "city"),
]


def make_headlines(count: int, start_id: int = 1, newest: datetime | None = None) -> list[Headline]:
    """`count` headlines newest first, three minutes apart (so ~480 a day, day separators)."""
    newest = newest or datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    items = []
    for n in range(count):
        number = start_id + n
        title = " ".join(WORDS[(number * k) % len(WORDS)] for k in range(1, 9)).capitalize()
        items.append(
            Headline(
                id=number,
                source_id=number % len(SOURCES),
                source_name=SOURCES[number % len(SOURCES)],
                guid=f"g{number}",
                title=f"{title} #{number}",
                link=f"http://127.0.0.1/{number}",
                published=newest - timedelta(minutes=3 * n),
                read=number % 3 == 0,
            )
        )
    return items


async def measure(rows: int, keys: int) -> dict[str, Any]:
    from textual.app import App, ComposeResult

    from newstui.ui.widgets.headline_list import HeadlineList

    class Bench(App[None]):
        def compose(self) -> ComposeResult:
            yield HeadlineList(max_rows=rows + 1000)

    headlines = make_headlines(rows, start_id=1000)
    result: dict[str, Any] = {"rows": rows}
    app = Bench()
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        widget.focus()
        await pilot.pause()

        cpu = time.process_time()
        widget.set_headlines(headlines)
        result["fill_call_ms"] = (time.process_time() - cpu) * 1000
        await pilot.pause()
        result["fill_painted_ms"] = (time.process_time() - cpu) * 1000

        # The harness's own cost: a key nothing is bound to still goes through the app.
        base = await key_cpu(pilot, "f12", 20)
        result["unbound_key_ms"] = statistics.median(base) * 1000

        per_key = await key_cpu(pilot, "down", keys)
        result["key_down_ms"] = statistics.median(per_key) * 1000
        result["key_down_p90_ms"] = sorted(per_key)[int(len(per_key) * 0.9)] * 1000
        assert widget.highlighted_index == keys

        # The live insert: 50 headlines newer than everything, reader on the 5th row.
        widget.highlighted_index = 4
        await pilot.pause()
        newer = make_headlines(50, start_id=1, newest=datetime(2026, 11, 27, 16, 0, tzinfo=UTC))
        cpu = time.process_time()
        widget.add_headlines(newer)
        result["add50_call_ms"] = (time.process_time() - cpu) * 1000
        await pilot.pause()
        result["add50_painted_ms"] = (time.process_time() - cpu) * 1000
        assert widget.highlighted_index == 54 and widget.new_count == 50

    tracemalloc.start()
    app = Bench()
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        widget.set_headlines(headlines)
        await pilot.pause()
        result["fill_heap_peak_mb"] = (tracemalloc.get_traced_memory()[1] - before) / 2**20
    tracemalloc.stop()
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(asyncio.run(measure(args.one, args.keys))))
        return

    sizes = [int(size) for size in args.sizes.split(",")]
    columns = [
        ("fill_call_ms", "fill (call) ms"),
        ("fill_painted_ms", "fill+paint ms"),
        ("key_down_ms", "key down ms"),
        ("key_down_p90_ms", "key p90 ms"),
        ("unbound_key_ms", "unbound key ms"),
        ("add50_call_ms", "add 50 (call) ms"),
        ("add50_painted_ms", "add 50+paint ms"),
        ("fill_heap_peak_mb", "fill heap MB"),
        ("peak_rss_mb", "peak RSS MB"),
    ]
    print(f"HeadlineList, headless {SIZE[0]}x{SIZE[1]}, CPU time, median of {args.runs} runs")
    print("| rows | " + " | ".join(label for _, label in columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for size in sizes:
        runs = []
        for _ in range(args.runs):
            output = subprocess.run(
                [sys.executable, str(Path(__file__)), "--one", str(size), "--keys", str(args.keys)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs.append(json.loads(output.strip().splitlines()[-1]))
        cells = [f"{statistics.median(run[key] for run in runs):.2f}" for key, _ in columns]
        print(f"| {size:,} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
