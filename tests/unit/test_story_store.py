"""Tests stories where headlines are stored: the story column and its migration, placing (also by
two processes, and after an undone transaction), merges written back, and one row per story."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest

from newstui.feeds.stories import PLACE_BUDGET, StoryPlacer
from newstui.models import FeedEntry, Headline, HeadlineQuery, Source, SourceConfig
from newstui.storage import schema
from newstui.storage import stories as story_sizes
from newstui.storage.store import Store, StoryTable

T0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)

BACKGROUND = [
    "Storm batters coast as thousands lose power",
    "Central bank holds interest rates steady",
    "Football club sacks manager after losing run",
    "Parliament votes on new budget plan",
    "Wildfire forces evacuations in the hills",
    "Tech company unveils new smartphone lineup",
    "Oil prices climb on supply worries",
    "Court rules on landmark privacy case",
    "Scientists find water ice on distant moon",
    "Airline cancels flights amid strike",
]
QUAKE = [
    "Metro-North worker killed by train in East Harlem",
    "Track worker struck and killed by Metro-North train, MTA says",
    "Metro-North track worker killed in Harlem",
]
# Two reports each of what becomes one story, and the headline that bridges them (the engine's
# own merge case, tests/unit/test_stories.py).
FIRST_HALF = ["Airliner MH370 missing with 239 aboard", "MH370 airliner missing, 239 aboard"]
SECOND_HALF = ["MH370: Vietnam sees debris", "Debris from MH370 seen by Vietnam"]
BRIDGE = "MH370 airliner debris seen by Vietnam"


class Newsroom:
    """Stores headlines as polls do: each title from a source of its own unless told, a minute
    apart."""

    def __init__(self, store: Store, sources: int = 12) -> None:
        self.store = store
        configs = [SourceConfig(f"http://127.0.0.1/feed{n}", name=f"S{n}") for n in range(sources)]
        self.sources: list[Source] = store.sync_sources(configs, 300)
        self.when = T0
        self.count = 0

    def store_titles(self, titles: list[str], *, first_source: int = 0) -> list[Headline]:
        stored = []
        for n, title in enumerate(titles):
            self.count += 1
            self.when += timedelta(minutes=1)
            source = self.sources[(first_source + n) % len(self.sources)]
            entry = FeedEntry(f"g{self.count}", title, None, self.when)
            stored += self.store.save_poll(source, [entry], self.when)
        return stored


def by_title(store: Store) -> dict[str, Headline]:
    return {h.title: h for h in store.headlines(limit=1000)}


def test_new_headlines_are_stored_unplaced_and_a_placing_gives_one_story_per_event(
    store: Store,
) -> None:
    room = Newsroom(store)
    room.store_titles(BACKGROUND)
    room.store_titles(QUAKE, first_source=3)
    assert all(h.story is None for h in store.headlines(limit=100))
    assert store.unplaced()
    placement = StoryPlacer().place_all(store)
    assert not placement.more and not store.unplaced()
    stored = by_title(store)
    quake = {stored[t].story for t in QUAKE}
    assert quake == {stored[QUAKE[0]].id}  # the story's id is its first headline's
    assert len({stored[t].story for t in BACKGROUND}) == len(BACKGROUND)
    assert placement.stories[stored[QUAKE[2]].id] == stored[QUAKE[0]].id


def test_story_rows_show_the_newest_headline_with_the_size_of_its_story(store: Store) -> None:
    room = Newsroom(store)
    room.store_titles(BACKGROUND)
    room.store_titles(QUAKE, first_source=3)
    StoryPlacer().place_all(store)
    rows = store.stories(limit=100)
    assert len(rows) == len(BACKGROUND) + 1
    top = rows[0]
    assert top.headline.title == QUAKE[-1]
    assert (top.headlines, top.sources) == (3, 3)
    assert all((r.headlines, r.sources) == (1, 1) for r in rows[1:])
    # Paging past a row goes on with the next story, never another headline of one shown.
    assert [r.headline.id for r in store.stories(limit=2, before=_key(rows[1].headline))] == [
        r.headline.id for r in rows[2:4]
    ]


def _key(h: Headline) -> tuple[datetime, int]:
    return (h.published, h.id)


def test_a_filtered_view_shows_the_newest_headline_it_selects_of_each_story(store: Store) -> None:
    room = Newsroom(store)
    room.store_titles(BACKGROUND)
    quake = room.store_titles(QUAKE, first_source=3)
    StoryPlacer().place_all(store)
    newest = max(quake, key=lambda h: h.published)
    store.set_read([newest.id])
    unread = store.stories(HeadlineQuery(unread_only=True), limit=100)
    quake_rows = [r for r in unread if r.headline.title in QUAKE]
    assert len(quake_rows) == 1
    assert quake_rows[0].headline.title == QUAKE[1]  # the newest unread one
    assert quake_rows[0].headlines == 3  # the size is the whole story's
    only = store.stories(HeadlineQuery(source_id=quake[0].source_id), limit=100)
    mine = [r for r in only if r.headline.title in QUAKE]
    assert [r.headline.title for r in mine] == [QUAKE[0]]
    assert mine[0].sources == 3


def test_one_story_is_listed_by_its_id_and_a_lone_headline_by_its_own(store: Store) -> None:
    room = Newsroom(store)
    room.store_titles(BACKGROUND)
    quake = room.store_titles(QUAKE, first_source=3)
    lone = room.store_titles(["A new species of frog is found in Peru"])[0]
    StoryPlacer().place_all(store)
    story = quake[0].id
    assert [h.title for h in store.headlines(HeadlineQuery(story=story))] == QUAKE[::-1]
    assert [h.id for h in store.headlines(HeadlineQuery(story=lone.id))] == [lone.id]
    late = room.store_titles(["Whales seen off the coast of Maine"])[0]  # not placed yet
    assert [h.id for h in store.headlines(HeadlineQuery(story=late.id))] == [late.id]
    assert store.mark_all_read(HeadlineQuery(story=story)) == 3
    assert {h.read for h in store.headlines(limit=100) if h.story_id == story} == {True}
    assert not any(h.read for h in store.headlines(limit=100) if h.story_id != story)


def test_a_merge_rewrites_the_stories_of_headlines_stored_before(store: Store) -> None:
    room = Newsroom(store)
    room.store_titles(BACKGROUND)
    placer = StoryPlacer()
    first = room.store_titles(FIRST_HALF, first_source=1)
    placer.place_all(store)
    second = room.store_titles(SECOND_HALF, first_source=3)
    placer.place_all(store)
    stored = by_title(store)
    assert stored[FIRST_HALF[0]].story != stored[SECOND_HALF[0]].story
    room.store_titles([BRIDGE], first_source=5)
    placement = placer.place_all(store)
    assert placement.merged == {second[0].id: first[0].id}
    stored = by_title(store)
    assert {stored[t].story for t in [*FIRST_HALF, *SECOND_HALF, BRIDGE]} == {first[0].id}
    rows = store.stories(limit=100)
    assert (rows[0].headline.title, rows[0].headlines, rows[0].sources) == (BRIDGE, 5, 5)
    # The merged-away id still names nothing stored, and the rows count each story once.
    assert not store.headlines(HeadlineQuery(story=second[0].id))
    assert len(rows) == len(BACKGROUND) + 1


def test_a_second_process_placing_meanwhile_is_seen_before_placing_more(tmp_path: Path) -> None:
    """Two processes, each with its own index (a ticker and a `fetch`): what one placed, the
    other takes in before it places (the stored token changed), so one event stays one story."""
    path = tmp_path / "shared.db"
    ticker, cron = Store(path), Store(path)
    try:
        room = Newsroom(ticker)
        ticker_placer, cron_placer = StoryPlacer(), StoryPlacer()
        room.store_titles(BACKGROUND)
        ticker_placer.place_all(ticker)
        first = room.store_titles(QUAKE[:1], first_source=2)[0]
        cron_placer.place_all(cron)  # the other process places the first report
        room.store_titles(QUAKE[1:], first_source=4)
        ticker_placer.place_all(ticker)  # must know of it, though its own index did not
        assert {h.story for h in ticker.headlines(limit=100) if h.title in QUAKE} == {first.id}
    finally:
        ticker.close()
        cron.close()


def test_a_placing_whose_transaction_was_undone_leaves_no_index_ahead_of_the_database(
    store: Store,
) -> None:
    """The writer may undo a transaction after the job ran (another job of its group failed):
    the placer's index is then ahead of the database (here: a merge it made in memory only) and
    must be rebuilt from what is stored, or the stories it goes on placing contradict it."""
    room = Newsroom(store)
    room.store_titles(BACKGROUND)
    placer = StoryPlacer()
    room.store_titles(FIRST_HALF, first_source=1)
    room.store_titles(SECOND_HALF, first_source=3)
    placer.place_all(store)
    room.store_titles([BRIDGE], first_source=5)
    raw = sqlite3.connect(store.path, isolation_level=None)
    try:
        raw.execute("BEGIN IMMEDIATE")
        undone = placer._job(StoryTable(raw), None)  # the writer's call, by hand
        assert undone.merged  # the merge happened in memory...
        raw.execute("ROLLBACK")  # ...and not in the database
    finally:
        raw.close()
    placer.place_all(store)
    index = placer._index
    assert index is not None
    stored = store.headlines(limit=100)
    assert all(h.story is not None for h in stored)
    assert {h.id: index.resolve(index.story_of(h.id) or h.id) for h in stored} == {
        h.id: h.story for h in stored
    }


def test_headlines_older_than_the_window_are_stories_of_their_own(store: Store) -> None:
    room = Newsroom(store)
    room.store_titles(QUAKE, first_source=3)  # three days before the rest
    room.when += timedelta(days=3)
    room.store_titles(BACKGROUND)
    placement = StoryPlacer().place_all(store)
    stored = by_title(store)
    assert {stored[t].story for t in QUAKE} == {stored[t].id for t in QUAKE}
    assert not any(stored[t].id in placement.stories for t in QUAKE)  # never went to the index
    assert not store.unplaced()


def test_a_budget_leaves_a_large_backlog_for_later(store: Store) -> None:
    room = Newsroom(store)
    room.store_titles(BACKGROUND)
    room.store_titles(QUAKE, first_source=3)
    skipped = StoryPlacer().place_all(store, budget=5)
    assert skipped.more and not skipped and store.unplaced()
    assert StoryPlacer().place_all(store, budget=PLACE_BUDGET).stories
    assert not store.unplaced()


class _Recording:
    """A connection's execute that keeps each statement and its parameters."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.statements: list[tuple[str, tuple[object, ...]]] = []

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Cursor:
        self.statements.append((sql, params))
        return self.db.execute(sql, params)


