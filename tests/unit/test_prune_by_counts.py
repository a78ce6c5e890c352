"""Tests that pruning by the per-source cap reads only the sources past it (their counts name
them) and still cuts each of those to its newest, starred ones kept, the rest untouched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def polled(n: int, prefix: str) -> list[FeedEntry]:
    return [
        FeedEntry(guid=f"{prefix}{i}", title=f"{prefix} {i}", link=f"http://127.0.0.1/{prefix}/{i}",
                  published=NOW - timedelta(hours=i))
        for i in range(n)
    ]  # fmt: skip


def test_only_sources_past_the_cap_lose_headlines_and_starred_ones_stay(store: Store) -> None:
    big, small, exact = store.sync_sources(
        [SourceConfig(f"http://127.0.0.1/{name}") for name in ("big", "small", "exact")], 300
    )
    store.save_poll(big, polled(25, "b"), NOW)
    store.save_poll(small, polled(5, "s"), NOW)
    store.save_poll(exact, polled(10, "e"), NOW)
    starred = next(h for h in store.headlines(limit=100) if h.guid == "b20")
    store.set_starred(starred.id, True)
    assert store.prune(keep_days=365, keep_per_source=10, now=NOW) == 14
    left = {h.guid for h in store.headlines(limit=100)}
    assert left == {f"b{i}" for i in range(10)} | {"b20"} | {f"s{i}" for i in range(5)} | {
        f"e{i}" for i in range(10)
    }
    assert {s.name or s.url: s.item_count for s in store.sources()} == {
        "http://127.0.0.1/big": 11,
        "http://127.0.0.1/small": 5,
        "http://127.0.0.1/exact": 10,
    }
    # The pruned ones are remembered: the same document again brings none of them back.
    assert store.save_poll(big, polled(25, "b"), NOW) == []
