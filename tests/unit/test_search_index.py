"""Tests the search index's catch-up (migration 16, storage/search_index.py): headlines stored
above the mark are not indexed until later, yet every search finds exactly what a store that
indexes each row as it is stored finds, through edits, prunes and ids given again; an upgraded
file keeps its rows searchable; an idle writer catches up by itself."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.models import FeedEntry, HeadlineQuery, Source, SourceConfig
from newstui.storage import schema, search_index
from newstui.storage.store import Store

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
TITLES = [
    "Stórm über Zürich",
    "ÉTÉ caféS naïve",
    "snake_case and dash-words",
    "東京 storm 2026",
    "हिन्दी समाचार आज",
    "Ωmega ΣΊΣΥΦΟΣ",
    "ﬁnance ligatures",
    "Markets rally on storm hopes",
    "Don't stop: it's 4711x3",
]
SEARCHES = [
    "stor",
    "storm",
    "Stórm",
    "zurich",
    "uber",
    "CAFÉ",
    "naive",
    "snake_case",
    "snake_c",
    "case",
    "東京",
    "東",
    "हिन्दी",
    "समाचार",
    "ωm",
    "σίσ",
    "fi",
    "4711",
    "quiet",
    "calm",
    "storm rally",
    "zebra",
]


def entries(prefix: str, count: int, minutes: int = 0) -> list[FeedEntry]:
    return [
        FeedEntry(
            f"{prefix}{n}",
            TITLES[n % len(TITLES)] + f" {prefix}{n}",
            None,
            NOW - timedelta(minutes=minutes + n),
            summary="calm seas" if n % 4 == 0 else "",
        )
        for n in range(count)
    ]


def indexed(store: Store, fts: str) -> list[int]:
    """Row ids the index itself holds for an FTS5 query (not through the store's searches)."""
    sql = "SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid"
    return [int(r[0]) for r in store._read(sql, (fts,))]


def found(store: Store) -> dict[str, tuple[list[str], list[str]]]:
    """Every search's headlines and stories, by title (ids differ between the two stores)."""
    result = {}
    for text in SEARCHES:
        query = HeadlineQuery(search=text)
        heads = [h.title for h in store.headlines(query, limit=1000)]
        rows = [r.headline.title for r in store.stories(query, limit=1000)]
        result[text] = (heads, rows)
    return result


def check_integrity(store: Store) -> None:
    raw = sqlite3.connect(store.path)
    try:  # rank 1: FTS5 compares the index with its content table too, row by row
        raw.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        raw.close()


def edit(store: Store, sql: str) -> None:
    raw = sqlite3.connect(store.path)
    try:
        raw.execute(sql)
        raw.commit()
    finally:
        raw.close()


def two_stores(tmp_path: Path) -> tuple[tuple[Store, Source], tuple[Store, Source]]:
    """A store as it is (catching up later) and one whose mark is beyond any id: every row is
    indexed by its trigger as it is stored, as before migration 16."""
    made = []
    for name in ("later", "at_once"):
        store = Store(tmp_path / f"{name}.db")
        (source,) = store.sync_sources([SourceConfig("http://127.0.0.1:9/f")], 300)
        made.append((store, source))
    edit(made[1][0], "UPDATE fts_mark SET high = 9000000000000000000")
    return made[0], made[1]


def test_searches_find_what_indexing_at_once_finds_through_edits_prunes_and_reused_ids(
    tmp_path: Path,
) -> None:
    (later, s1), (at_once, s2) = two_stores(tmp_path)
    try:
        for store, source in ((later, s1), (at_once, s2)):
            store.save_poll(source, entries("a", 40, minutes=100), NOW)
        # Stored, not indexed: the index holds none of them, and says it is behind.
        assert search_index.behind(later._read) and not indexed(later, "storm")
        assert indexed(at_once, "storm")
        assert found(later) == found(at_once)  # each search catches the index up first
        assert not search_index.behind(later._read)

        for store, source in ((later, s1), (at_once, s2)):
            store.save_poll(source, entries("b", 40, minutes=200), NOW)  # older than "a"
            # An indexed headline's text changes, and one not indexed yet.
            edit(store, "UPDATE items SET title = 'Quiet day a1' WHERE guid = 'a1'")
            edit(store, "UPDATE items SET title = 'Quiet night b2', summary = '' WHERE guid = 'b2'")
            # Pruned: 30 rows not indexed yet (the oldest, of "b"), and one indexed.
            edit(store, "UPDATE items SET published = 0 WHERE guid = 'a3'")
            store.prune(keep_days=1000, keep_per_source=49, now=NOW)
        assert search_index.behind(later._read)
        assert len(later._read("SELECT id FROM items WHERE guid LIKE 'b%'")) == 10
        assert found(later) == found(at_once)
        assert found(later)["quiet"][0] == ["Quiet day a1", "Quiet night b2"]

        # SQLite gives the largest id again once it is deleted: at or below the mark, the new
        # row is indexed at once by its trigger.
        for store, source in ((later, s1), (at_once, s2)):
            top = store.last_headline_id()
            edit(store, f"DELETE FROM items WHERE id = {top}")
            zebra = FeedEntry("z", "Zebra crossing", None, NOW - timedelta(minutes=1))
            store.save_poll(source, [zebra], NOW)
            assert store.last_headline_id() == top
        assert indexed(later, "zebra") == [later.last_headline_id()]
        assert not search_index.behind(later._read)
        assert found(later) == found(at_once)
        assert found(later)["zebra"][0] == ["Zebra crossing"]
        check_integrity(later)
        check_integrity(at_once)
    finally:
        later.close()
        at_once.close()


def test_mark_all_read_of_a_search_marks_headlines_not_indexed_yet(store: Store) -> None:
    (source,) = store.sync_sources([SourceConfig("http://127.0.0.1:9/f")], 300)
    store.save_poll(source, entries("a", 18), NOW)
    assert search_index.behind(store._read)
    marked = store.mark_all_read(HeadlineQuery(search="storm"))
    assert marked == 6  # "storm" in 3 of 9 titles
    assert store.counts().unread == 12
    check_integrity(store)


def test_catching_up_goes_in_jobs_and_moves_the_mark(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    (source,) = store.sync_sources([SourceConfig("http://127.0.0.1:9/f")], 300)
    store.save_poll(source, entries("a", 25), NOW)
    monkeypatch.setattr(search_index.catch_up, "__defaults__", (10,))
    assert store.index_search(jobs=1)  # 10 of 25: more left
    mark = store._read("SELECT high FROM fts_mark")[0][0]
    assert mark == sorted(r[0] for r in store._read("SELECT id FROM items"))[9]
    assert len(store._read("SELECT id FROM fts_pending")) == 10  # queued for the vocabulary
    assert not store.index_search()
    assert not search_index.behind(store._read)
    assert not store.index_search()  # nothing left: a read only
    check_integrity(store)


def test_an_indexing_store_commits_its_writes_indexed_and_catches_up_others_when_idle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "idle.db"
    other = Store(path)  # a `fetch`: its headlines left to index
    (source,) = other.sync_sources([SourceConfig("http://127.0.0.1:9/f")], 300)
    other.save_poll(source, entries("a", 30), NOW)
    other.close()
    monkeypatch.setattr(search_index.catch_up, "__defaults__", (7,))
    store = Store(path)  # the ticker's polling process
    try:
        store.index_when_idle()
        store.save_poll(source, entries("b", 3), NOW)
        # Its own transaction indexed 7 (the oldest); the idle writer does the rest, 7 a
        # transaction, after it.
        deadline = time.monotonic() + 30  # a state awaited, not a time measured
        while search_index.behind(store._read):
            assert time.monotonic() < deadline, "the idle writer never caught up"
            time.sleep(0.01)
        assert len(indexed(store, "storm")) == 11
        # Caught up: what it stores now is indexed in the transaction that stores it.
        store.save_poll(source, entries("c", 6), NOW)
        assert not search_index.behind(store._read)
        assert len(indexed(store, "storm")) == 13
        check_integrity(store)
    finally:
        store.close()


def test_a_file_of_schema_15_is_upgraded_with_its_rows_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:15])
        old = Store(path)
        (source,) = old.sync_sources([SourceConfig("http://127.0.0.1:9/f")], 300)
        old.save_poll(source, entries("a", 20), NOW)
        assert old.schema_version == 15
        old.close()
    store = Store(path)
    try:
        assert store.schema_version == len(schema.MIGRATIONS) == 16
        top = store.last_headline_id()
        assert store._read("SELECT high FROM fts_mark")[0][0] == top
        assert not search_index.behind(store._read)
        assert len(indexed(store, "storm")) == 7  # indexed when stored, at schema 15
        store.save_poll(source, entries("b", 9), NOW)
        assert len(indexed(store, "storm")) == 7  # the new ones wait for the catch-up
        titles = [h.title for h in store.headlines(HeadlineQuery(search="storm"), limit=100)]
        assert len(titles) == 10 and "Stórm über Zürich b0" in titles
        edit(store, "DELETE FROM items WHERE guid IN ('a0', 'b0')")
        check_integrity(store)
    finally:
        store.close()


def test_a_new_file_starts_with_the_mark_at_nothing(store: Store) -> None:
    assert store._read("SELECT high FROM fts_mark") == [(0,)]
    assert not search_index.behind(store._read)
