"""Provides the stories benchmark: quality of newstui.stories on the labelled corpus (development
and held-out halves) against the corpus README's baselines, behaviour on the corpus feeds, and
time per headline at 50,000 live headlines.

    python benchmarks/stories.py [--no-baselines] [--runs N]

Baselines need numpy, scipy, rapidfuzz and wordllama (not project dependencies); missing ones
are skipped with a note. Results: benchmarks/stories_results.md.
"""

from __future__ import annotations

import argparse
import copy
import platform
import statistics
import time
import tracemalloc
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import timedelta

from stories_baselines import METHODS, missing
from stories_data import (
    Row,
    background,
    cluster,
    feed_titles,
    items,
    labelled,
    now,
    part_of,
    score,
)

from newstui.stories import StoredItem, StoryIndex, StoryItem
from newstui.stories.index import THRESHOLD

GRID = [0.075, 0.1, 0.125, 0.15, 0.175, 0.2, 0.225, 0.25]


def quality(dev: list[Row], held: list[Row]) -> None:
    print("\n## Quality: B-cubed P / R / F1 | pairwise P / R\n")
    print(
        f"development half: {len(dev)} headlines, {len({r.label for r in dev})} stories; "
        f"held-out half: {len(held)} headlines, {len({r.label for r in held})} stories\n"
    )
    print(
        "| method (threshold) | development | dev pairwise P / R | held out | "
        "held-out pairwise P / R | ms per 1,000 (dev, cold, CPU) |"
    )
    print("|---|---|---|---|---|---|")
    alone = score([r.label for r in held], [r.key for r in held])
    print(
        f"| every headline alone | {score([r.label for r in dev], [r.key for r in dev]).cells()}"
        f" | {alone.cells()} | - |"
    )
    margins = {}
    for threshold in GRID:
        cells = []
        elapsed: list[float] = []
        for rows in (dev, held):
            start = time.process_time()
            predicted = cluster(rows, StoryIndex(threshold=threshold))
            elapsed.append((time.process_time() - start) / len(rows) * 1e6)
            result = score([r.label for r in rows], predicted)
            cells.append(result.cells())
            if rows is dev:
                margins[threshold] = min(result.precision - 0.90, result.recall - 0.65)
        mark = " **default**" if threshold == THRESHOLD else ""
        print(
            f"| newstui.stories ({threshold}){mark} | {cells[0]} | {cells[1]} | {elapsed[0]:.0f} |"
        )
    chosen = max(GRID, key=lambda t: margins[t])
    print(
        f"\nThe threshold farthest inside the goal on the development half, the largest "
        f"min(P - 0.90, R - 0.65): {chosen} (margin {margins[chosen]:+.3f}); the default is "
        f"{THRESHOLD}."
    )


def halvings(dev: list[Row], held: list[Row]) -> None:
    """The default on other random halvings of the labelled stories: how much a half varies."""
    print("\n## The default on other halvings (by a salted hash of the story)\n")
    print("| salt | half A: P / R | half B: P / R |")
    print("|---|---|---|")
    rows = sorted(dev + held, key=lambda r: (r.published, r.key))
    for salt in ("", "a", "b", "c", "d"):
        cells = []
        for side in (0, 1):
            half = [r for r in rows if part_of(salt + r.label) == side]
            result = score([r.label for r in half], cluster(half))
            cells.append(f"{result.precision:.3f} / {result.recall:.3f}")
        name = salt or "none (the development / held-out split)"
        print(f"| {name} | {cells[0]} | {cells[1]} |")


