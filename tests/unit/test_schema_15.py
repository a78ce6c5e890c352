"""Tests migration 15 (star changes counted by a trigger): a file at 14 is upgraded with its
rows and stars, and every star set or cleared, by any connection, moves the count; a write that
leaves a star as it was does not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newstui.models import HeadlineQuery
from newstui.storage import schema
from newstui.storage.store import Store


def _at_14(path: Path) -> None:
    """A file as schema 14 left it: two headlines, one starred."""
    raw = sqlite3.connect(path)
    for number in range(1, 15):
        for statement in schema.statements(schema.MIGRATIONS[number - 1]):
            raw.execute(statement)
    raw.execute("INSERT INTO sources (url, refresh) VALUES ('http://127.0.0.1:9/a', 300)")
    raw.executemany(
        "INSERT INTO items (source_id, guid, title, published, first_seen, starred) "
        "VALUES (1, ?, ?, ?, 1, ?)",
        [("a1", "Harbour plan", 10, 1), ("a2", "Storm warning", 20, 0)],
    )
    raw.execute("PRAGMA user_version = 14")
    raw.commit()
    raw.close()


def test_a_file_at_14_keeps_its_stars_and_counts_each_change(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _at_14(path)
    store = Store(path)
    other = Store(path)  # a second process's connection
    try:
        assert store.schema_version == len(schema.MIGRATIONS) >= 15
        stars = {h.title: h.starred for h in store.headlines(HeadlineQuery())}
        assert stars == {"Harbour plan": True, "Storm warning": False}
        assert store.setting(schema.STAR_CHANGES) is None
        ids = {h.title: h.id for h in store.headlines(HeadlineQuery())}
        other.set_starred(ids["Storm warning"], True)
        assert store.setting(schema.STAR_CHANGES) == "1"
        other.set_starred(ids["Storm warning"], True)  # already starred: no change
        store.set_read([ids["Harbour plan"]])  # a read mark is counted elsewhere
        assert store.setting(schema.STAR_CHANGES) == "1"
        store.set_starred(ids["Harbour plan"], False)
        other.set_starred(ids["Storm warning"], False)
        assert store.setting(schema.STAR_CHANGES) == "3"
    finally:
        other.close()
        store.close()
