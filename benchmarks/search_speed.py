"""Provides the search benchmark: FTS5 filter queries over 50,000 stored headlines."""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newstui.models import FeedEntry, HeadlineQuery, SourceConfig
from newstui.storage.store import Store

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
    for src in sources:
        entries = [
            FeedEntry(
                guid=f"{src.id}-{k}",
                title=" ".join(rng.choices(WORDS, k=8)) + f" {k}",
                link=None,
                published=now - timedelta(minutes=rng.randrange(60 * 24 * 30)),
                summary=" ".join(rng.choices(WORDS, k=40)),
            )
            for k in range(per)
        ]
        store.save_poll(src, entries, now)
    return store


def timed(fn: object, runs: int = 7) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        store = build(Path(folder) / "b.db", n, rng)
        print(f"ingest {n} headlines: {time.perf_counter() - start:.1f} s")
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
        for label, query in cases.items():
            ms = timed(lambda query=query: store.headlines(query, limit=1000))
            print(f"{label:28} {ms:7.1f} ms (median of 7, limit 1000)")
        plan = store._read(
            "EXPLAIN QUERY PLAN SELECT i.id FROM items i JOIN sources s ON s.id = i.source_id "
            "WHERE i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?) "
            "ORDER BY i.published DESC, i.id DESC LIMIT 1000",
            ('"storm"*',),
        )
        for row in plan:
            print("plan:", row[-1])
        ms = timed(lambda: store.mark_all_read(), runs=1)
        print(f"mark all read: {ms:.1f} ms")


if __name__ == "__main__":
    main()
