"""Provides the store's search pages: the newest matches of a search read through a window of the
newest matching row ids, instead of through every match."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any

from newstui.models import HeadlineQuery
from newstui.storage.queries import fts_query, headlines_sql, needs_source, search_words, where
from newstui.storage.vocabulary import exact_query

Read = Callable[[str, Sequence[object]], list[tuple[Any, ...]]]

HITS_SQL = "SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid DESC LIMIT ?"
"""The newest matching row ids (FTS5 reads its doclists in rowid order: no sort). A prefix
("storm"*) costs about the same for any limit: FTS5 merges the doclists of every term of the
prefix first (at 500,000 stored, "storm"* 12.6 ms for 580 ids, 13.8 ms for 4,640)."""
BELOW_SQL = (
    "SELECT rowid FROM items_fts WHERE items_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?"
)
OUTSIDE_SQL = (
    "SELECT 1 FROM items INDEXED BY items_timeline WHERE id < ? AND published >= ? "
    "AND (published > ? OR id > ?)"
)
"""Some headline below the window is newer than a page's last row (parameters: the window's
lowest id, the last row's published and id)."""
LOWEST_SQL = "SELECT published FROM items WHERE id = ?"
BEFORE_SQL = " AND published <= ? AND (published < ? OR id < ?)"
GROWTH = 8
"""Each try reads this many times the matches of the one before."""
TRIES = 3
STORY_AHEAD = 40_000
"""Ids a first page of stories reads at least at once through a prefix: a story row holds
several matching headlines, so its windows grow more often (at 500,000 stored, 120 stories of
"storm" needed 37,120 ids: read in two, two prefix merges of 13-40 ms each; at once, "storm"*
took 22.8 ms for 32,800 ids against 13.8 ms for 4,640). An OR of exact terms
(storage.vocabulary) costs as many ids as it reads: it reads no more than the window."""
DENSE = 8
"""A window whose ids span at most this many times its matches is walked in the timeline's
order, not sorted: at 500,000 stored, a word in 4 titles of 5 read as stories (a window of
32,800 ids) took 89 ms sorted and 18 ms walked, as headlines (4,100 ids) 10 and 3 ms; a word
in 1 title of 78 took about the same either way (18-29 ms against 20-23 ms), and a word whose
matches all fit the window is sorted (its few rows; a walk would cross the whole timeline)."""


def search_page(
    read: Read,
    query: HeadlineQuery,
    *,
    limit: int,
    before: tuple[datetime, int] | None,
    stories: bool,
) -> list[tuple[Any, ...]] | None:
    """The rows of `headlines_sql(query, ...)`, read over the newest matches by row id only; None
    when that cannot give them (the caller then reads over every match).

    Why: a word that most headlines hold ("storm" in a season of storms) matches most of
    500,000 rows, and `i.id IN (SELECT rowid ... MATCH ...)` copies every match into a
    temporary index before the newest page is picked (0.5-1.3 s at 500,000, where this takes
    one FTS read of the prefix, ~20-40 ms, and a page of lookups). Row ids grow as headlines
    are stored and headlines are stored about as they are published, so the newest matches by
    date are nearly all among the newest by id. Nearly is not enough: the page is taken only
    when no headline below the window's lowest id is newer than its last row (one walk of the
    timeline index over the page's time span), or when the window held every match. A window
    that gave too few rows, or a newer headline below it, grows (GROWTH times, up to TRIES: at
    500,000 stored, 580 ids of a common word had a headline stored a poll later just below
    them, 4,640 did not); one still out of step at the last try gives None, and so does a
    first page where the newest headlines by date are not the newest by id."""
    words = fts_query(query.search or "")
    if words is None:
        return None
    # The same matches, read lazily from the newest id where a prefix merges all its terms.
    exact = exact_query(read, search_words(query.search or ""))
    words = exact or words
    wanted = 4 * limit + 100
    if before is None and not _in_step(read, wanted * GROWTH):
        return None
    found: list[int] = []
    asked = 0
    largest = wanted * GROWTH ** (TRIES - 1)
    while True:
        if not asked:  # read ahead: a prefix's read costs about the same for any limit
            asked = wanted * GROWTH
            if stories and before is None and exact is None:
                asked = max(asked, STORY_AHEAD)
            found = [int(row[0]) for row in read(HITS_SQL, (words, asked))]
        elif len(found) == asked < wanted:  # the matches below those read
            more = read(BELOW_SQL, (words, found[-1], wanted - asked))
            found += [int(row[0]) for row in more]
            asked = wanted
        hits = found[:wanted]
        if len(hits) < wanted:
            windowed = replace(query, search=None, ids=frozenset(hits))
            every = headlines_sql(
                windowed, limit=limit, before=before, walk_timeline=False, stories=stories
            )
            return read(*every)  # every match was in the window
        if _dense(hits) and len(found) > wanted:
            # A walk stops at the page's last row whatever the window holds: walking every id
            # read ahead is one walk where the windows of the tries up to its size were one
            # each (120 stories of "storm" at 500,000 stored: 3 walks of 40,000 ids read,
            # 580, 4,640 and 37,120, ~40 ms, against one).
            hits = found[: min(len(found), largest)]
            while wanted * GROWTH <= len(hits):
                wanted *= GROWTH
        windowed = replace(query, search=None, ids=frozenset(hits))
        page = partial(headlines_sql, windowed, limit=limit, before=before, stories=stories)
        rows = _walked(read, query, hits, limit=limit, before=before, stories=stories)
        last = wanted * GROWTH > largest
        if rows is None or (len(rows) < limit and last):
            rows = read(*page(walk_timeline=False))
        # A full page with a newer headline below the window: ids out of step with dates
        # there, by a few rows (headlines stored a poll apart: a larger window holds them)
        # or by many (a first poll's history, a first sync: the last try gives up).
        if len(rows) == limit and not _newer_outside(read, hits[-1], rows[-1], before):
            return rows
        if last:
            return None
        wanted *= GROWTH


