"""Tests the SQLite store on real files: schema, idempotent ingest, dates, state, pruning."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.models import FeedEntry, HeadlineQuery, SourceConfig
from newstui.storage.store import Store, StoreError

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def entry(n: int, published: datetime | None = None, **kw: object) -> FeedEntry:
    return FeedEntry(
        guid=f"g{n}", title=f"Headline {n}", link=f"http://127.0.0.1/{n}", published=published, **kw
    )  # type: ignore[arg-type]


def test_new_file_is_wal_with_schema_version(store: Store) -> None:
    assert store.path.exists()
    assert store.schema_version >= 1
    raw = sqlite3.connect(store.path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_sync_keeps_state_and_marks_removed_inactive(store: Store) -> None:
    a, _ = store.sync_sources(
        [SourceConfig("https://a.org/f"), SourceConfig("https://b.org/f")], 300
    )
    store.save_states([replace(a, etag='"x"', failures=2)])
    (again,) = store.sync_sources([SourceConfig("https://a.org/f", name="A", refresh=60)], 300)
    assert (again.id, again.etag, again.failures, again.name, again.refresh) == (
        a.id,
        '"x"',
        2,
        "A",
        60,
    )
    assert {s.url for s in store.sources(active_only=False)} == {
        "https://a.org/f",
        "https://b.org/f",
    }


def total_changes(store: Store) -> int:
    """Rows the store's writing connection has changed since it opened."""
    return store._writer.call(lambda db: db.total_changes, transaction=False)


def test_sync_of_an_unchanged_config_writes_nothing_and_a_returning_source_is_active(
    store: Store,
) -> None:
    configs = [SourceConfig("https://a.org/f", tags=("x",)), SourceConfig("https://b.org/f")]
    store.sync_sources(configs, 300)
    changes = total_changes(store)
    assert len(store.sync_sources(configs, 300)) == 2
    assert total_changes(store) == changes  # nothing rewritten, no write lock taken
    assert [s.url for s in store.sync_sources(configs[:1], 300)] == ["https://a.org/f"]
    back = store.sync_sources([*configs, SourceConfig("https://b.org/f", name="B")], 300)
    assert [(s.url, s.name, s.tags) for s in back] == [
        ("https://a.org/f", None, ("x",)),
        ("https://b.org/f", "B", ()),
    ]


def test_ingest_is_idempotent_and_newest_first(store: Store) -> None:
    (src,) = store.sync_sources([SourceConfig("https://a.org/f", name="A")], 300)
    entries = [entry(i, NOW - timedelta(hours=i)) for i in range(5)]
    fresh = store.save_poll(src, entries, NOW)
    assert [h.title for h in fresh] == [f"Headline {i}" for i in range(5)]
    assert store.save_poll(src, entries, NOW + timedelta(minutes=5)) == []
    assert store.counts().total == 5
    titles = [h.title for h in store.headlines(limit=10)]
    assert titles == [f"Headline {i}" for i in range(5)]
    assert store.headlines(limit=10)[0].source_name == "A"


def test_same_guid_in_two_sources_is_two_items(store: Store) -> None:
    a, b = store.sync_sources(
        [SourceConfig("https://a.org/f"), SourceConfig("https://b.org/f")], 300
    )
    store.save_poll(a, [entry(1, NOW)], NOW)
    store.save_poll(b, [entry(1, NOW)], NOW)
    assert store.counts().total == 2


def test_missing_and_future_dates(store: Store) -> None:
    (src,) = store.sync_sources([SourceConfig("https://a.org/f")], 300)
    real = entry(1, NOW - timedelta(minutes=30))
    undated = entry(2, None)
    future = entry(3, NOW + timedelta(days=400))
    store.save_poll(src, [future, undated, real], NOW)
    by_guid = {h.guid: h for h in store.headlines()}
    assert by_guid["g2"].published == NOW  # first seen
    assert by_guid["g3"].published == NOW  # not pinned above real news for a year
    assert by_guid["g1"].published == NOW - timedelta(minutes=30)
    assert by_guid["g1"].published.tzinfo is not None


