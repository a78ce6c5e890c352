"""Provides the store's write jobs: each a function of the writing connection (inside the
writer's transaction) and its arguments, returning what the caller gets back."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TypeVar

from newstui.models import Article, FeedEntry, Headline, HeadlineQuery, Source, SourceStatus
from newstui.storage import queries
from newstui.storage.queries import ts
from newstui.storage.search_index import catch_up_all
from newstui.storage.sync_writes import queue_marks

T = TypeVar("T")

FUTURE_TOLERANCE = 300.0
"""Seconds a feed's date may lie ahead of our clock before we distrust it (clock skew)."""
PRUNED_MEMORY = 4_000
"""Guids of pruned headlines remembered per source, at most. Those a feed no longer lists are
forgotten at its next clean poll, so in practice it is how many old items feeds keep listing."""
LAST_PRUNE = "last_prune"
"""The setting that holds when retention last ran (seconds since the epoch)."""


def sync_sources(
    db: sqlite3.Connection,
    wanted: dict[str, tuple[str | None, float, str]],
    changed: Sequence[str],
    retired: Sequence[str],
) -> None:
    """Retires sources no longer configured and inserts or updates the changed ones (`wanted`
    maps a URL to its name, refresh and JSON tags)."""
    db.executemany("UPDATE sources SET active = 0 WHERE url = ?", [(u,) for u in retired])
    db.executemany(
        """INSERT INTO sources (url, name, refresh, tags, active) VALUES (?, ?, ?, ?, 1)
           ON CONFLICT (url) DO UPDATE SET name = excluded.name,
               refresh = excluded.refresh, tags = excluded.tags, active = 1""",
        [(url, *wanted[url]) for url in changed],
    )


def save_states(db: sqlite3.Connection, sources: Sequence[Source]) -> None:
    """Sources' fetch states. The paused flag is not part of it (see set_paused)."""
    db.executemany(
        """UPDATE sources SET feed_title = ?, etag = ?, last_modified = ?, last_fetch = ?,
               last_status = ?, last_error = ?, failures = ?, next_poll = ?, moved_to = ?,
               ttl = ?, site_link = ?, retry_until = ? WHERE id = ?""",
        [
            (
                s.feed_title,
                s.etag,
                s.last_modified,
                ts(s.last_fetch),
                SourceStatus(s.last_status).value,
                s.last_error,
                s.failures,
                ts(s.next_poll),
                s.moved_to,
                s.ttl,
                s.site_link,
                ts(s.retry_until),
                s.id,
            )
            for s in sources
        ],
    )


def save_poll(
    db: sqlite3.Connection, source: Source, entries: Sequence[FeedEntry], now_ts: float
) -> list[Headline]:
    """A source's new fetch state and its new entries; returns the headlines not stored before
    (an entry's identity is its guid within the source), newest first."""
    fresh = _save_poll(db, source, entries, now_ts, _insert_rows)
    if not fresh:
        return []
    rows = db.execute(
        f"SELECT {queries.HEADLINE_COLUMNS} FROM items i JOIN sources s ON s.id = i.source_id "
        f"WHERE i.id IN ({','.join(str(i) for i in fresh)}) ORDER BY i.published DESC, i.id DESC"
    )
    return [queries.headline(r) for r in rows]


def save_poll_counted(
    db: sqlite3.Connection, source: Source, entries: Sequence[FeedEntry], now_ts: float
) -> int:
    """save_poll for a caller that needs only how many headlines were new (a `fetch` round
    with no alerts): reading them back was ~15 % of storing a cold round's headlines, and
    their ids are not asked for either (see _count_rows)."""
    return _save_poll(db, source, entries, now_ts, _count_rows)


def _save_poll(
    db: sqlite3.Connection,
    source: Source,
    entries: Sequence[FeedEntry],
    now_ts: float,
    insert: Callable[[sqlite3.Connection, Sequence[tuple[object, ...]]], T],
) -> T:
    save_states(db, [source])
    fresh = insert(db, _new_rows(db, source.id, entries, now_ts))
    if entries and source.last_status == SourceStatus.OK and not source.last_error:
        # A whole, clean document: pruned guids it no longer lists cannot come back, so they
        # are forgotten (this keeps what is remembered to what feeds still list).
        db.execute(
            "DELETE FROM pruned WHERE source_id = ? "
            "AND guid NOT IN (SELECT value FROM json_each(?))",
            (source.id, json.dumps([e.guid for e in entries])),
        )
    return fresh


