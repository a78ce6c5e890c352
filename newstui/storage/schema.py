"""Provides the database schema: its migrations, applied in order at open, one transaction each."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from newstui.storage.errors import StoreError

MIGRATIONS: list[str] = [
    # 1: sources with fetch state, items once per source, newest-first timeline index.
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        name TEXT,
        feed_title TEXT,
        refresh REAL NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        etag TEXT,
        last_modified TEXT,
        last_fetch REAL,
        last_status TEXT NOT NULL DEFAULT 'new',
        last_error TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        next_poll REAL,
        moved_to TEXT,
        ttl REAL,
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        guid TEXT NOT NULL,
        title TEXT NOT NULL,
        link TEXT,
        published REAL NOT NULL,
        first_seen REAL NOT NULL,
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        author TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        content TEXT NOT NULL DEFAULT '',
        UNIQUE (source_id, guid)
    );
    CREATE INDEX items_timeline ON items (published DESC, id DESC);
    CREATE INDEX items_by_source ON items (source_id, published DESC);
    """,
    # 2: full articles extracted from the web page, so reopening is instant and works offline.
    """
    CREATE TABLE articles (
        item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        title TEXT,
        markdown TEXT NOT NULL,
        words INTEGER NOT NULL,
        author TEXT,
        published TEXT,
        fetched REAL NOT NULL
    );
    """,
    # 3: full-text search over titles and summaries. External content: the text lives once, in
    # items; triggers keep the index in step (read/star updates do not touch it).
    """
    CREATE VIRTUAL TABLE items_fts USING fts5(
        title, summary, content='items', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
        INSERT INTO items_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
    END;
    CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
        INSERT INTO items_fts (items_fts, rowid, title, summary)
            VALUES ('delete', old.id, old.title, old.summary);
    END;
    CREATE TRIGGER items_fts_update AFTER UPDATE OF title, summary ON items BEGIN
        INSERT INTO items_fts (items_fts, rowid, title, summary)
            VALUES ('delete', old.id, old.title, old.summary);
        INSERT INTO items_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
    END;
    INSERT INTO items_fts (items_fts) VALUES ('rebuild');
    """,
    # 4: paused sources (kept apart from last_status so resuming restores the real status), and
    # small app settings such as the theme chosen last.
    """
    ALTER TABLE sources ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 5: per-source and overall total/unread counts (the sources list, the header after each
    # poll) read this covering index instead of every row: 22 ms -> 4 ms at 50,000 headlines.
    """
    CREATE INDEX items_read_by_source ON items (source_id, read);
    """,
    # 6: guids of pruned headlines: a feed that still lists one must not bring it back as new
    # (feeds often list items older than keep_days, or more than keep_per_source).
    """
    CREATE TABLE pruned (
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        guid TEXT NOT NULL,
        pruned_at REAL NOT NULL,
        PRIMARY KEY (source_id, guid)
    ) WITHOUT ROWID;
    """,
    # 7: the site a feed is of (its own <link>), for the sources view's "open its site".
    """
    ALTER TABLE sources ADD COLUMN site_link TEXT;
    """,
    # 8: sync with a Google Reader API server (newstui.sync, storage/synced.py): the subscription
    # a source is, the server's id of each synced headline (kept, headline_id NULL, once the
    # headline is pruned: the server must not send it again), the queue of marks made here and
    # not yet on the server (no link to items: a pruned headline's mark is still sent), and the
    # sync's own state (where the listing starts, what the last sync saw, how it ended).
    """
    ALTER TABLE sources ADD COLUMN stream_id TEXT;
    CREATE TABLE sync_items (
        server_id INTEGER PRIMARY KEY,
        headline_id INTEGER UNIQUE REFERENCES items(id) ON DELETE SET NULL,
        crawled_us INTEGER NOT NULL
    );
    CREATE TABLE sync_queue (
        id INTEGER PRIMARY KEY,
        server_id INTEGER NOT NULL,
        mark TEXT NOT NULL CHECK (mark IN ('read', 'starred')),
        value INTEGER NOT NULL,
        at REAL NOT NULL
    );
    CREATE INDEX sync_queue_by_item ON sync_queue (server_id, mark);
    CREATE TABLE sync_state (key TEXT PRIMARY KEY, value BLOB NOT NULL);
    """,
    # 9: the story each headline belongs to (newstui.stories), NULL until it is placed. The
    # index serves one story's headlines newest first (`headlines --story`, a story row's
    # newer members), the rows still to place (story IS NULL, by date) and a merge's rewrite.
    """
    ALTER TABLE items ADD COLUMN story INTEGER;
    CREATE INDEX items_story ON items (story, published DESC, id DESC);
    """,
    # 10: each source's headline and unread counts, kept by triggers as headlines are stored,
    # marked and pruned. The header (after every list update), the sources view and the
    # sources list read them instead of counting: counting 500,000 headlines took ~50 ms
    # for the total and ~60 ms for the sources' counts (benchmarks/RESULTS.md, issue 18).
    """
    CREATE TABLE source_counts (
        source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
        total INTEGER NOT NULL DEFAULT 0,
        unread INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO source_counts (source_id, total, unread)
        SELECT source_id, COUNT(*), SUM(read = 0) FROM items GROUP BY source_id;
    CREATE TRIGGER items_count_insert AFTER INSERT ON items BEGIN
        INSERT INTO source_counts (source_id, total, unread)
            VALUES (new.source_id, 1, new.read = 0)
            ON CONFLICT (source_id) DO UPDATE
            SET total = total + 1, unread = unread + excluded.unread;
    END;
    CREATE TRIGGER items_count_delete AFTER DELETE ON items BEGIN
        UPDATE source_counts SET total = total - 1, unread = unread - (old.read = 0)
            WHERE source_id = old.source_id;
    END;
    CREATE TRIGGER items_count_update AFTER UPDATE OF read, source_id ON items
    WHEN old.read != new.read OR old.source_id != new.source_id BEGIN
        UPDATE source_counts SET total = total - 1, unread = unread - (old.read = 0)
            WHERE source_id = old.source_id;
        INSERT INTO source_counts (source_id, total, unread)
            VALUES (new.source_id, 1, new.read = 0)
            ON CONFLICT (source_id) DO UPDATE
            SET total = total + 1, unread = unread + excluded.unread;
    END;
    """,
    # 11: the search index's vocabulary (storage.vocabulary): every term of items_fts, so that a
    # typed prefix reads as an OR of its exact terms. A trigger cannot tokenize, so the triggers
    # queue the headlines whose text changed, folded in later (Store.fold_search_terms, as a
    # search is begun); the fill reads the index's own terms.
    """
    CREATE TABLE fts_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE fts_pending (id INTEGER PRIMARY KEY);
    CREATE TRIGGER fts_pending_insert AFTER INSERT ON items BEGIN
        INSERT OR IGNORE INTO fts_pending (id) VALUES (new.id);
    END;
    CREATE TRIGGER fts_pending_update AFTER UPDATE OF title, summary ON items BEGIN
        INSERT OR IGNORE INTO fts_pending (id) VALUES (new.id);
    END;
    CREATE VIRTUAL TABLE temp.items_fts_terms USING fts5vocab(main, items_fts, 'row');
    INSERT INTO fts_terms (term) SELECT term FROM temp.items_fts_terms;
    DROP TABLE temp.items_fts_terms;
    """,
    # 12: until when a source's server asked not to be polled (a 429 or 503's Retry-After, as
    # seconds since the epoch), read by feeds.poll_state.server_wait. It was kept only in the
    # status text, "...(Retry-After: N s)" after the last fetch, and read back from there: a
    # failing source whose status names such a wait gets it here (rtrim strips " s)", then the
    # digits, which must leave the text ending in "(Retry-After: ").
    """
    ALTER TABLE sources ADD COLUMN retry_until REAL;
    UPDATE sources SET retry_until = last_fetch + CAST(substr(
            rtrim(last_error, ' s)'),
            length(rtrim(rtrim(last_error, ' s)'), '0123456789')) + 1
        ) AS INTEGER)
    WHERE last_status = 'error' AND last_fetch IS NOT NULL
        AND last_error GLOB '*(Retry-After: [0-9]* s)'
        AND rtrim(rtrim(last_error, ' s)'), '0123456789') GLOB '*(Retry-After: ';
    """,
    # 13: the story index carries each headline's source, so that a story's size (its
    # headlines and distinct sources, storage.stories.sizes) is read from the index alone, not
    # from each of its rows in the table: at 500,000 stored the sizes of the 40 stories a
    # search of a common word shows first (~100 headlines each) took 1.45 ms, 0.62 from the
    # index. The same index one column wider, not a second one: every write keeps up one
    # index as before. Rebuilt once, ~1.2 s at 500,000 stored.
    """
    DROP INDEX items_story;
    CREATE INDEX items_story ON items (story, published DESC, id DESC, source_id);
    """,
    # 14: no index by source and read mark. Migration 5 made it for counting each source's
    # headlines and unread ones; migration 10's counts replaced those counts, and what else
    # read it (a source's first row, a source's ids to mark read) reads items_by_source as
    # well, covered by it too. Every stored headline kept it up: ~1.4 % of the CPU of storing
    # a cold round's rows, and every read mark moved an entry of it.
    """
    DROP INDEX items_read_by_source;
    """,
    # 15: a count of star changes (settings' STAR_CHANGES), kept by a trigger as stars are set
    # and cleared by any process (the ticker, a second ticker, a sync). A star changes no count
    # of source_counts, so a ticker saw another's stars only at its next read of the view.
    """
    CREATE TRIGGER items_star_changes AFTER UPDATE OF starred ON items
    WHEN old.starred != new.starred BEGIN
        INSERT INTO settings (key, value) VALUES ('star_changes', 1)
            ON CONFLICT (key) DO UPDATE SET value = value + 1;
    END;
    """,
    # 16: the search index catches up after the writes (storage.search_index): a headline
    # whose id is above fts_mark.high is not in items_fts (nor queued for the vocabulary) yet.
    # Every row stored so far is indexed: the mark starts at the largest id. The triggers act
    # below the mark only, where an id SQLite gives again after a delete still lands.
    """
    CREATE TABLE fts_mark (only INTEGER PRIMARY KEY CHECK (only = 1), high INTEGER NOT NULL);
    INSERT INTO fts_mark (only, high) VALUES (1, (SELECT COALESCE(MAX(id), 0) FROM items));
    DROP TRIGGER items_fts_insert;
    DROP TRIGGER items_fts_delete;
    DROP TRIGGER items_fts_update;
    DROP TRIGGER fts_pending_insert;
    DROP TRIGGER fts_pending_update;
    CREATE TRIGGER items_fts_insert AFTER INSERT ON items
    WHEN new.id <= (SELECT high FROM fts_mark) BEGIN
        INSERT INTO items_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
        INSERT OR IGNORE INTO fts_pending (id) VALUES (new.id);
    END;
    CREATE TRIGGER items_fts_delete AFTER DELETE ON items
    WHEN old.id <= (SELECT high FROM fts_mark) BEGIN
        INSERT INTO items_fts (items_fts, rowid, title, summary)
            VALUES ('delete', old.id, old.title, old.summary);
    END;
    CREATE TRIGGER items_fts_update AFTER UPDATE OF title, summary ON items
    WHEN old.id <= (SELECT high FROM fts_mark) BEGIN
        INSERT INTO items_fts (items_fts, rowid, title, summary)
            VALUES ('delete', old.id, old.title, old.summary);
        INSERT INTO items_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
        INSERT OR IGNORE INTO fts_pending (id) VALUES (new.id);
    END;
    """,
]

STAR_CHANGES = "star_changes"
"""The settings key migration 15's trigger counts star changes under."""


def statements(script: str) -> Iterator[str]:
    """Splits a migration into statements; a trigger body's own ';' does not end its statement."""
    pending = ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""
    if pending.strip(" \n;"):
        raise ValueError(f"incomplete SQL statement in a migration: {pending[:60]!r}")


def version(db: sqlite3.Connection) -> int:
    """The schema version the file is at (SQLite's user_version; 0 for a new file)."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def pending(current: int, path: Path) -> list[int]:
    """The versions still to apply to a file at version `current`, in order. Raises StoreError
    for a file of a newer newstui."""
    if current > len(MIGRATIONS):
        raise StoreError(
            f"{path}: was written by a newer newstui (schema {current}); upgrade newstui"
        )
    return list(range(current + 1, len(MIGRATIONS) + 1))


def apply(db: sqlite3.Connection, number: int) -> None:
    """Applies migration `number` inside the caller's transaction (a write job). Another process
    may have applied it meanwhile (both found it pending before taking the write lock): then it
    is skipped."""
    if version(db) >= number:
        return
    for statement in statements(MIGRATIONS[number - 1]):
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {number}")