def test_a_budget_counts_the_backlog_from_the_indexes_alone(store: Store) -> None:
    """`fetch` asks after its round how many headlines wait (the budget): counted from the
    timeline and story indexes, not from every row of the table (~35 ms after a cold round of
    25,000 headlines)."""
    room = Newsroom(store)
    room.store_titles(QUAKE, first_source=3)
    StoryPlacer().place_all(store)
    room.store_titles(BACKGROUND)
    raw = sqlite3.connect(store.path)
    try:
        recording = _Recording(raw)
        table = StoryTable(cast(sqlite3.Connection, recording))
        assert table.count_since(T0) == (3, len(BACKGROUND))
        assert table.count_since(T0 + timedelta(minutes=3)) == (1, len(BACKGROUND))
        assert table.count_since(T0 + timedelta(minutes=4)) == (0, len(BACKGROUND))
        assert table.count_since(T0 + timedelta(days=1)) == (0, 0)
        steps = [
            str(step[3])
            for sql, params in recording.statements
            for step in raw.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        ]
    finally:
        raw.close()
    reads = [step for step in steps if " items " in f"{step} "]
    assert reads and all("COVERING INDEX" in step for step in reads), steps


def test_a_backlog_is_placed_a_chunk_at_a_time(store: Store) -> None:
    room = Newsroom(store)
    room.store_titles(BACKGROUND)
    room.store_titles(QUAKE, first_source=3)
    placer = StoryPlacer(chunk=4)
    first = placer.place(store)
    assert first.more and len(first.stories) == 4
    rest = placer.place_all(store)
    assert not rest.more and len(rest.stories) == len(BACKGROUND) + len(QUAKE) - 4
    stored = by_title(store)
    assert len({stored[t].story for t in QUAKE}) == 1


