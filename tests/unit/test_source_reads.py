"""Reading sources back: tags (none, some), a status a newer newstui wrote (read as NEW), and a
status given as its text, as the database gives it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newstui.models import Source, SourceConfig, SourceStatus
from newstui.storage.store import Store


def test_sources_read_back_with_their_tags_and_a_status_this_version_knows(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "s.db")
    configs = [
        SourceConfig("http://127.0.0.1/a"),
        SourceConfig("http://127.0.0.1/b", tags=("world", "ünï")),
        SourceConfig("http://127.0.0.1/c"),
    ]
    store.sync_sources(configs, 300)
    store.close()
    with sqlite3.connect(tmp_path / "s.db") as raw:  # as a newer newstui may leave them
        raw.execute("UPDATE sources SET last_status = 'throttled' WHERE url LIKE '%/a'")
        raw.execute("UPDATE sources SET last_status = 'gone' WHERE url LIKE '%/c'")
    a, b, c = Store(tmp_path / "s.db").sources()
    assert (a.tags, b.tags, c.tags) == ((), ("world", "ünï"), ())
    assert (a.last_status, b.last_status, c.last_status) == (
        SourceStatus.NEW,
        SourceStatus.NEW,
        SourceStatus.GONE,
    )
    assert c.failing and not c.polled
    assert Source(1, "http://x/", None, None, 60.0, last_status="ok").last_status is SourceStatus.OK  # type: ignore[arg-type]
