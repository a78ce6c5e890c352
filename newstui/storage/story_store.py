"""Provides StoryStore: the store's stories, one row per story of a query, their sizes, and
placing headlines in them in a write transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from newstui.models import HeadlineQuery, StoryRow
from newstui.storage import queries, stories
from newstui.storage.search_store import SearchStore
from newstui.storage.search_window import search_page
from newstui.storage.stories import StoryTable
from newstui.storage.writer import Writer

T = TypeVar("T")

_ALL = HeadlineQuery()


class StoryStore(SearchStore):
    """The stories part of Store (its base class, to keep each module to one job). Store
    provides the reads and the writer; SearchStore the search index and its estimate."""

    _writer: Writer

    def stories(
        self,
        query: HeadlineQuery = _ALL,
        *,
        limit: int = 100,
        before: tuple[datetime, int] | None = None,
    ) -> list[StoryRow]:
        """One row per story among the headlines `query` selects, newest first: the newest of
        them, with the size of the whole story; at most `limit`, past `before` (published, id of
        a row's headline). A headline not placed yet is a story of its own. ~5 ms for a page of
        100 at 50,000 stored (benchmarks/stories_store.py)."""
        rows = None
        if query.search is not None:
            self.searchable()
        if query.search is not None and not queries.few_rows(query):
            rows = search_page(self._read, query, limit=limit, before=before, stories=True)
        if rows is None:
            rows = self._every_match(query, limit=limit, before=before)
        found = [queries.headline(r) for r in rows]
        sizes = self.story_sizes(h.story for h in found if h.story is not None)
        return [StoryRow(h, *sizes.get(h.story_id, (1, 1))) for h in found]

    def _every_match(
        self, query: HeadlineQuery, *, limit: int, before: tuple[datetime, int] | None
    ) -> list[tuple[Any, ...]]:
        walk = (
            query.search is not None
            and not queries.few_rows(query)
            and self._many_matches(query.search, limit)
        )
        sql, params = queries.headlines_sql(
            query, limit=limit, before=before, walk_timeline=walk, stories=True
        )
        return self._read(sql, params)

    def story_sizes(self, story_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
        """Story id -> (headlines, distinct sources) of each placed story among `story_ids`."""
        return stories.sizes(self._read, story_ids)

    def unplaced(self) -> bool:
        """Whether some headline is not placed in a story yet (a read: no write lock taken)."""
        return bool(self._read("SELECT 1 FROM items WHERE story IS NULL LIMIT 1"))

    def place_stories(self, job: Callable[[StoryTable], T]) -> T:
        """Runs `job` on the story column in a write transaction of its own (its reads see no
        other process's writes meanwhile); returns what `job` returns. The job may run twice
        (see storage.writer.Job): it must tell by StoryTable.token whether its first run was
        undone."""
        return self._writer.call(partial(_on_stories, job=job))

    async def place_stories_async(self, job: Callable[[StoryTable], T]) -> T:
        return await self._writer.call_async(partial(_on_stories, job=job))


def _on_stories(db: sqlite3.Connection, job: Callable[[StoryTable], T]) -> T:
    return job(StoryTable(db))