def test_undated_entries_keep_feed_order(store: Store) -> None:
    (src,) = store.sync_sources([SourceConfig("https://a.org/f")], 300)
    store.save_poll(src, [entry(i) for i in range(4)], NOW)
    assert [h.guid for h in store.headlines()] == ["g0", "g1", "g2", "g3"]


def test_source_filter_and_paging(store: Store) -> None:
    a, b = store.sync_sources(
        [
            SourceConfig("https://a.org/f", name="Alpha"),
            SourceConfig("https://b.org/f", name="Beta"),
        ],
        300,
    )
    store.save_poll(a, [entry(i, NOW - timedelta(minutes=i)) for i in range(6)], NOW)
    store.save_poll(
        b, [entry(10 + i, NOW - timedelta(minutes=i, seconds=30)) for i in range(3)], NOW
    )
    assert {h.source_name for h in store.headlines(HeadlineQuery(source="beta"))} == {"Beta"}
    first = store.headlines(limit=4)
    rest = store.headlines(limit=100, before=(first[-1].published, first[-1].id))
    assert len(first) + len(rest) == 9
    assert not {h.id for h in first} & {h.id for h in rest}


def test_state_round_trip(store: Store) -> None:
    (src,) = store.sync_sources([SourceConfig("https://a.org/f")], 300)
    state = replace(
        src,
        etag='W/"1"',
        last_modified="Wed, 01 Jan 2025 00:00:00 GMT",
        last_fetch=NOW,
        last_status="error",
        last_error="HTTP 500",
        failures=3,
        next_poll=NOW + timedelta(minutes=10),
        moved_to="https://a.org/new",
        ttl=3600,
    )
    store.save_states([state])
    (back,) = store.sources()
    assert back == replace(state, item_count=0, unread_count=0)
    assert back.fetch_url == "https://a.org/new"


def test_prune_keeps_starred_and_bounds_count(store: Store) -> None:
    (src,) = store.sync_sources([SourceConfig("https://a.org/f")], 300)
    store.save_poll(src, [entry(i, NOW - timedelta(days=i)) for i in range(50)], NOW)
    old_starred = next(h for h in store.headlines(limit=100) if h.guid == "g45")
    store.set_starred(old_starred.id, True)
    deleted = store.prune(keep_days=30, keep_per_source=10, now=NOW)
    left = {h.guid for h in store.headlines(limit=100)}
    assert "g45" in left
    assert left == {f"g{i}" for i in range(10)} | {"g45"}
    assert deleted == 39


def test_read_marks_and_counts(store: Store) -> None:
    (src,) = store.sync_sources([SourceConfig("https://a.org/f")], 300)
    store.save_poll(src, [entry(i, NOW) for i in range(3)], NOW)
    ids = [h.id for h in store.headlines()]
    store.set_read(ids[:2])
    assert store.counts().unread == 1
    assert store.sources()[0].unread_count == 1


def test_not_a_database_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newstui.db"
    junk = b"this is not sqlite at all" * 100
    path.write_bytes(junk)
    with pytest.raises(StoreError) as info:
        Store(path)
    assert str(path) in str(info.value)
    assert "move it aside" in str(info.value)
    assert path.read_bytes() == junk


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newstui.db"
    Store(path).close()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 999")
    raw.close()
    with pytest.raises(StoreError, match="newer newstui"):
        Store(path)


def test_prune_is_due_when_never_run_after_an_hour_and_after_a_clock_change(
    store: Store,
) -> None:
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    assert store.prune_due(now)
    store.prune(keep_days=30, keep_per_source=100, now=now)
    assert not store.prune_due(now + timedelta(minutes=59))
    assert store.prune_due(now + timedelta(hours=1, seconds=1))
    assert store.prune_due(now - timedelta(minutes=5))  # the clock went back: do not wait