def _walked(
    read: Read,
    query: HeadlineQuery,
    hits: list[int],
    *,
    limit: int,
    before: tuple[datetime, int] | None,
    stories: bool,
) -> list[tuple[Any, ...]] | None:
    """The page walked down the timeline from the newest headline (or `before`) to the
    window's lowest id's date, for a DENSE window (`hits`: its ids, highest first); None for a
    sparse one. Exact when it fills the page: a window's row outside that span is older than
    every row in it. Short of a page, the window's rows older than that date may be missing:
    the caller grows the window, or sorts it."""
    if not _dense(hits):
        return None
    lowest = read(LOWEST_SQL, (hits[-1],))
    if not lowest:
        return None  # deleted since the index was read: sorted instead
    since = float(lowest[0][0])
    picked = _walk_ids(
        read, query, set(hits), limit=limit, before=before, since=since, stories=stories
    )
    if not picked:
        return []
    rows = replace(query, search=None, ids=frozenset(picked))
    return read(*headlines_sql(rows, limit=len(picked), before=None, walk_timeline=False))


def _dense(hits: list[int]) -> bool:
    """Whether a window (ids, highest first) is walked (DENSE), not sorted."""
    return hits[0] - hits[-1] < DENSE * len(hits)


def _walk_ids(
    read: Read,
    query: HeadlineQuery,
    hits: set[int],
    *,
    limit: int,
    before: tuple[datetime, int] | None,
    since: float,
    stories: bool,
) -> list[int]:
    """The ids of the page: the rows `query`'s other filters select, newest first from
    `before`, published at `since` or later, that are among `hits`; with `stories` the first
    (newest) of each story only, as headlines_sql's probe of the story picks it over the
    same window (a story whose newest is above `before` is on a page before). Read in chunks
    of the timeline index (id, story: a few bytes a row) and checked against the window here:
    the same walk in SQL, with the window's ids written into the statement (twice for
    stories: the row's and its story's), took 25.7 ms for a window of 37,120 ids at 500,000
    stored, this 7.5 ms (5,778 rows walked)."""
    terms, params = where(replace(query, search=None, ids=None))
    joined = " JOIN sources s ON s.id = i.source_id" if needs_source(query) else ""
    picked: list[int] = []
    seen: set[int] = set()
    below = None if before is None else (before[0].timestamp(), before[1])
    # Stories walk from the top: a story's newer headline above `before` (on a page shown)
    # keeps it off this page, as headlines_sql's probe of the story does.
    chunk, start = 4 * limit + 100, None if stories else below
    while True:
        bounds, bound_params = ["i.published >= ?"], [since]
        if start is not None:
            # Bounded on both sides for the index's range (an OR alone scans from the top).
            bounds.append("i.published <= ? AND (i.published < ? OR i.id < ?)")
            bound_params += [start[0], start[0], start[1]]
        sql = (
            f"SELECT i.id, i.story, i.published FROM items i INDEXED BY items_timeline{joined} "
            f"WHERE {' AND '.join([*terms, *bounds])} "
            "ORDER BY i.published DESC, i.id DESC LIMIT ?"
        )
        rows = read(sql, [*params, *bound_params, chunk])
        for row_id, story, published in rows:
            if row_id not in hits:
                continue
            if stories and story is not None:  # unplaced: a story of its own
                if story in seen:
                    continue
                seen.add(story)
            if stories and below is not None and (published, row_id) >= below:
                continue  # above `before` (in any chunk, not the first only): its story is seen
            picked.append(row_id)
            if len(picked) == limit:
                return picked
        if len(rows) < chunk:
            return picked
        start, chunk = (float(rows[-1][2]), int(rows[-1][0])), chunk * 2


def _in_step(read: Read, rows: int) -> bool:
    """Whether the newest `rows` headlines by date are about the newest by id (within twice
    as many ids): else a window is most likely out of step too, and not worth its reads (an
    FTS read and a page of lookups, ~0.3 s at 100,000 stored). Asked for the first read's
    window (GROWTH pages' worth), not a page's: a round of polls stores its headlines out of
    date order by up to a round, which a page of a screen's rows (260 wanted ids) did not
    span at 500,000 stored in 50 sources, and its window of 2,080 ids did. Walks `rows`
    entries of the timeline index (~1 ms for 4,640)."""
    found = read(
        "SELECT MIN(id), (SELECT MAX(id) FROM items) FROM (SELECT id FROM items INDEXED BY "
        "items_timeline ORDER BY published DESC, id DESC LIMIT ?)",
        (rows,),
    )
    lowest, highest = found[0] if found else (None, None)
    return lowest is not None and int(highest) - int(lowest) <= 2 * rows


def _newer_outside(
    read: Read, lowest: int, last: tuple[Any, ...], before: tuple[datetime, int] | None
) -> bool:
    """Whether a headline with an id below `lowest` (and older than `before`) comes before the
    row `last` (of HEADLINE_COLUMNS) in the newest-first order, whatever it matches."""
    published, last_id = float(last[6]), int(last[0])
    sql, params = OUTSIDE_SQL, [lowest, published, published, last_id]
    if before is not None:
        stamp = before[0].timestamp()
        sql += BEFORE_SQL
        params += [stamp, stamp, before[1]]
    return bool(read(sql + " LIMIT 1", params))
