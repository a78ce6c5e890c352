"""Provides the stored-stories benchmark: placing headlines in stories where they are stored, and
reading one row per story, at 50,000 stored headlines.

    python benchmarks/stories_store.py [--headlines 50000] [--runs 7] [--days 30]

Builds a real database file (500 sources; titles from the corpus feeds, each with two of its
words swapped for made-up names, as benchmarks/stories.py does, so that copies of one title form
stories of several sources; synthetic titles when the corpus is absent), spread over --days days
(30: what keep_days keeps; 2: every headline in the 48 h window, the worst case). Then:
- placing: the whole backlog from NULL (a database of an older newstui, or a large `fetch`), a
  batch of 1,000 new headlines by a placer that has its index (the ticker) and by a new one (a
  `fetch` or `headlines`, which restores the window first), and one headline at a time;
- reading: a page of story rows against a page of headlines of the same views, one story.
Prints medians as Markdown tables. Talks to nobody: no server, no network.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newstui.feeds.stories import StoryPlacer
from newstui.models import FeedEntry, HeadlineQuery, SourceConfig
from newstui.storage.store import Store

SOURCES = 500
END = datetime(2026, 11, 27, 12, tzinfo=UTC)


_POOL: list[str] = []


def titles(n: int, rng: random.Random) -> list[str]:
    if not _POOL:
        _POOL.extend(_pool(rng))
    out = []
    for _ in range(n):
        words = _POOL[rng.randrange(len(_POOL))].split()
        for position in rng.sample(range(len(words)), min(2, len(words))):
            words[position] = f"zq{rng.randrange(100_000):05d}"
        out.append(" ".join(words))
    return out


def _pool(rng: random.Random) -> list[str]:
    """Real titles (the corpus feeds'), or made-up ones when the corpus is absent."""
    try:
        from stories_data import CORPUS, feed_titles

        pool = [t for _, t in feed_titles()] if CORPUS.exists() else []
    except Exception:  # the corpus reader needs the corpus; synthetic titles do without
        pool = []
    if not pool:
        words = [f"w{k}" for k in range(3000)]
        pool = [" ".join(rng.choices(words, k=8)) for _ in range(5000)]
    return pool


def build(path: Path, n: int, days: float, rng: random.Random) -> Store:
    store = Store(path)
    sources = store.sync_sources(
        [SourceConfig(f"http://127.0.0.1/{i}") for i in range(SOURCES)], 300
    )
    names = titles(n, rng)
    by_source: dict[int, list[FeedEntry]] = {}
    for i, title in enumerate(names):
        when = END - timedelta(seconds=rng.uniform(0, days * 86400))
        src = sources[rng.randrange(SOURCES)]
        by_source.setdefault(src.id, []).append(FeedEntry(f"g{i}", title, None, when))
    for src in sources:
        store.save_poll(src, by_source.get(src.id, []), END)
    return store


def add_new(store: Store, n: int, rng: random.Random, at: datetime) -> None:
    """`n` new headlines a minute apart after `at`, over the sources in turn."""
    sources = store.sources()
    names = titles(n, rng)
    for k, title in enumerate(names):
        src = sources[k % len(sources)]
        when = at + timedelta(seconds=k)
        store.save_poll(src, [FeedEntry(f"n{at.timestamp()}-{k}", title, None, when)], at)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def clock(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU of this process) seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--headlines", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--days", type=float, default=30.0)
    args = parser.parse_args()
    rng = random.Random(18)
    n = args.headlines
    with tempfile.TemporaryDirectory() as folder:
        store = build(Path(folder) / "s.db", n, args.days, rng)
        placed_in_window = store.place_stories(
            lambda t: t.count_since((t.newest() or END) - timedelta(hours=48))
        )
        print(
            f"# {n:,} headlines from {SOURCES} sources over {args.days:g} days "
            f"({sum(placed_in_window):,} in the last 48 h)\n"
        )
        print("| placing | wall ms | CPU ms | per 1,000 (CPU) |")
        print("|---|---|---|---|")
        placer = StoryPlacer()
        wall, cpu = clock(lambda: placer.place_all(store))
        print(
            f"| the whole backlog from NULL ({n:,}) | {wall * 1000:.0f} | {cpu * 1000:.0f} | "
            f"{cpu * 1000 / max(1, sum(placed_in_window)) * 1000:.0f} (of those in the window) |"
        )
        at = END
        warm, cold, one = [], [], []
        for _ in range(args.runs):
            at += timedelta(minutes=20)
            add_new(store, 1000, rng, at)
            warm.append(clock(lambda: placer.place_all(store)))
            at += timedelta(minutes=20)
            add_new(store, 1000, rng, at)
            fresh = StoryPlacer()
            cold.append(clock(lambda: fresh.place_all(store)))  # noqa: B023 (called at once)
            for _ in range(20):
                at += timedelta(seconds=30)
                add_new(store, 1, rng, at)
                one.append(clock(lambda: placer.place_all(store)))
        for label, samples in (
            ("1,000 new, by a placer with its index (the ticker)", warm),
            ("1,000 new, by a new placer: restore, then place (`fetch`, `headlines`)", cold),
            ("1 new, by a placer with its index (its own transaction)", one),
        ):
            walls, cpus = [w for w, _ in samples], [c for _, c in samples]
            print(f"| {label} | {median_ms(walls):.1f} | {median_ms(cpus):.1f} | - |")
        print()
        reads(store, args.runs)
        store.close()


def reads(store: Store, runs: int) -> None:
    some_story = next(
        (r.headline.story_id for r in store.stories(limit=200) if r.headlines > 2), None
    )
    first = store.headlines(limit=1)[0]
    deep = store.headlines(limit=1, before=(first.published - timedelta(days=3), 0))
    cases: list[tuple[str, HeadlineQuery, tuple[datetime, int] | None]] = [
        ("all, first page", HeadlineQuery(), None),
        ("all, a page 3 days down", HeadlineQuery(), (deep[0].published, deep[0].id)),
        ("unread", HeadlineQuery(unread_only=True), None),
        ("one source", HeadlineQuery(source_id=store.sources()[7].id), None),
        ("search (a common word)", HeadlineQuery(search="the"), None),
    ]
    print(
        "| read (median) | 100 headlines ms | 100 story rows ms | 1,000 headlines ms | "
        "1,000 story rows ms |"
    )
    print("|---|---|---|---|---|")
    for label, query, before in cases:
        cells = []
        for limit in (100, 1000):
            for fn in (store.headlines, store.stories):
                samples = []
                for _ in range(runs):
                    start = time.perf_counter()
                    fn(query, limit=limit, before=before)  # type: ignore[operator]
                    samples.append(time.perf_counter() - start)
                cells.append(f"{median_ms(samples):.1f}")
        print(f"| {label} | " + " | ".join(cells) + " |")
    if some_story is not None:
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            store.headlines(HeadlineQuery(story=some_story), limit=1000)
            samples.append(time.perf_counter() - start)
        print(f"\none story's headlines (`headlines --story`): {median_ms(samples):.2f} ms")


if __name__ == "__main__":
    main()