def _new_rows(
    db: sqlite3.Connection, source_id: int, entries: Sequence[FeedEntry], now_ts: float
) -> list[tuple[object, ...]]:
    """The items' rows of the entries not stored before, in the order to insert them."""
    if not entries:
        return []
    unique: dict[str, FeedEntry] = {}
    for entry in entries:
        unique.setdefault(entry.guid, entry)
    known: set[str] = set()
    guids = list(unique)
    for start in range(0, len(guids), 400):
        chunk = guids[start : start + 400]
        marks = ",".join("?" * len(chunk))
        known.update(
            row[0]
            for row in db.execute(
                f"""SELECT guid FROM items WHERE source_id = ? AND guid IN ({marks})
                    UNION ALL
                    SELECT guid FROM pruned WHERE source_id = ? AND guid IN ({marks})""",
                (source_id, *chunk, source_id, *chunk),
            )
        )
    unseen = [e for g, e in unique.items() if g not in known]
    if unseen and (known or db.execute(_ANY_ITEM, (source_id,)).fetchone()):
        # An id unknown here may be a stored item's other id (feeds/identity.py).
        unseen = [e for e in unseen if not _stored_alike(db, source_id, e)]
    rows: list[tuple[object, ...]] = []
    # Feeds list newest first; inserting in reverse gives undated entries a row id order that
    # keeps the feed's own order in the newest-first timeline.
    for entry in reversed(unseen):
        published = entry.published.timestamp() if entry.published else now_ts
        if published > now_ts + FUTURE_TOLERANCE:
            published = now_ts  # a future date must not pin an item above real news
        rows.append(
            (
                source_id,
                entry.guid,
                entry.title,
                entry.link,
                published,
                now_ts,
                entry.author,
                entry.summary,
                entry.content_html,
            )
        )
    return rows


_ANY_ITEM = "SELECT 1 FROM items WHERE source_id = ? LIMIT 1"
_INSERT_ITEMS = """INSERT INTO items (source_id, guid, title, link, published, first_seen, author,
    summary, content) VALUES """
_ITEM_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?)"
ROWS_PER_INSERT = 200
"""Headlines one INSERT stores at most (9 parameters each, well under SQLite's 32,766)."""
RETURNING = sqlite3.sqlite_version_info >= (3, 35, 0)
"""Whether SQLite reports the ids of the rows an INSERT stored (RETURNING, SQLite 3.35)."""


def _insert_rows(db: sqlite3.Connection, rows: Sequence[tuple[object, ...]]) -> list[int]:
    """Inserts rows of items' columns in their order; returns their ids, in no given order.

    Many rows a statement: an insert into items fires the search index's trigger under a
    statement journal, and FTS5 (SQLite 3.40) writes the terms it holds out as a new segment
    at each such statement, so a statement a headline made a segment a headline, whose
    merging was most of the index's cost: storing 10,000 headlines took 0.4-0.7 s of CPU
    against 0.9-1.3 s a row at a time (benchmarks/RESULTS.md, "`fetch` at scale")."""
    if not RETURNING:
        return [int(db.execute(_INSERT_ITEMS + _ITEM_VALUES, row).lastrowid or 0) for row in rows]
    ids: list[int] = []
    for start in range(0, len(rows), ROWS_PER_INSERT):
        chunk = rows[start : start + ROWS_PER_INSERT]
        values = ",".join([_ITEM_VALUES] * len(chunk))
        flat = [value for row in chunk for value in row]
        ids.extend(int(r[0]) for r in db.execute(f"{_INSERT_ITEMS}{values} RETURNING id", flat))
    return ids


def _count_rows(db: sqlite3.Connection, rows: Sequence[tuple[object, ...]]) -> int:
    """Inserts rows as _insert_rows does; returns how many, without their ids.

    Why not _insert_rows' RETURNING: sqlite3 gives up the GIL for each row it steps through,
    and the writer thread must then win it back from a thread that parses (up to the switch
    interval, 5 ms, each time) while holding the write lock, which a round's other process
    waits for: 50 rows inserted beside a busy thread took 20.5 ms with RETURNING against 11.5
    ms without (3.9 against 2.6 ms alone; benchmarks/RESULTS.md, coldwall2)."""
    count = 0
    for start in range(0, len(rows), ROWS_PER_INSERT):
        chunk = rows[start : start + ROWS_PER_INSERT]
        values = ",".join([_ITEM_VALUES] * len(chunk))
        flat = [value for row in chunk for value in row]
        count += db.execute(f"{_INSERT_ITEMS}{values}", flat).rowcount
    return count


def _stored_alike(db: sqlite3.Connection, source_id: int, entry: FeedEntry) -> bool:
    """Whether the source holds this entry under another id of its family (feeds/identity.py:
    items whose guid or link collide in a document get longer ids, and which collide changes
    from document to document): the same link, title and text, and the same date if it has one
    (a date that was ahead of the time the item was stored is stored as that time: _new_rows)."""
    family = entry.family or entry.guid
    rows = db.execute(
        "SELECT link, title, summary, published, first_seen FROM items WHERE source_id = ? "
        "AND (guid = ? OR (guid > ? AND guid < ?))",  # the family's ids: "{family}#{hash}"
        (source_id, family, family + "#", family + "$"),
    )
    stamp = entry.published.timestamp() if entry.published else None
    return any(
        link == entry.link
        and title == entry.title
        and summary == entry.summary
        and (
            stamp is None
            or published == stamp
            or (published == seen and stamp > seen + FUTURE_TOLERANCE)  # clamped
        )
        for link, title, summary, published, seen in rows
    )


