"""Provides SearchStore: the store's search index kept whole for every search, caught up after the
writes (storage.search_index), and its vocabulary folded (storage.vocabulary)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newstui.storage import search_index, vocabulary
from newstui.storage.queries import COUNT_MATCHES_SQL, fts_query
from newstui.storage.writer import Writer


class SearchStore:
    """The search part of Store (a base class, to keep each module to one job). Store provides
    the reads and the writer."""

    _writer: Writer

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def index_when_idle(self) -> None:
        """From now on every write transaction indexes what it stored before it commits (up
        to search_index.INDEX_ROWS headlines; in a poll's transaction, its own), and the
        writer thread catches up the rest whenever its queue is empty after a write (what a
        `fetch` left). The ticker's polling process: its searches on the interface's thread
        then seldom find the index behind, which would make them wait for the write lock
        (`searchable`). A `fetch` round does neither: it leaves its headlines to the next
        process."""
        self._writer.closing = search_index.catch_up
        self._writer.idle = _transaction  # whose closing job catches up

    def index_search(self, jobs: int | None = None) -> bool:
        """Puts the headlines stored since the index last caught up in it, in write jobs of
        INDEX_ROWS headlines, `jobs` at most (None: all); a read when none is waiting. True
        when some may be left. Raises StoreError."""
        left, done = True, 0
        while left and (jobs is None or done < jobs):
            left = search_index.behind(self._read)
            left = left and self._writer.call(search_index.catch_up)
            done += 1
        return left

    def searchable(self) -> None:
        """Makes every headline stored so far findable by a search: catches the index up first
        when some is not in it yet (a read when none is: ~10 us). Each search runs it, so no
        search misses a headline that a `fetch` stored and left to index. Raises StoreError."""
        if search_index.behind(self._read):
            self.index_search()

    def fold_search_terms(self, jobs: int | None = None) -> bool:
        """Catches the search index up (index_search), then adds the terms of the headlines it
        holds since the last fold to the search vocabulary (storage.vocabulary), in write jobs
        (INDEX_ROWS headlines indexed, FOLD_ROWS folded), `jobs` at most (None: all); a read
        when none is waiting. True when some may be left. Until then a search reads its prefix
        as FTS5's prefix (the same matches, slower). Raises StoreError."""
        left, done = True, 0
        while left and (jobs is None or done < jobs):
            if search_index.behind(self._read):
                self._writer.call(search_index.catch_up)
            else:
                left = bool(self._read("SELECT 1 FROM fts_pending LIMIT 1"))
                left = left and self._writer.call(vocabulary.fold_pending)
            done += 1
        return left

    def _many_matches(self, search: str, limit: int) -> bool:
        words = fts_query(search)
        if words is None:
            return False
        cap = 4 * limit + 100
        return int(self._read(COUNT_MATCHES_SQL, (words, cap))[0][0]) >= cap


def _transaction(db: object) -> bool:
    """An idle transaction's job: nothing but the closing job's catch-up."""
    return True
