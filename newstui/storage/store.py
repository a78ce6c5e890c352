"""Provides the Store: one SQLite file holding sources with their fetch state, headlines, marks,
cached articles and settings, read on a connection per thread and written by one writer thread."""

from __future__ import annotations

import json
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from newstui.models import (
    Article,
    FeedEntry,
    Headline,
    HeadlineQuery,
    Source,
    SourceConfig,
)
from newstui.storage import queries, schema, writes
from newstui.storage.connections import Readers
from newstui.storage.errors import StoreError, explain
from newstui.storage.queries import fts_query
from newstui.storage.search_window import search_page
from newstui.storage.stories import StoryRecord, StoryTable
from newstui.storage.story_store import StoryStore
from newstui.storage.synced import SyncTables
from newstui.storage.writer import WAIT_NOTICE, Writer
from newstui.storage.writes import FUTURE_TOLERANCE, PRUNED_MEMORY

__all__ = [
    "FUTURE_TOLERANCE",
    "PRUNED_MEMORY",
    "PRUNE_EVERY",
    "WAIT_NOTICE",
    "Counts",
    "Store",
    "StoreError",
    "StoryRecord",
    "StoryTable",
    "fts_query",
]

PRUNE_EVERY = 3600.0
"""Seconds between retention passes that nothing new calls for: headlines age out by the hour,
not by the second (a ticker prunes this often; `fetch` after a round with news, or this late)."""

_ALL = HeadlineQuery()


@dataclass(frozen=True)
class Counts:
    """How many headlines are stored, and how many of them are unread."""

    total: int
    unread: int


