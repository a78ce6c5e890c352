"""Provides StoryPlacer: places stored headlines in stories (newstui.stories) and writes them back,
for whichever process stores or shows headlines, safely beside other processes doing the same."""

# How placing works with several processes (a ticker and a `fetch` from cron, say):
# - A headline is stored with story NULL ("not placed yet"), so storing costs nothing more, and
#   placed afterwards by a write job of its own (Store.place_stories): the rows still NULL,
#   oldest first, in one transaction that holds the database's write lock. Two processes never
#   place at the same moment, and every NULL row is placed exactly once, by whichever comes
#   first.
# - Each process keeps its StoryIndex in memory between placings; it matches the stored stories
#   only while no one else has placed since. Every placing stores a new random token (the
#   setting stories_placing); a process whose index was built on another token rebuilds it from
#   the stored stories of the last 48 hours (StoryIndex.restore) before it places more. A
#   transaction that was undone leaves the old token, and the index, ahead of it, matches
#   nothing: it is rebuilt too.
# - The index is built lazily, on the first placing that has something to place: a ticker
#   that has nothing new pays nothing, and nothing is done before its first paint.
# - Headlines older than the window before the newest stored one are made stories of their own
#   in one UPDATE: the engine would only match them against the window, and a first ingest of a
#   month of history must not cost seconds.
# - `fetch` places after its round only when it is cheap (PLACE_BUDGET): a first ingest of
#   thousands of headlines is left for the ticker (in the background) or for `headlines`, which
#   place it when they need the stories, so that a poll round stays a poll round.

from __future__ import annotations

from newstui.feeds.placement import Placement as Placement
from newstui.storage.store import Store, StoryRecord, StoryTable
from newstui.stories import StoredItem, StoryIndex, StoryItem
from newstui.stories.index import WINDOW

CHUNK = 500
"""Headlines placed at most per transaction: ~50 ms of CPU at 50,000 live (benchmarks/
stories_results.md), so that a backlog never holds the write lock (or the interface's writes
queued behind it) for long."""
PLACE_BUDGET = 2_000
"""Rows (stored stories to restore plus headlines to place) above which `fetch` leaves placing
to the ticker or `headlines`: ~0.2 s of CPU at most (restore ~0.05 ms a row, placing ~0.1 ms)."""


def _stored(record: StoryRecord) -> StoredItem:
    story = record.story if record.story is not None else record.key
    return StoredItem(record.key, record.title, record.source, record.published, story)


def _item(record: StoryRecord) -> StoryItem:
    return StoryItem(record.key, record.title, record.source, record.published)


class StoryPlacer:
    """One process's placing of stored headlines. Its jobs run on the store's writer thread, one
    at a time, so the index is only touched there; use one placer per Store."""

    def __init__(self, *, chunk: int = CHUNK) -> None:
        self.chunk = chunk
        self._index: StoryIndex | None = None
        self._token: str | None = None
        """The placing the index matches; None: it matches nothing stored (rebuild first)."""

    def place(self, store: Store, *, budget: int | None = None) -> Placement:
        """Places up to `chunk` waiting headlines (oldest first) in one transaction; with a
        `budget`, nothing when more rows than that would have to be read or placed. Raises
        StoreError."""
        return store.place_stories(lambda table: self._job(table, budget))

    async def place_async(self, store: Store, *, budget: int | None = None) -> Placement:
        return await store.place_stories_async(lambda table: self._job(table, budget))

    def place_all(self, store: Store, *, budget: int | None = None) -> Placement:
        """Places every waiting headline, a chunk per transaction (the budget is the whole
        run's); returns what they did together."""
        stories: dict[int, int] = {}
        merged: dict[int, int] = {}
        if not store.unplaced():  # a read: most calls end here without taking the write lock
            return Placement()
        while True:
            done = self.place(store, budget=budget)
            _fold(stories, merged, done)
            if not done.more or not done:
                return Placement(stories, merged, done.more)
            budget = None  # the budget was checked against the whole backlog at the start

    def _job(self, table: StoryTable, budget: int | None) -> Placement:
        newest = table.newest()
        if newest is None:
            return Placement()
        horizon = newest - WINDOW
        table.leave_alone(horizon)
        token = table.token()
        fresh = self._index is None or token != self._token
        if budget is not None:
            placed, waiting = table.count_since(horizon)
            if waiting and waiting + (placed if fresh else 0) > budget:
                return Placement(more=True)
        pending = table.pending(self.chunk)
        if not pending:
            return Placement()
        if fresh or self._index is None:
            self._index = StoryIndex()
            self._index.restore(_stored(r) for r in table.placed_since(horizon))
        index = self._index
        # From here the index runs ahead of what is stored until this placing is written: if
        # anything below fails, or the transaction is undone, it matches nothing stored.
        self._token = None
        stories: dict[int, int] = {}
        merged: dict[int, int] = {}
        for record in pending:
            assignment = index.add(_item(record))
            stories[assignment.key] = assignment.story
            for gone in assignment.merged:
                merged[gone] = assignment.story
        # Earlier headlines of this chunk may sit in a story merged away since.
        final = {key: index.resolve(story) for key, story in stories.items()}
        self._token = table.save(final, merged)
        resolved = {gone: index.resolve(kept) for gone, kept in merged.items()}
        return Placement(final, resolved, more=len(pending) >= self.chunk)


def _fold(stories: dict[int, int], merged: dict[int, int], done: Placement) -> None:
    """Adds one placing's results to a run's, later merges applied to earlier stories."""
    merged.update(done.merged)
    for gone, kept in done.merged.items():
        for old, into in merged.items():
            if into == gone:
                merged[old] = kept
    stories.update(done.stories)
    for key, story in stories.items():
        if story in done.merged:
            stories[key] = done.merged[story]