def baselines(dev: list[Row], held: list[Row]) -> None:
    print("\n## Baselines, recomputed (threshold chosen on the development half)\n")
    print(
        "| method | chosen by | threshold | development | dev pairwise P / R | held out | "
        "held-out pairwise P / R | ms per 1,000 (dev) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, (method, needs, grid) in METHODS.items():
        absent = missing(*needs)
        if absent:
            print(f"| {name} | - | - | skipped: {', '.join(absent)} not installed | - | - |")
            continue
        start = time.perf_counter()
        cut_dev = method([r.title for r in dev])
        ms = (time.perf_counter() - start) / len(dev) * 1e6
        cut_held = method([r.title for r in held])
        gold_dev = [r.label for r in dev]
        scores = {t: score(gold_dev, cut_dev(t)) for t in grid}
        best = max(grid, key=lambda t: scores[t].f1)
        precise = [t for t in grid if scores[t].precision >= 0.95]
        choices = [("best F1", best)]
        if precise:
            choices.append(("best F1 at P >= 0.95", max(precise, key=lambda t: scores[t].f1)))
        for label, t in choices:
            held_score = score([r.label for r in held], cut_held(t))
            print(
                f"| {name} | {label} | {t} | {scores[t].cells()} | {held_score.cells()} | "
                f"{ms:.0f} |"
            )


def with_background(dev: list[Row], held: list[Row], titles: list[tuple[str, str]]) -> None:
    """The labelled stories among the corpus feeds' titles (deduplicated), spread over the same
    days: do unrelated headlines join the stories, or clump among themselves?"""
    print("\n## Labelled stories among 4,000+ unrelated corpus feed titles (same days)\n")
    print(
        "| half | B-cubed P of labelled headlines | their R | background in labelled "
        "stories | background headlines not alone |"
    )
    print("|---|---|---|---|---|")
    seen: set[str] = set()
    extra: list[Row] = []
    start = min(r.published for r in dev + held)
    span = (max(r.published for r in dev + held) - start).total_seconds() + 86_400
    for i, (path, title) in enumerate(titles):
        folded = " ".join(title.casefold().split())
        if folded not in seen:
            seen.add(folded)
            when = start + timedelta(seconds=(i * 7_919) % int(span))
            extra.append(Row(1_000_000 + i, title, path, when, f"bg{i}"))
    for name, rows in (("development", dev), ("held out", held)):
        mixed = sorted(rows + extra, key=lambda r: (r.published, r.key))
        predicted = cluster(mixed)
        labels = [r.label for r in mixed]
        sizes = Counter(predicted)
        both = Counter(zip(labels, predicted, strict=True))
        mine = [i for i, r in enumerate(mixed) if not r.label.startswith("bg")]
        precision = sum(both[(labels[i], predicted[i])] / sizes[predicted[i]] for i in mine)
        story_ids = {predicted[i] for i in mine}
        strays = sum(
            1 for i, r in enumerate(mixed) if r.label.startswith("bg") and predicted[i] in story_ids
        )
        grouped = sum(
            1 for i, r in enumerate(mixed) if r.label.startswith("bg") and sizes[predicted[i]] > 1
        )
        own = score([labels[i] for i in mine], [predicted[i] for i in mine])
        print(
            f"| {name} | {precision / len(mine):.3f} | {own.recall:.3f} | {strays} of "
            f"{len(extra)} | {grouped} |"
        )


def corpus_window(titles: list[tuple[str, str]]) -> None:
    """Every corpus feed title at once, in one window: the largest stories, to read."""
    print(f"\n## All {len(titles)} corpus feed titles in one window: the largest stories\n")
    when = now()
    index = StoryIndex()
    members: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for i, (path, title) in enumerate(titles):
        story = index.add(StoryItem(i, title, path, when)).story
        members[story].append((path, title))
    final: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for story, rows in members.items():
        final[index.resolve(story)].extend(rows)
    multi = [rows for rows in final.values() if len(rows) > 1]
    print(
        f"{len(final)} stories; {len(multi)} with more than one headline, holding "
        f"{sum(len(r) for r in multi)} headlines\n"
    )
    for rows in sorted(multi, key=len, reverse=True)[:12]:
        feeds = len({p for p, _ in rows})
        sample = "; ".join(sorted({t[:60] for _, t in rows})[:4])
        print(f"- {len(rows)} headlines from {feeds} feeds: {sample}")


def speed(dev: list[Row], titles: list[tuple[str, str]], runs: int) -> None:
    print("\n## Time per headline with 50,000 live headlines (one thread)\n")
    print(
        "Background: the corpus feed titles in turn, each with two words swapped for made-up "
        "names, over the 48 hours before, from 500 sources (stories_data.background). "
        "Queries: the first 1,000 development headlines, one every 3.4 s after it (the "
        "background's own rate), so about one old headline expires per add, as in a ticker "
        "left running.\n"
    )
    end = dev[0].published
    queries = [
        replace(r, published=end + timedelta(seconds=3.4 * i)) for i, r in enumerate(dev[:1000])
    ]
    back = background(50_000, [t for _, t in titles], end)
    base = StoryIndex(capacity=60_000)
    wall, cpu = time.perf_counter(), time.process_time()
    base.add_many(items(back))
    build = (time.perf_counter() - wall, time.process_time() - cpu)
    tracemalloc.start()
    sized = StoryIndex(capacity=60_000)
    sized.add_many(items(back))
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del sized
    stored = [
        StoredItem(r.key, r.title, r.source, r.published, base.story_of(r.key) or r.key)
        for r in back
    ]
    cpu = time.process_time()
    StoryIndex(capacity=60_000).restore(stored)
    restore = time.process_time() - cpu
    singles: list[float] = []
    batches: list[tuple[float, float]] = []
    predicted: list[int] = []
    for run in range(runs):
        index = copy.deepcopy(base)
        for item in items(queries):
            t0 = time.perf_counter()
            index.add(item)
            singles.append(time.perf_counter() - t0)
        index = copy.deepcopy(base)
        wall, cpu = time.perf_counter(), time.process_time()
        done = index.add_many(items(queries))
        batches.append((time.perf_counter() - wall, time.process_time() - cpu))
        if run == 0:
            parent = {old: a.story for a in done for old in a.merged}
            for a in done:
                story = a.story
                while story in parent:
                    story = parent[story]
                predicted.append(story)
    singles.sort()
    among = score([r.label for r in queries], predicted)
    print("| figure | value |")
    print("|---|---|")
    print(f"| live headlines / stories before the queries | {len(base):,} / {base.story_count:,} |")
    print(
        f"| add, one headline, wall (median / p95 / max of {len(singles):,}) | "
        f"{statistics.median(singles) * 1e3:.3f} / {singles[int(len(singles) * 0.95)] * 1e3:.3f}"
        f" / {singles[-1] * 1e3:.2f} ms |"
    )
    print(
        f"| add_many, 1,000 headlines (median of {runs}) | "
        f"{statistics.median(b[0] for b in batches) * 1e3:.0f} ms wall, "
        f"{statistics.median(b[1] for b in batches) * 1e3:.0f} ms CPU |"
    )
    print(f"| building the 50,000 (add_many) | {build[0]:.1f} s wall, {build[1]:.1f} s CPU |")
    print(f"| restore of the 50,000 stored rows | {restore:.1f} s CPU |")
    print(
        f"| memory of the index (tracemalloc) | {size / 2**20:.0f} MiB, "
        f"{size / len(base) / 1024:.2f} KiB a headline |"
    )
    print(
        f"| the 1,000 queries' B-cubed P / R among the background | {among.precision:.3f} / "
        f"{among.recall:.3f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(
        f"# newstui.stories benchmark, {now():%Y-%m-%d %H:%M} UTC, {platform.node() or '?'}: "
        f"Python {platform.python_version()}, {platform.machine()}"
    )
    dev, held = labelled()
    assert all(part_of(r.label) == 0 for r in dev)
    quality(dev, held)
    halvings(dev, held)
    if not args.no_baselines:
        baselines(dev, held)
    titles = feed_titles()
    with_background(dev, held, titles)
    corpus_window(titles)
    speed(dev, titles, args.runs)


if __name__ == "__main__":
    main()