def test_a_database_of_an_older_newstui_gains_the_story_column(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path)
    stories = next(n for n, m in enumerate(schema.MIGRATIONS, 1) if "COLUMN story" in m)
    for script in schema.MIGRATIONS[: stories - 1]:  # the schema before stories
        for statement in schema.statements(script):
            raw.execute(statement)
    raw.execute(f"PRAGMA user_version = {stories - 1}")
    raw.execute("INSERT INTO sources (id, url, refresh) VALUES (1, 'http://127.0.0.1/a', 300)")
    raw.execute("INSERT INTO sources (id, url, refresh) VALUES (2, 'http://127.0.0.1/b', 300)")
    for n, title in enumerate(QUAKE):
        stamp = (T0 + timedelta(minutes=n)).timestamp()
        raw.execute(
            "INSERT INTO items (source_id, guid, title, published, first_seen) "
            "VALUES (?, ?, ?, ?, ?)",
            (1 + n % 2, f"g{n}", title, stamp, stamp),
        )
    raw.commit()
    raw.close()
    store = Store(path)
    try:
        assert store.schema_version == len(schema.MIGRATIONS)
        assert [h.story for h in store.headlines()] == [None, None, None]
        assert [r.headline.title for r in store.stories()] == QUAKE[::-1]  # each its own
        StoryPlacer().place_all(store)
        rows = store.stories()
        assert [(r.headline.title, r.headlines, r.sources) for r in rows] == [(QUAKE[2], 3, 2)]
    finally:
        store.close()


