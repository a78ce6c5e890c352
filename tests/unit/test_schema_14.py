"""Tests migration 14 (no index by source and read mark): a file at 13 is upgraded with its rows
and counts, marking a source read still reads an index alone, and code of schema 13 refuses
the upgraded file with its usual message, leaving it as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newstui.models import HeadlineQuery
from newstui.storage import schema
from newstui.storage.store import Store, StoreError


def _at_13(path: Path) -> None:
    """A file as schema 13 left it: three headlines of two sources, one read."""
    raw = sqlite3.connect(path)
    for number in range(1, 14):
        for statement in schema.statements(schema.MIGRATIONS[number - 1]):
            raw.execute(statement)
    raw.executemany(
        "INSERT INTO sources (url, refresh) VALUES (?, 300)",
        [("http://127.0.0.1:9/a",), ("http://127.0.0.1:9/b",)],
    )
    raw.executemany(
        "INSERT INTO items (source_id, guid, title, published, first_seen, read) "
        "VALUES (?, ?, ?, ?, 1, ?)",
        [
            (1, "a1", "Harbour plan", 10, 0),
            (1, "a2", "Storm warning", 20, 1),
            (2, "b1", "Vote", 30, 0),
        ],
    )
    raw.execute("PRAGMA user_version = 13")
    raw.commit()
    raw.close()


def _indexes(path: Path) -> set[str]:
    raw = sqlite3.connect(path)
    try:
        return {r[0] for r in raw.execute("SELECT name FROM sqlite_schema WHERE type = 'index'")}
    finally:
        raw.close()


def test_a_file_at_13_loses_the_read_index_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _at_13(path)
    assert "items_read_by_source" in _indexes(path)
    store = Store(path)
    try:
        assert store.schema_version == len(schema.MIGRATIONS) >= 14
        assert [(h.title, h.read) for h in store.headlines(HeadlineQuery(source_id=1))] == [
            ("Storm warning", True),
            ("Harbour plan", False),
        ]
        assert {s.id: (s.item_count, s.unread_count) for s in store.sources()} == {
            1: (2, 1),
            2: (1, 1),
        }
        assert store.mark_all_read(HeadlineQuery(source_id=1)) == 1
        assert {s.id: s.unread_count for s in store.sources()} == {1: 0, 2: 1}
        raw = sqlite3.connect(path)
        try:
            # Marking a source read picks its ids from the source index alone, no rows.
            plan = raw.execute(
                "EXPLAIN QUERY PLAN UPDATE items SET read = 1 WHERE read != 1 AND id IN "
                "(SELECT i.id FROM items i JOIN sources s ON s.id = i.source_id "
                "WHERE i.source_id = 1)"
            ).fetchall()
        finally:
            raw.close()
    finally:
        store.close()
    assert any("COVERING INDEX items_by_source" in str(step[3]) for step in plan), plan
    assert "items_read_by_source" not in _indexes(path)


def test_code_of_schema_13_refuses_the_upgraded_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new.db"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:14])
    Store(path).close()
    before, newest = _indexes(path), len(schema.MIGRATIONS)
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:13])
    with pytest.raises(StoreError, match="newer newstui") as info:
        Store(path)
    assert str(path) in str(info.value) and f"(schema {newest})" in str(info.value)
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == newest
    finally:
        raw.close()
    assert _indexes(path) == before