class Store(StoryStore):
    """One SQLite file in WAL mode, safe to share between threads and with other processes.

    Reads run on the calling thread's own connection and never wait for a writer. Writes are
    jobs for the one writer thread, each one transaction, run in the order asked: every write
    method waits for its job (up to `busy_timeout` for another process's lock, plus the jobs
    queued before it); those an event loop calls (the poller's, the article cache's) have an
    `..._async` twin that awaits it without blocking the loop. The interface runs the others on
    its own write thread (ui/store_writes.py).
    Every method raises StoreError, whose message names the file and what to do.
    """

    def __init__(self, path: Path, *, busy_timeout: float = 10.0) -> None:
        """Opens (creating it and its folder if needed) and migrates the database at `path`.
        `busy_timeout` is the seconds a write waits for another process's write lock."""
        self.path = path
        self.busy_timeout = busy_timeout
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = Writer(path, busy_timeout)
        except sqlite3.Error as exc:
            raise StoreError(explain(path, busy_timeout, exc)) from None
        except OSError as exc:
            raise StoreError(
                f"{path}: cannot create the database ({exc.strerror}); "
                "check the folder exists and is writable, or pass --db PATH"
            ) from None
        self._readers = Readers(path, busy_timeout)
        self.synced = SyncTables(self._writer, self._readers)
        """The tables of a sync with a server (newstui.sync): see storage/synced.py."""
        # A Store dropped without close() still ends its thread and connections (at collection,
        # or at exit after running the writes already asked for).
        self._finalizer = weakref.finalize(self, _close, self._writer, self._readers)
        try:
            # Read, not written, when up to date (the usual case): a store only read from
            # (`newstui headlines`) starts no writer thread.
            for number in schema.pending(self.schema_version, path):
                self._writer.call(partial(schema.apply, number=number))
        except BaseException:
            self.close()
            raise

    @property
    def on_wait(self) -> Callable[[str], None] | None:
        """Told, with one line, when a write has to wait for another process (a `fetch` from
        cron, say), so that the wait can be shown where the user looks; the write still waits
        up to busy_timeout. Called on the writer thread: it must not block, nor write."""
        return self._writer.on_wait

    @on_wait.setter
    def on_wait(self, notice: Callable[[str], None] | None) -> None:
        self._writer.on_wait = notice

    def take_turns(self, turns: AbstractContextManager[object], checkpoint_pages: int = 0) -> None:
        """Holds `turns` around each write transaction from now on: the processes of one round
        taking turns at the write lock (storage.turns.WriteTurns); see Writer.take_turns."""
        self._writer.take_turns(turns, checkpoint_pages)

    def start_writing(self) -> None:
        """Starts the writer thread now, at the calling thread's CPU priority (a round then
        lowers its loop's own below it: feeds/round.py). Raises StoreError once closed."""
        self._writer.start()

    def close(self) -> None:
        """Runs the writes already asked for, then closes every connection. Idempotent."""
        self._finalizer()

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self._readers.read(sql, params)

    @property
    def schema_version(self) -> int:
        return int(self._read("PRAGMA user_version")[0][0])

    # Sources

    def sync_sources(self, configs: Iterable[SourceConfig], default_refresh: float) -> list[Source]:
        """Makes the configured sources the active ones (matched by URL), keeping fetch state and
        headlines of those already known; sources no longer configured stop being polled but keep
        their headlines. Returns the active sources, as `sources()`."""
        job = self._sync_job(configs, default_refresh)
        if job is not None:  # most starts change nothing: no write, no lock taken
            self._writer.call(job)
        return self.sources()

    def _sync_job(
        self, configs: Iterable[SourceConfig], default_refresh: float
    ) -> Callable[[Any], None] | None:
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
        if not changed and not retired:
            return None
        return partial(writes.sync_sources, wanted=wanted, changed=changed, retired=retired)

    def sources(
        self, *, active_only: bool = True, ids: Iterable[int] | None = None
    ) -> list[Source]:
        """Every (configured) source in the order first configured, with its fetch state and
        headline counts; only those of `ids` when given."""
        terms = ["s.active = 1"] if active_only else []
        if ids is not None:  # integers only: safe to inline
            terms.append(f"s.id IN ({','.join(str(int(i)) for i in ids) or 'NULL'})")
        where = f" WHERE {' AND '.join(terms)}" if terms else ""
        return [queries.source(r) for r in self._read(f"{queries.SOURCE_SQL}{where} ORDER BY s.id")]

    def save_poll(
        self, source: Source, entries: Sequence[FeedEntry], now: datetime | None = None
    ) -> list[Headline]:
        """Writes a source's new fetch state and its new entries in one transaction; returns the
        headlines not stored before (an entry's identity is its guid within the source)."""
        return self._writer.call(self._poll_job(source, entries, now))

    async def save_poll_async(
        self, source: Source, entries: Sequence[FeedEntry], now: datetime | None = None
    ) -> list[Headline]:
        return await self._writer.call_async(self._poll_job(source, entries, now))

    async def save_poll_counted_async(
        self, source: Source, entries: Sequence[FeedEntry], now: datetime | None = None
    ) -> int:
        """save_poll_async returning only how many headlines were new (none read back)."""
        now_ts = (now or datetime.now(UTC)).timestamp()
        job = partial(writes.save_poll_counted, source=source, entries=list(entries), now_ts=now_ts)
        return await self._writer.call_async(job)

    @staticmethod
    def _poll_job(
        source: Source, entries: Sequence[FeedEntry], now: datetime | None
    ) -> Callable[[Any], list[Headline]]:
        now_ts = (now or datetime.now(UTC)).timestamp()
        return partial(writes.save_poll, source=source, entries=list(entries), now_ts=now_ts)

    def save_states(self, sources: Sequence[Source]) -> None:
        """Sources' fetch states (not their paused flags: see set_paused), in one transaction."""
        self._writer.call(partial(writes.save_states, sources=list(sources)))

    async def save_states_async(self, sources: Sequence[Source]) -> None:
        await self._writer.call_async(partial(writes.save_states, sources=list(sources)))

    def set_paused(self, source_id: int, paused: bool) -> None:
        """A paused source is not polled (Source.paused); it keeps its headlines and fetch state.
        Either way its next poll is cleared: a paused source gives the poller nothing to wake up
        for, and a resumed one is due at once."""
        self._writer.call(partial(writes.set_paused, source_id=source_id, paused=paused))

    def tags(self) -> list[tuple[str, int]]:
        """Every tag of an active source with how many unread headlines it has, by name."""
        rows = self._read(
            """SELECT t.value, COALESCE(SUM(c.unread), 0) FROM sources s, json_each(s.tags) t
               LEFT JOIN source_counts c ON c.source_id = s.id
               WHERE s.active = 1 GROUP BY t.value ORDER BY lower(t.value)"""
        )
        return [(str(r[0]), int(r[1])) for r in rows]

    # Settings

    def setting(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM settings WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_setting(self, key: str, value: str) -> None:
        self._writer.call(partial(writes.put_setting, key=key, value=value))

    # Headlines

    def headlines(
        self,
        query: HeadlineQuery = _ALL,
        *,
        limit: int = 100,
        before: tuple[datetime, int] | None = None,
    ) -> list[Headline]:
        """The headlines `query` selects, newest first, at most `limit`; `before` (published,
        id) pages past a headline already shown."""
        if query.search is not None:
            self.searchable()
        if query.search is not None and not queries.few_rows(query):
            rows = search_page(self._read, query, limit=limit, before=before, stories=False)
            if rows is not None:
                return [queries.headline(r) for r in rows]
        walk = (
            query.search is not None
            and not queries.few_rows(query)
            and self._many_matches(query.search, limit)
        )
        # A common word matches most rows: sorting them all costs ~100 ms at 50,000 rows,
        # walking the timeline index until `limit` rows matched costs ~20 ms. A rare word is the
        # other way round (a few rows to sort vs. the whole index to walk), and so is one
        # source's rows (its own index is smaller).
        sql, params = queries.headlines_sql(query, limit=limit, before=before, walk_timeline=walk)
        return [queries.headline(r) for r in self._read(sql, params)]

    def data_version(self) -> int:
        """A number that changes whenever another connection (another process, or this store's
        writer) commits a write, as read on the calling thread's connection (SQLite's
        `PRAGMA data_version`): a cheap test for "something changed" (~2 us)."""
        return int(self._read("PRAGMA data_version")[0][0])

    def arrivals(self, after_id: int) -> list[tuple[int, int, str]]:
        """(id, source id, guid) of every headline whose id is above `after_id`, by id: the
        order they were stored in. Ids of deleted headlines may come back (SQLite reuses the
        largest after it is deleted), so (source, guid) tells a reused id from the one seen."""
        rows = self._read(
            "SELECT id, source_id, guid FROM items WHERE id > ? ORDER BY id", (after_id,)
        )
        return [(int(r[0]), int(r[1]), str(r[2])) for r in rows]

    def last_headline_id(self) -> int:
        """The largest headline id stored (0 for none)."""
        return int(self._read("SELECT COALESCE(MAX(id), 0) FROM items")[0][0])

    def content(self, headline_id: int) -> tuple[str, str]:
        """The feed's (summary text, HTML content) of one headline, for the reading pane."""
        rows = self._read("SELECT summary, content FROM items WHERE id = ?", (headline_id,))
        return (str(rows[0][0]), str(rows[0][1])) if rows else ("", "")

    def counts(self) -> Counts:
        # Kept by triggers (schema.py's migration 10): no count over every headline.
        row = self._read(
            "SELECT COALESCE(SUM(total), 0), COALESCE(SUM(unread), 0) FROM source_counts"
        )[0]
        return Counts(int(row[0]), int(row[1]))

    # Marks of synced headlines are queued for the server with them (storage/synced.py).

    def set_read(self, headline_ids: Iterable[int], read: bool = True) -> None:
        self._writer.call(self._read_job(headline_ids, read))

    async def set_read_async(self, headline_ids: Iterable[int], read: bool = True) -> None:
        await self._writer.call_async(self._read_job(headline_ids, read))

    @staticmethod
    def _read_job(headline_ids: Iterable[int], read: bool) -> Callable[[Any], None]:
        return partial(writes.set_read, headline_ids=list(headline_ids), read=read, at=time.time())

    def set_starred(self, headline_id: int, starred: bool) -> None:
        self._writer.call(self._star_job(headline_id, starred))

    async def set_starred_async(self, headline_id: int, starred: bool) -> None:
        await self._writer.call_async(self._star_job(headline_id, starred))

    @staticmethod
    def _star_job(headline_id: int, starred: bool) -> Callable[[Any], None]:
        return partial(writes.set_starred, headline_id=headline_id, starred=starred, at=time.time())

    def mark_all_read(self, query: HeadlineQuery = _ALL, *, read: bool = True) -> int:
        """Marks every headline `query` selects read (or unread); returns how many changed."""
        return self._writer.call(self._all_read_job(query, read))

    async def mark_all_read_async(self, query: HeadlineQuery = _ALL, *, read: bool = True) -> int:
        return await self._writer.call_async(self._all_read_job(query, read))

    @staticmethod
    def _all_read_job(query: HeadlineQuery, read: bool) -> Callable[[Any], int]:
        return partial(writes.mark_all_read, query=query, read=read, at=time.time())

    # Articles

    def article(self, headline_id: int) -> Article | None:
        """The headline's cached article, or None."""
        rows = self._read(queries.ARTICLE_SQL, (headline_id,))
        return queries.article(rows[0]) if rows else None

    def save_article(self, headline_id: int, article: Article) -> None:
        """Caches the headline's article (nothing when the headline was pruned meanwhile)."""
        self._writer.call(partial(writes.save_article, headline_id=headline_id, article=article))

    async def save_article_async(self, headline_id: int, article: Article) -> None:
        job = partial(writes.save_article, headline_id=headline_id, article=article)
        await self._writer.call_async(job)

    def without_article(self, headline_ids: Iterable[int]) -> list[int]:
        """Of `headline_ids`, those with a link and no cached article yet."""
        ids = [int(i) for i in headline_ids]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self._read(
            f"SELECT id FROM items WHERE id IN ({marks}) AND link IS NOT NULL "
            "AND id NOT IN (SELECT item_id FROM articles)",
            ids,
        )
        return [int(r[0]) for r in rows]

    # Retention

    def prune(self, keep_days: float, keep_per_source: int, now: datetime | None = None) -> int:
        """Deletes headlines older than `keep_days` or beyond the newest `keep_per_source` of their
        source; starred ones are always kept. Returns how many were deleted."""
        now_ts = (now or datetime.now(UTC)).timestamp()
        return self._writer.call(
            partial(
                writes.prune, keep_days=keep_days, keep_per_source=keep_per_source, now_ts=now_ts
            )
        )

    def prune_due(self, now: datetime | None = None) -> bool:
        """True when no retention pass ran in the last PRUNE_EVERY seconds (or ever)."""
        try:
            last = float(self.setting(writes.LAST_PRUNE) or "nan")
        except ValueError:
            return True
        now_ts = (now or datetime.now(UTC)).timestamp()
        return not now_ts - PRUNE_EVERY < last <= now_ts  # NaN, or a clock set back: due


def _close(writer: Writer, readers: Readers) -> None:
    try:
        writer.close()
    finally:
        readers.close()