@pytest.mark.parametrize("limit", [1, 3, 100])
def test_story_rows_page_through_every_story_once(store: Store, limit: int) -> None:
    room = Newsroom(store)
    room.store_titles(BACKGROUND[:5])
    room.store_titles(QUAKE, first_source=3)
    room.store_titles(BACKGROUND[5:])
    StoryPlacer().place_all(store)
    seen: list[int] = []
    before = None
    while True:
        page = store.stories(limit=limit, before=before)
        if not page:
            break
        seen += [r.headline.story_id for r in page]
        before = _key(page[-1].headline)
    assert len(seen) == len(set(seen)) == len(BACKGROUND) + 1


def test_story_sizes_are_read_from_the_story_index_alone(store: Store) -> None:
    """Migration 13: a story's size reads its headlines' sources from the story index, not
    each row of the table (the size of a search's first stories at 500,000 stored)."""
    room = Newsroom(store)
    room.store_titles(QUAKE, first_source=3)
    StoryPlacer().place_all(store)
    story = by_title(store)[QUAKE[0]].story
    assert story is not None
    assert store.story_sizes([story]) == {story: (3, 3)}
    raw = sqlite3.connect(store.path)
    try:
        plan = raw.execute("EXPLAIN QUERY PLAN " + stories_sql([story])).fetchall()
    finally:
        raw.close()
    assert any("COVERING INDEX items_story" in str(step[3]) for step in plan), plan


def stories_sql(ids: list[int]) -> str:
    return story_sizes._SIZES.format(",".join(str(i) for i in ids))
