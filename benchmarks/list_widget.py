"""Provides the headline list benchmark: fill, CPU per keypress, 50-row prepend, resize, memory.

Run: python benchmarks/list_widget.py [--runs 5] [--sizes 1000,10000,50000] [--keys 200]
         [--layouts compact@120x40,newsline@60x40] [--before DIR]

Each (layout, size, run) is a fresh subprocess so peak RSS belongs to it alone. Everything is
headless (Textual's test driver) and CPU time (time.process_time) is reported, not wall time:
`pilot.press` waits for idle, about 60 ms of wall time per key whatever the widget. Layouts are
LAYOUT@COLUMNSxROWS: News line at 60 columns wraps most titles (the costly case), compact at 120
is the one-row list. `--before DIR` adds the same runs of another checkout's `newstui` package
(e.g. `git archive REV newstui | tar -x -C DIR`), in its default layout, interleaved with ours.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
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

DEFAULT_LAYOUTS = "compact@120x40,newsline@60x40"
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


async def measure(rows: int, keys: int, layout: str, size: tuple[int, int]) -> dict[str, Any]:
    from textual.app import App, ComposeResult

    from newstui.ui.widgets.headline_list import HeadlineList

    options: dict[str, Any] = {"max_rows": rows + 1000}
    if layout != "default":  # code from before the layouts takes no such argument
        options["layout"] = layout

    class Bench(App[None]):
        def compose(self) -> ComposeResult:
            yield HeadlineList(**options)

    headlines = make_headlines(rows, start_id=1000)
    result: dict[str, Any] = {"rows": rows}
    app = Bench()
    async with app.run_test(size=size) as pilot:
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
        per_page = await key_cpu(pilot, "pagedown", 20)
        result["page_down_ms"] = statistics.median(per_page) * 1000

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

        # A resize: News line rewraps what is on screen and near it, never every title.
        cpu = time.process_time()
        await pilot.resize_terminal(size[0] + 17, size[1])
        result["resize_ms"] = (time.process_time() - cpu) * 1000

    tracemalloc.start()
    app = Bench()
    async with app.run_test(size=size) as pilot:
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
    parser.add_argument("--layouts", default=DEFAULT_LAYOUTS, help="LAYOUT@COLSxROWS,...")
    parser.add_argument("--before", type=Path, help="another checkout's code, run alongside")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--layout", default="default", help=argparse.SUPPRESS)
    parser.add_argument("--size", default="120x40", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        width, height = (int(n) for n in args.size.split("x"))
        result = asyncio.run(measure(args.one, args.keys, args.layout, (width, height)))
        print(json.dumps(result))
        return

    sizes = [int(size) for size in args.sizes.split(",")]
    configs = []  # (label, layout, size, code)
    for spec in args.layouts.split(","):
        layout, size = spec.split("@")
        configs.append((f"{layout} {size}", layout, size, None))
        if args.before:
            configs.append((f"before {size}", "default", size, args.before))
    columns = [
        ("fill_call_ms", "fill (call) ms"),
        ("fill_painted_ms", "fill+paint ms"),
        ("key_down_ms", "key down ms"),
        ("key_down_p90_ms", "key p90 ms"),
        ("page_down_ms", "page down ms"),
        ("unbound_key_ms", "unbound key ms"),
        ("add50_call_ms", "add 50 (call) ms"),
        ("add50_painted_ms", "add 50+paint ms"),
        ("resize_ms", "resize ms"),
        ("fill_heap_peak_mb", "fill heap MB"),
        ("peak_rss_mb", "peak RSS MB"),
    ]
    print(f"HeadlineList, headless, CPU time, median of {args.runs} runs")
    print("| code, layout | rows | " + " | ".join(label for _, label in columns) + " |")
    print("|---" * (len(columns) + 2) + "|")
    for size in sizes:
        runs: dict[str, list[dict[str, Any]]] = {label: [] for label, *_ in configs}
        for _ in range(args.runs):  # interleaved: the machine's load falls on every config
            for label, layout, screen, code in configs:
                env = dict(os.environ)
                if code is not None:
                    env["PYTHONPATH"] = str(code)
                command = [sys.executable, str(Path(__file__)), "--one", str(size)]
                command += ["--keys", str(args.keys), "--layout", layout, "--size", screen]
                output = subprocess.run(
                    command, check=True, capture_output=True, text=True, env=env
                ).stdout
                runs[label].append(json.loads(output.strip().splitlines()[-1]))
        for label, results in runs.items():
            cells = [f"{statistics.median(run[key] for run in results):.2f}" for key, _ in columns]
            print(f"| {label} | {size:,} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
