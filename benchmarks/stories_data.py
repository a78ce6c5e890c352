"""Provides the stories benchmark's inputs and scores: the labelled corpus split in two, the
corpus feeds' titles, synthetic background headlines, and B-cubed and pairwise scores."""

from __future__ import annotations

import hashlib
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newstui.feeds.parse import parse_feed
from newstui.stories import StoryIndex, StoryItem

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
LABELLED = CORPUS / "stories" / "dev.jsonl"


@dataclass(frozen=True, slots=True)
class Row:
    key: int
    title: str
    source: str
    published: datetime
    label: str
    """The story the aggregator gave it (or a unique label for a background headline)."""


def part_of(story: str) -> int:
    """0 (development) or 1 (held out), by a hash of the story label: whole stories on each
    side, so no story is tuned on and judged on at once."""
    return int(hashlib.sha256(story.encode()).hexdigest(), 16) % 2


def labelled() -> tuple[list[Row], list[Row]]:
    """The labelled corpus as (development, held-out), each in arrival order (published, id)."""
    if not LABELLED.exists():
        sys.exit(f"the labelled corpus is absent ({LABELLED}); it is in ../shared/corpus")
    raw = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    raw.sort(key=lambda r: (r["published"], r["id"]))
    rows = [
        Row(
            i,
            r["title"],
            r["source"],
            datetime.fromisoformat(r["published"].replace("Z", "+00:00")),
            r["story"],
        )
        for i, r in enumerate(raw)
    ]
    return [r for r in rows if part_of(r.label) == 0], [r for r in rows if part_of(r.label) == 1]


def feed_titles() -> list[tuple[str, str]]:
    """(feed path, title) of every entry of every feed file in the corpus MANIFEST."""
    out: list[tuple[str, str]] = []
    manifest = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for line in manifest:
        path, _, _, kind, *_ = [*line.split("\t"), "", "", "", ""]
        if "opml" in kind or "feed-url-list" in kind:
            continue
        parsed = parse_feed((CORPUS / path).read_bytes(), url="http://127.0.0.1:8000/feed")
        out.extend((path, e.title) for e in parsed.entries if e.title.strip())
    return out


def background(n: int, pool: list[str], end: datetime) -> list[Row]:
    """`n` headlines over the 48 hours before `end`, from 500 sources: real titles from `pool`
    in turn, each with two of its words swapped for names drawn from 100,000 made-up ones. So
    the common words keep their real frequencies, the copies of one title (n / len(pool) of
    them) form stories of several sources, and every headline has rare words of its own."""
    rng = random.Random(15)
    rows = []
    for i in range(n):
        words = pool[i % len(pool)].split()
        for position in rng.sample(range(len(words)), min(2, len(words))):
            words[position] = f"zq{rng.randrange(100_000):05d}"
        when = end - timedelta(seconds=rng.uniform(0, 48 * 3600))
        rows.append(Row(10_000_000 + i, " ".join(words), f"bg{rng.randrange(500)}", when, f"bg{i}"))
    rows.sort(key=lambda r: (r.published, r.key))
    return rows


def items(rows: list[Row]) -> list[StoryItem]:
    return [StoryItem(r.key, r.title, r.source, r.published) for r in rows]


def cluster(rows: list[Row], index: StoryIndex | None = None) -> list[int]:
    """The engine's final story of each row, merges followed."""
    index = index if index is not None else StoryIndex()
    parent: dict[int, int] = {}
    given = []
    for assignment in index.add_many(items(rows)):
        for old in assignment.merged:
            parent[old] = assignment.story
        given.append(assignment.story)

    def final(story: int) -> int:
        while story in parent:
            story = parent[story]
        return story

    return [final(s) for s in given]


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    pair_precision: float
    pair_recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def cells(self) -> str:
        return (
            f"{self.precision:.3f} / {self.recall:.3f} / {self.f1:.3f} | "
            f"{self.pair_precision:.3f} / {self.pair_recall:.3f}"
        )


def score(gold: list[str], predicted: list[object]) -> Score:
    """B-cubed precision and recall (Bagga and Baldwin, 1998: per item, the share of its
    cluster in its class and of its class in its cluster, averaged over items), and pairwise."""
    both = Counter(zip(gold, predicted, strict=True))
    clusters = Counter(predicted)
    classes = Counter(gold)
    n = len(gold)
    precision = sum(both[(g, p)] / clusters[p] for g, p in zip(gold, predicted, strict=True)) / n
    recall = sum(both[(g, p)] / classes[g] for g, p in zip(gold, predicted, strict=True)) / n
    agree = sum(c * (c - 1) for c in both.values())
    said = sum(c * (c - 1) for c in clusters.values())
    true = sum(c * (c - 1) for c in classes.values())
    return Score(precision, recall, agree / said if said else 1.0, agree / true if true else 1.0)


def now() -> datetime:
    return datetime.now(UTC)