def set_paused(db: sqlite3.Connection, source_id: int, paused: bool) -> None:
    db.execute(
        "UPDATE sources SET paused = ?, next_poll = NULL WHERE id = ?", (int(paused), source_id)
    )


def put_setting(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def save_article(db: sqlite3.Connection, headline_id: int, article: Article) -> None:
    """Caches a headline's article; nothing when the headline is gone (pruned meanwhile)."""
    db.execute(
        """INSERT OR REPLACE INTO articles
           (item_id, title, markdown, words, author, published, fetched)
           SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM items WHERE id = ?)""",
        (
            headline_id,
            article.title,
            article.markdown,
            article.words,
            article.author,
            article.published,
            ts(article.fetched) or datetime.now(UTC).timestamp(),
            headline_id,
        ),
    )


# Marks of synced headlines are queued for the server in the same transaction (at: when the
# user made them, this device's clock), so that a mark and its queued change are one.


def set_read(
    db: sqlite3.Connection, headline_ids: Sequence[int], read: bool, at: float = 0.0
) -> None:
    ids = ",".join(str(int(i)) for i in headline_ids)  # integers only: safe to inline
    queue_marks(db, "read", read, at, f"i.id IN ({ids})")
    db.executemany("UPDATE items SET read = ? WHERE id = ?", [(int(read), i) for i in headline_ids])


def set_starred(db: sqlite3.Connection, headline_id: int, starred: bool, at: float = 0.0) -> None:
    queue_marks(db, "starred", starred, at, "i.id = ?", (headline_id,))
    db.execute("UPDATE items SET starred = ? WHERE id = ?", (int(starred), headline_id))


def mark_all_read(db: sqlite3.Connection, query: HeadlineQuery, read: bool, at: float = 0.0) -> int:
    """Marks every headline `query` selects read (or unread); returns how many changed."""
    if query.search is not None:
        catch_up_all(db)  # the search's matches are read from the index
    terms, params = queries.where(query)
    sql = "UPDATE items SET read = ? WHERE read != ?"
    chosen = "1"
    if terms:
        chosen = (
            "i.id IN (SELECT i.id FROM items i JOIN sources s ON s.id = i.source_id "
            "WHERE " + " AND ".join(terms) + ")"
        )
        sql += " AND " + chosen.removeprefix("i.")
    queue_marks(db, "read", read, at, chosen, params)
    return int(db.execute(sql, [int(read), int(read), *params]).rowcount)


def prune(db: sqlite3.Connection, keep_days: float, keep_per_source: int, now_ts: float) -> int:
    """Deletes headlines older than `keep_days` or beyond the newest `keep_per_source` of their
    source; starred ones are always kept. Returns how many were deleted."""
    cutoff = now_ts - keep_days * 86400
    old = _bury(db, "starred = 0 AND published < ? AND first_seen < ?", (cutoff, cutoff), now_ts)
    # Only sources holding more than the cap can have headlines past it: their counts (kept by
    # triggers, migration 10) name them, so the window sorts their rows, not every row (after
    # a cold round of 25,000 headlines, none: this was ~3 % of the round's CPU).
    over = _bury(
        db,
        """starred = 0 AND id IN (
               SELECT id FROM (
                   SELECT id, ROW_NUMBER() OVER (
                       PARTITION BY source_id ORDER BY published DESC, id DESC) AS n
                   FROM items WHERE source_id IN (
                       SELECT source_id FROM source_counts WHERE total > ?)) WHERE n > ?)""",
        (keep_per_source, keep_per_source),
        now_ts,
    )
    put_setting(db, LAST_PRUNE, repr(now_ts))
    if old or over:
        db.execute(
            """DELETE FROM pruned WHERE (source_id, guid) IN (
                   SELECT source_id, guid FROM (
                       SELECT source_id, guid, ROW_NUMBER() OVER (
                           PARTITION BY source_id ORDER BY pruned_at DESC) AS n
                       FROM pruned) WHERE n > ?)""",
            (PRUNED_MEMORY,),
        )
        # Deleting from an FTS5 index leaves delete markers that merges drop only slowly: under
        # steady churn it grew ~0.07 MiB an hour with the headlines flat (soak benchmark). A
        # rewrite keeps it to the live rows: ~0.1 s at 45,000 headlines.
        db.execute("INSERT INTO items_fts (items_fts) VALUES ('optimize')")
    return old + over


def _bury(db: sqlite3.Connection, where: str, params: tuple[object, ...], now_ts: float) -> int:
    """Deletes the headlines `where` selects, remembering their guids (see PRUNED_MEMORY)."""
    db.execute(
        f"INSERT OR REPLACE INTO pruned (source_id, guid, pruned_at) "
        f"SELECT source_id, guid, ? FROM items WHERE {where}",
        (now_ts, *params),
    )
    return int(db.execute(f"DELETE FROM items WHERE {where}", params).rowcount)
