"""Provides the search benchmark: FTS5 filter queries over 50,000 stored headlines (or N).

Headlines are stored as polls store them: 20 a source at a time, oldest first, so that row ids
follow the dates as in a database filled over time. Each query is timed as the list reads it
(Store.headlines and Store.stories, a page of 1000), median of 7, wall and CPU.

    python benchmarks/search_speed.py [N]     # issue 18: N = 500000
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newstui.feeds.stories import StoryPlacer
from newstui.models import FeedEntry, HeadlineQuery, SourceConfig
from newstui.storage.store import Store

POLL = 20
"""Headlines a source's poll brings."""
WORDS = [
    "election",
    "minister",
    "storm",
    "market",
    "rally",
    "court",
    "vaccine",
    "climate",
    "summit",
    "border",
    "trade",
    "energy",
    "strike",
    "budget",
    "police",
    "football",
    "flood",
    "bank",
    "health",
    "school",
    "rocket",
    "tariff",
    "ceasefire",
]


def build(path: Path, n: int, rng: random.Random) -> Store:
    store = Store(path)
    sources = store.sync_sources([SourceConfig(f"http://127.0.0.1/{i}") for i in range(50)], 300)
    now = datetime(2026, 11, 27, tzinfo=UTC)
    per = n // len(sources)
    dates = {src.id: sorted(rng.randrange(60 * 24 * 30) for _ in range(per)) for src in sources}
    for start in range(per - POLL, -POLL, -POLL):  # oldest poll first
        for src in sources:
            entries = [
                FeedEntry(
                    guid=f"{src.id}-{k}",
                    title=" ".join(rng.choices(WORDS, k=8)) + f" {k}",
                    link=None,
                    published=now - timedelta(minutes=dates[src.id][k]),
                    summary=" ".join(rng.choices(WORDS, k=40)),
                )
                for k in range(max(0, start), start + POLL)
            ]
            store.save_poll(src, entries, now)
    StoryPlacer().place_all(store)
    return store


def timed(fn: object, runs: int = 7) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `runs` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        store = build(Path(folder) / "b.db", n, rng)
        print(f"ingest {n} headlines: {time.perf_counter() - start:.1f} s")
        if hasattr(store, "index_search"):  # code that indexes after the writes (schema 16)
            start, cpu = time.perf_counter(), time.process_time()
            store.index_search()  # what the first search would do: not in its timings
            took = f"{time.perf_counter() - start:.1f} s ({time.process_time() - cpu:.1f} s CPU)"
            print(f"search index caught up: {took}")
        cases = {
            "all, first page": HeadlineQuery(),
            "search common word": HeadlineQuery(search="election"),
            "search two words": HeadlineQuery(search="storm bank"),
            "search prefix 'cea'": HeadlineQuery(search="cea"),
            "search rare (number)": HeadlineQuery(search="977"),
            "search no match": HeadlineQuery(search="zzzz"),
            "unread + search": HeadlineQuery(unread_only=True, search="flood"),
            "tag-less source + search": HeadlineQuery(source_id=3, search="market"),
        }
        print(f"{'query':28} {'headlines wall/CPU ms':>22} {'stories wall/CPU ms':>22}")
        for label, query in cases.items():
            flat = timed(lambda query=query: store.headlines(query, limit=1000))
            grouped = timed(lambda query=query: store.stories(query, limit=1000))
            both = f"{flat[0]:10.1f} / {flat[1]:7.1f}   {grouped[0]:10.1f} / {grouped[1]:7.1f}"
            print(f"{label:28} {both}")
        print("(median of 7, a page of 1000)")
        plan = store._read(
            "EXPLAIN QUERY PLAN SELECT i.id FROM items i JOIN sources s ON s.id = i.source_id "
            "WHERE i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?) "
            "ORDER BY i.published DESC, i.id DESC LIMIT 1000",
            ('"storm"*',),
        )
        for row in plan:
            print("plan:", row[-1])
        ms = timed(lambda: store.mark_all_read(), runs=1)
        print(f"mark all read: {ms[0]:.1f} ms ({ms[1]:.1f} ms CPU)")


if __name__ == "__main__":
    main()
