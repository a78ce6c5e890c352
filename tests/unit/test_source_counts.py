"""Tests the headline counts the store keeps per source (schema migration 10): after every kind
of write they equal a count over the headlines themselves, and a file of the schema before them
gets them counted at its upgrade."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newstui.models import FeedEntry, HeadlineQuery, SourceConfig
from newstui.storage import schema
from newstui.storage.store import Counts, Store

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def entries(source: int, count: int, *, start: int = 0) -> list[FeedEntry]:
    return [
        FeedEntry(
            guid=f"s{source}-{n}",
            title=f"Headline {n} of {source}",
            link=None,
            published=NOW - timedelta(hours=n),
        )
        for n in range(start, start + count)
    ]


def counted(store: Store) -> dict[int, tuple[int, int]]:
    """Each source's (headlines, unread) as a count over the headlines gives them."""
    rows = store._read(
        "SELECT s.id, COUNT(i.id), COALESCE(SUM(i.read = 0), 0) FROM sources s "
        "LEFT JOIN items i ON i.source_id = s.id GROUP BY s.id"
    )
    return {int(r[0]): (int(r[1]), int(r[2])) for r in rows}


def kept(store: Store) -> dict[int, tuple[int, int]]:
    """Each source's (headlines, unread) as the store reports them."""
    return {s.id: (s.item_count, s.unread_count) for s in store.sources(active_only=False)}


def check(store: Store) -> None:
    truth = counted(store)
    assert kept(store) == truth
    total = sum(t for t, _ in truth.values())
    assert store.counts() == Counts(total, sum(u for _, u in truth.values()))


def test_counts_follow_stores_marks_prunes_and_retired_sources(store: Store) -> None:
    configs = [SourceConfig(f"http://127.0.0.1:9/{n}", tags=("news",)) for n in range(3)]
    sources = store.sync_sources(configs, 300)
    for n, source in enumerate(sources):
        store.save_poll(source, entries(n, 10 + n), NOW)
    check(store)
    assert store.counts() == Counts(33, 33)
    store.save_poll(sources[0], entries(0, 15), NOW)  # 10 known, 5 new
    check(store)
    first = store.headlines(HeadlineQuery(source_id=sources[1].id), limit=100)
    store.set_read([h.id for h in first[:4]])
    store.set_read([h.id for h in first[:2]])  # already read: nothing changes twice
    check(store)
    store.set_read([first[0].id], read=False)
    check(store)
    assert store.mark_all_read(HeadlineQuery(source_id=sources[2].id)) == 12
    check(store)
    store.set_starred(first[5].id, True)  # a star is not a read mark
    check(store)
    assert store.prune(keep_days=365, keep_per_source=6, now=NOW) > 0
    check(store)
    assert store.tags() == [("news", sum(u for _, u in counted(store).values()))]
    store.sync_sources(configs[:1], 300)  # the others retired: their headlines stay
    check(store)
    store.mark_all_read()
    check(store)
    assert store.counts().unread == 0
    store.mark_all_read(read=False)
    check(store)


def test_a_file_of_schema_9_gets_its_counts_at_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path)
    for number in range(1, 10):
        raw.execute("BEGIN")
        schema.apply(raw, number)
        raw.execute("COMMIT")
    raw.execute("INSERT INTO sources (id, url, refresh) VALUES (1, 'http://127.0.0.1:9/a', 300)")
    raw.execute("INSERT INTO sources (id, url, refresh) VALUES (2, 'http://127.0.0.1:9/b', 300)")
    raw.executemany(
        "INSERT INTO items (source_id, guid, title, published, first_seen, read) "
        "VALUES (?, ?, 'Headline', 1, 1, ?)",
        [(1 + n % 2, f"g{n}", int(n % 3 == 0)) for n in range(20)],
    )
    raw.commit()
    raw.close()
    upgraded = Store(path)
    try:
        assert upgraded.schema_version == len(schema.MIGRATIONS) >= 10
        check(upgraded)
        assert upgraded.counts() == Counts(20, 13)
    finally:
        upgraded.close()
