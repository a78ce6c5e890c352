"""Provides the SQLite store: schema, migrations, sources with their fetch state, and headlines."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newstui.models import FeedEntry, Headline, Source, SourceConfig

FUTURE_TOLERANCE = 300.0
"""Seconds a feed's date may lie ahead of our clock before we distrust it (clock skew)."""
PRUNED_MEMORY = 4_000
"""Guids of pruned headlines remembered per source, at most. Those a feed no longer lists are
forgotten at its next clean poll, so in practice it is how many old items feeds keep listing."""
PRUNE_EVERY = 3600.0
"""Seconds between retention passes that nothing new calls for: headlines age out by the hour,
not by the second (a ticker prunes this often; `fetch` after a round with news, or this late)."""
_LAST_PRUNE = "last_prune"
WAIT_NOTICE = 0.5
"""Seconds a write waits for another process's lock before Store.on_wait hears of it."""

_MIGRATIONS: list[str] = [
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
]


def _statements(script: str) -> Iterator[str]:
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


class StoreError(Exception):
    """The database cannot be used; the message names the file and what to do."""


def _ts(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment is not None else None


def _dt(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if value is not None else None


@dataclass(frozen=True)
class CachedArticle:
    """A full article as extracted from its page (safe Markdown), kept for offline reading."""

    title: str | None
    markdown: str
    words: int
    author: str | None = None
    published: str | None = None
    fetched: datetime | None = None


@dataclass(frozen=True)
class Counts:
    total: int
    unread: int


_HEADLINE_COLUMNS = (
    "i.id, i.source_id, COALESCE(s.name, s.feed_title, s.url), i.guid, i.title, i.link, "
    "i.published, i.summary, i.read, i.starred, i.first_seen"
)


def _headline(row: tuple[Any, ...]) -> Headline:
    published = float(row[6])
    return Headline(
        id=int(row[0]),
        source_id=int(row[1]),
        source_name=str(row[2]),
        guid=str(row[3]),
        title=str(row[4]),
        link=row[5] if row[5] is None else str(row[5]),
        published=datetime.fromtimestamp(published, UTC),
        summary=str(row[7]),
        read=bool(row[8]),
        starred=bool(row[9]),
        first_seen=datetime.fromtimestamp(float(row[10]), UTC),
    )


_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """The user's words as an FTS5 query: each word a quoted prefix term, all of them required.
    Quoting every word means no input is read as FTS syntax (AND, NEAR, column:, "..."), so
    typing never raises a syntax error. None when the text has no word at all."""
    words = _FTS_WORD.findall(text)
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words[:32])


def _filters(
    *,
    source: str | None = None,
    unread_only: bool = False,
    starred_only: bool = False,
    search: str | None = None,
    tag: str | None = None,
    source_id: int | None = None,
    ids: Iterable[int] | None = None,
) -> tuple[list[str], list[object]]:
    """WHERE terms over `items i JOIN sources s` for the headline filters."""
    where: list[str] = []
    params: list[object] = []
    if source is not None:
        where.append(
            "(lower(COALESCE(s.name, '')) = lower(?) OR lower(COALESCE(s.feed_title, '')) "
            "= lower(?) OR s.url = ?)"
        )
        params += [source, source, source]
    if source_id is not None:
        where.append("i.source_id = ?")
        params.append(source_id)
    if unread_only:
        where.append("i.read = 0")
    if starred_only:
        where.append("i.starred = 1")
    if tag is not None:
        where.append("EXISTS (SELECT 1 FROM json_each(s.tags) WHERE json_each.value = ?)")
        params.append(tag)
    if search is not None:
        query = fts_query(search)
        if query is None:
            where.append("0")  # only punctuation: matches nothing, as FTS would
        else:
            where.append("i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)")
            params.append(query)
    if ids is not None:
        wanted = sorted({int(i) for i in ids})
        where.append(f"i.id IN ({','.join(str(i) for i in wanted) or 'NULL'})")
    return where, params


class Store:
    """One SQLite file in WAL mode. Every write is one transaction; safe to share across threads."""

    def __init__(self, path: Path, *, busy_timeout: float = 10.0) -> None:
        self.path = path
        self.busy_timeout = busy_timeout
        self.on_wait: Callable[[str], None] | None = None
        """Told when a write has to wait for another process (a `fetch` from cron, say), so
        that the wait can be shown where the user looks; it still waits up to busy_timeout."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA foreign_keys = ON")
            mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{path}: cannot switch the database to WAL mode (got {mode})")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._lock = threading.RLock()
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(self._explain(exc)) from None
        except OSError as exc:
            raise StoreError(
                f"{path}: cannot create the database ({exc.strerror}); "
                "check the folder exists and is writable, or pass --db PATH"
            ) from None

    def _explain(self, exc: sqlite3.Error) -> str:
        text = str(exc)
        if "not a database" in text or "malformed" in text:
            return (
                f"{self.path}: is not a usable newstui database ({text}); it was left untouched: "
                "move it aside to start afresh, or pass --db PATH"
            )
        if "locked" in text or "busy" in text:
            return (
                f"{self.path}: another newstui process is writing to the database and did not "
                f"finish within {self.busy_timeout:g} s ({text}); nothing was lost: try again "
                "in a moment"
            )
        if "full" in text:
            return f"{self.path}: the disk is full ({text}); free some space and try again"
        if "readonly" in text or "unable to open" in text:
            return (
                f"{self.path}: cannot be written ({text}); check its permissions, or pass --db PATH"
            )
        return f"{self.path}: database error: {text}"

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: takes the write lock up front so that two processes queue
        instead of failing half-way through."""
        with self._lock:
            try:
                self._begin()
            except sqlite3.OperationalError as exc:
                raise StoreError(self._explain(exc)) from None
            try:
                yield self._db
            except sqlite3.Error as exc:
                # A full disk, a corrupt page: what was written before stays, this one is undone
                # and reported as a message, never as a traceback.
                self._rollback()
                raise StoreError(self._explain(exc)) from None
            except BaseException:
                self._rollback()
                raise
            else:
                try:
                    self._db.execute("COMMIT")
                except sqlite3.Error as exc:
                    self._rollback()
                    raise StoreError(self._explain(exc)) from None

    def _begin(self) -> None:
        if self.on_wait is None or self.busy_timeout <= WAIT_NOTICE:
            self._db.execute("BEGIN IMMEDIATE")
            return
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(WAIT_NOTICE * 1000)}")
            try:
                self._db.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
            self.on_wait(
                f"{self.path}: another newstui process is writing to the database; "
                f"waiting up to {self.busy_timeout:g} s"
            )
            rest = self.busy_timeout - WAIT_NOTICE
            self._db.execute(f"PRAGMA busy_timeout = {int(rest * 1000)}")
            self._db.execute("BEGIN IMMEDIATE")
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")

    def _rollback(self) -> None:
        # SQLite rolls back by itself after some errors (SQLITE_FULL, SQLITE_IOERR): then there is
        # no transaction left to roll back, and saying so must not hide the first error.
        if self._db.in_transaction:
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return list(self._db.execute(sql, params))
            except sqlite3.DatabaseError as exc:
                raise StoreError(self._explain(exc)) from None

    @property
    def schema_version(self) -> int:
        return int(self._read("PRAGMA user_version")[0][0])

    def _migrate(self) -> None:
        current = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if current > len(_MIGRATIONS):
            raise StoreError(
                f"{self.path}: was written by a newer newstui (schema {current}); upgrade newstui"
            )
        for version in range(current + 1, len(_MIGRATIONS) + 1):
            with self._write() as db:
                for statement in _statements(_MIGRATIONS[version - 1]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version}")

    # Sources

    def sync_sources(self, configs: Iterable[SourceConfig], default_refresh: float) -> list[Source]:
        """Makes the configured sources the active ones (matched by URL), keeping fetch state and
        headlines of those already known; sources no longer configured stop being polled but keep
        their headlines."""
        wanted = {
            cfg.url: (cfg.name, float(cfg.refresh or default_refresh), json.dumps(list(cfg.tags)))
            for cfg in configs
        }
        stored = {
            str(r[0]): ((r[1], float(r[2]), str(r[3])), bool(r[4]))
            for r in self._read("SELECT url, name, refresh, tags, active FROM sources")
        }
        changed = [url for url, row in wanted.items() if stored.get(url) != (row, True)]
        retired = [url for url, (_, active) in stored.items() if active and url not in wanted]
        if changed or retired:  # most starts change nothing: no write, no lock taken
            with self._write() as db:
                db.executemany(
                    "UPDATE sources SET active = 0 WHERE url = ?", [(u,) for u in retired]
                )
                db.executemany(
                    """INSERT INTO sources (url, name, refresh, tags, active)
                       VALUES (?, ?, ?, ?, 1)
                       ON CONFLICT (url) DO UPDATE SET name = excluded.name,
                           refresh = excluded.refresh, tags = excluded.tags, active = 1""",
                    [(url, *wanted[url]) for url in changed],
                )
        return self.sources()

    def sources(self, *, active_only: bool = True) -> list[Source]:
        rows = self._read(
            f"""SELECT s.id, s.url, s.name, s.feed_title, s.refresh, s.tags, s.etag,
                      s.last_modified, s.last_fetch,
                      CASE WHEN s.paused THEN 'paused' ELSE s.last_status END,
                      s.last_error, s.failures,
                      s.next_poll, s.moved_to, s.ttl,
                      (SELECT COUNT(*) FROM items i WHERE i.source_id = s.id),
                      (SELECT COUNT(*) FROM items i WHERE i.source_id = s.id AND i.read = 0)
               FROM sources s {"WHERE s.active = 1" if active_only else ""} ORDER BY s.id"""
        )
        return [
            Source(
                id=int(r[0]),
                url=str(r[1]),
                name=r[2],
                feed_title=r[3],
                refresh=float(r[4]),
                tags=tuple(json.loads(str(r[5]))),
                etag=r[6],
                last_modified=r[7],
                last_fetch=_dt(r[8]),
                last_status=str(r[9]),
                last_error=r[10],
                failures=int(r[11]),
                next_poll=_dt(r[12]),
                moved_to=r[13],
                ttl=r[14],
                item_count=int(r[15]),
                unread_count=int(r[16]),
            )
            for r in rows
        ]

    def save_poll(
        self, source: Source, entries: Sequence[FeedEntry], now: datetime | None = None
    ) -> list[Headline]:
        """Writes a source's new fetch state and its new entries in one transaction; returns the
        headlines not stored before (an entry's identity is its guid within the source)."""
        now_ts = (now or datetime.now(UTC)).timestamp()
        with self._write() as db:
            self._write_state(db, source)
            fresh = self._insert_entries(db, source.id, entries, now_ts)
            if entries and source.last_status == "ok" and not source.last_error:
                # A whole, clean document: pruned guids it no longer lists cannot come back, so
                # they are forgotten (this keeps what is remembered to what feeds still list).
                db.execute(
                    "DELETE FROM pruned WHERE source_id = ? "
                    "AND guid NOT IN (SELECT value FROM json_each(?))",
                    (source.id, json.dumps([e.guid for e in entries])),
                )
        if not fresh:
            return []
        ids = ",".join(str(i) for i in fresh)
        rows = self._read(
            f"SELECT {_HEADLINE_COLUMNS} FROM items i JOIN sources s ON s.id = i.source_id "
            f"WHERE i.id IN ({ids}) ORDER BY i.published DESC, i.id DESC"
        )
        return [_headline(r) for r in rows]

    def set_paused(self, source_id: int, paused: bool) -> None:
        """A paused source is not polled and reports the status "paused"; it keeps its headlines
        and fetch state. Either way its next poll is cleared: a paused source gives the poller
        nothing to wake up for, and a resumed one is due at once."""
        with self._write() as db:
            db.execute(
                "UPDATE sources SET paused = ?, next_poll = NULL WHERE id = ?",
                (int(paused), source_id),
            )

    def tags(self) -> list[tuple[str, int]]:
        """Every tag of an active source with how many unread headlines it has, by name."""
        rows = self._read(
            """SELECT t.value, COUNT(i.id) FROM sources s, json_each(s.tags) t
               LEFT JOIN items i ON i.source_id = s.id AND i.read = 0
               WHERE s.active = 1 GROUP BY t.value ORDER BY lower(t.value)"""
        )
        return [(str(r[0]), int(r[1])) for r in rows]

    def setting(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM settings WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as db:
            self._put_setting(db, key, value)

    @staticmethod
    def _put_setting(db: sqlite3.Connection, key: str, value: str) -> None:
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def save_state(self, source: Source) -> None:
        with self._write() as db:
            self._write_state(db, source)

    def save_states(self, sources: Sequence[Source]) -> None:
        """Several sources' fetch states in one transaction."""
        with self._write() as db:
            for source in sources:
                self._write_state(db, source)

    @staticmethod
    def _write_state(db: sqlite3.Connection, s: Source) -> None:
        db.execute(
            # "paused" is how sources() reports the paused flag, not a fetch status: writing a
            # paused source's state back keeps the real status for when it is resumed.
            """UPDATE sources SET feed_title = ?, etag = ?, last_modified = ?, last_fetch = ?,
                   last_status = CASE WHEN ? = 'paused' THEN last_status ELSE ? END,
                   last_error = ?, failures = ?, next_poll = ?, moved_to = ?,
                   ttl = ? WHERE id = ?""",
            (
                s.feed_title,
                s.etag,
                s.last_modified,
                _ts(s.last_fetch),
                s.last_status,
                s.last_status,
                s.last_error,
                s.failures,
                _ts(s.next_poll),
                s.moved_to,
                s.ttl,
                s.id,
            ),
        )

    @staticmethod
    def _insert_entries(
        db: sqlite3.Connection, source_id: int, entries: Sequence[FeedEntry], now_ts: float
    ) -> list[int]:
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
        fresh: list[int] = []
        unseen = [e for g, e in unique.items() if g not in known]
        if unseen and (known or db.execute(_ANY_ITEM, (source_id,)).fetchone()):
            # An id unknown here may be a stored item's other id (feeds/identity.py).
            unseen = [e for e in unseen if not _stored_alike(db, source_id, e)]
        # Feeds list newest first; inserting in reverse gives undated entries a row id order that
        # keeps the feed's own order in the newest-first timeline.
        for entry in reversed(unseen):
            published = entry.published.timestamp() if entry.published else now_ts
            if published > now_ts + FUTURE_TOLERANCE:
                published = now_ts  # a future date must not pin an item above real news
            cursor = db.execute(
                """INSERT INTO items (source_id, guid, title, link, published, first_seen, author,
                       summary, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
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
                ),
            )
            fresh.append(int(cursor.lastrowid or 0))
        return fresh

    # Headlines

    def headlines(
        self,
        *,
        limit: int = 100,
        source: str | None = None,
        before: tuple[datetime, int] | None = None,
        unread_only: bool = False,
        starred_only: bool = False,
        search: str | None = None,
        tag: str | None = None,
        source_id: int | None = None,
        ids: Iterable[int] | None = None,
    ) -> list[Headline]:
        """Newest first; every filter given must hold. `source` matches a source's name, feed
        title or URL (case-insensitive); `before` (published, id) pages past a headline already
        shown; `search` is the user's words, matched as prefixes in titles and summaries (all
        words must match); `tag` is one of the source's tags; `ids` limits to those headlines."""
        where, params = _filters(
            source=source,
            unread_only=unread_only,
            starred_only=starred_only,
            search=search,
            tag=tag,
            source_id=source_id,
            ids=ids,
        )
        if before is not None:
            where.append("(i.published < ? OR (i.published = ? AND i.id < ?))")
            stamp = before[0].timestamp()
            params += [stamp, stamp, before[1]]
        table = "items i"
        one_source = source is not None or source_id is not None or ids is not None
        if search is not None and not one_source and self._many_matches(search, limit):
            # A common word matches most rows: sorting them all costs ~100 ms at 50,000 rows,
            # walking the timeline index until `limit` rows matched costs ~20 ms. A rare word
            # is the other way round (a few rows to sort vs. the whole index to walk), and so is
            # one source's rows (its own index is smaller).
            table = "items i INDEXED BY items_timeline"
        sql = f"SELECT {_HEADLINE_COLUMNS} FROM {table} JOIN sources s ON s.id = i.source_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY i.published DESC, i.id DESC LIMIT ?"
        params.append(limit)
        return [_headline(r) for r in self._read(sql, params)]

    def _many_matches(self, search: str, limit: int) -> bool:
        query = fts_query(search)
        if query is None:
            return False
        cap = 4 * limit + 100
        rows = self._read(
            "SELECT COUNT(*) FROM (SELECT 1 FROM items_fts WHERE items_fts MATCH ? LIMIT ?)",
            (query, cap),
        )
        return int(rows[0][0]) >= cap

    def content(self, item_id: int) -> tuple[str, str]:
        """The feed's (summary text, HTML content) of one headline, for the reading pane."""
        rows = self._read("SELECT summary, content FROM items WHERE id = ?", (item_id,))
        return (str(rows[0][0]), str(rows[0][1])) if rows else ("", "")

    def cached_article(self, item_id: int) -> CachedArticle | None:
        rows = self._read(
            "SELECT title, markdown, words, author, published, fetched FROM articles "
            "WHERE item_id = ?",
            (item_id,),
        )
        if not rows:
            return None
        title, markdown, words, author, published, fetched = rows[0]
        return CachedArticle(title, markdown, int(words), author, published, _dt(fetched))

    def save_article(self, item_id: int, article: CachedArticle) -> None:
        with self._write() as db:
            db.execute(
                """INSERT OR REPLACE INTO articles
                   (item_id, title, markdown, words, author, published, fetched)
                   SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM items WHERE id = ?)""",
                (
                    item_id,
                    article.title,
                    article.markdown,
                    article.words,
                    article.author,
                    article.published,
                    _ts(article.fetched) or datetime.now(UTC).timestamp(),
                    item_id,
                ),
            )

    def items_without_article(self, item_ids: Iterable[int]) -> list[int]:
        ids = [int(i) for i in item_ids]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self._read(
            f"SELECT id FROM items WHERE id IN ({marks}) AND link IS NOT NULL "
            "AND id NOT IN (SELECT item_id FROM articles)",
            ids,
        )
        return [int(r[0]) for r in rows]

    def counts(self) -> Counts:
        row = self._read("SELECT COUNT(*), COALESCE(SUM(read = 0), 0) FROM items")[0]
        return Counts(int(row[0]), int(row[1]))

    def set_read(self, item_ids: Iterable[int], read: bool = True) -> None:
        ids = list(item_ids)
        with self._write() as db:
            db.executemany("UPDATE items SET read = ? WHERE id = ?", [(int(read), i) for i in ids])

    def mark_all_read(
        self,
        *,
        source_id: int | None = None,
        source: str | None = None,
        read: bool = True,
    ) -> int:
        """Marks every headline (or every one of a source, by id or by name/title/URL) read, or
        unread; returns how many changed."""
        where, params = _filters(source=source, source_id=source_id)
        sql = "UPDATE items SET read = ? WHERE read != ?"
        if where:
            sql += (
                " AND id IN (SELECT i.id FROM items i JOIN sources s ON s.id = i.source_id "
                "WHERE " + " AND ".join(where) + ")"
            )
        with self._write() as db:
            return int(db.execute(sql, [int(read), int(read), *params]).rowcount)

    def set_starred(self, item_id: int, starred: bool) -> None:
        with self._write() as db:
            db.execute("UPDATE items SET starred = ? WHERE id = ?", (int(starred), item_id))

    def prune(self, keep_days: float, keep_per_source: int, now: datetime | None = None) -> int:
        """Deletes headlines older than `keep_days` or beyond the newest `keep_per_source` of their
        source; starred ones are always kept. Returns how many were deleted."""
        now_ts = (now or datetime.now(UTC)).timestamp()
        cutoff = now_ts - keep_days * 86400
        with self._write() as db:
            old = self._bury(
                db, "starred = 0 AND published < ? AND first_seen < ?", (cutoff, cutoff), now_ts
            )
            over = self._bury(
                db,
                """starred = 0 AND id IN (
                       SELECT id FROM (
                           SELECT id, ROW_NUMBER() OVER (
                               PARTITION BY source_id ORDER BY published DESC, id DESC) AS n
                           FROM items) WHERE n > ?)""",
                (keep_per_source,),
                now_ts,
            )
            self._put_setting(db, _LAST_PRUNE, repr(now_ts))
            if old or over:
                db.execute(
                    """DELETE FROM pruned WHERE (source_id, guid) IN (
                           SELECT source_id, guid FROM (
                               SELECT source_id, guid, ROW_NUMBER() OVER (
                                   PARTITION BY source_id ORDER BY pruned_at DESC) AS n
                               FROM pruned) WHERE n > ?)""",
                    (PRUNED_MEMORY,),
                )
                # Deleting from an FTS5 index leaves delete markers that merges drop only slowly:
                # under steady churn it grew ~0.07 MiB an hour with the headlines flat (soak
                # benchmark). A rewrite keeps it to the live rows: ~0.1 s at 45,000 headlines.
                db.execute("INSERT INTO items_fts (items_fts) VALUES ('optimize')")
        return old + over

    def prune_due(self, now: datetime | None = None) -> bool:
        """True when no retention pass ran in the last PRUNE_EVERY seconds (or ever)."""
        try:
            last = float(self.setting(_LAST_PRUNE) or "nan")
        except ValueError:
            return True
        now_ts = (now or datetime.now(UTC)).timestamp()
        return not now_ts - PRUNE_EVERY < last <= now_ts  # NaN, or a clock set back: due

    @staticmethod
    def _bury(db: sqlite3.Connection, where: str, params: tuple[object, ...], now_ts: float) -> int:
        """Deletes the items `where` selects, remembering their guids (see PRUNED_MEMORY)."""
        db.execute(
            f"INSERT OR REPLACE INTO pruned (source_id, guid, pruned_at) "
            f"SELECT source_id, guid, ? FROM items WHERE {where}",
            (now_ts, *params),
        )
        return int(db.execute(f"DELETE FROM items WHERE {where}", params).rowcount)


_ANY_ITEM = "SELECT 1 FROM items WHERE source_id = ? LIMIT 1"


def _stored_alike(db: sqlite3.Connection, source_id: int, entry: FeedEntry) -> bool:
    """Whether the source holds this entry under another id of its family (feeds/identity.py:
    items whose guid or link collide in a document get longer ids, and which collide changes
    from document to document): the same link, title and text, and the same date if it has one."""
    family = entry.family or entry.guid
    rows = db.execute(
        "SELECT link, title, summary, published FROM items WHERE source_id = ? "
        "AND (guid = ? OR (guid > ? AND guid < ?))",  # the family's ids: "{family}#{hash}"
        (source_id, family, family + "#", family + "$"),
    )
    stamp = entry.published.timestamp() if entry.published else None
    return any(
        link == entry.link
        and title == entry.title
        and summary == entry.summary
        and (stamp is None or published == stamp)
        for link, title, summary, published in rows
    )
