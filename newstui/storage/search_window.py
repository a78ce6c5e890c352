"""Provides the store's search pages: the newest matches of a search read through a window of the
newest matching row ids, instead of through every match."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any

from newstui.models import HeadlineQuery
from newstui.storage.queries import fts_query, headlines_sql

Read = Callable[[str, Sequence[object]], list[tuple[Any, ...]]]

HITS_SQL = "SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid DESC LIMIT ?"
"""The newest matching row ids (FTS5 reads its doclists in rowid order: no sort)."""
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
    that gave too few rows grows (GROWTH times, up to TRIES); one out of step gives None, and
    so does a first page where the newest headlines by date are not the newest by id."""
    words = fts_query(query.search or "")
    if words is None:
        return None
    wanted = 4 * limit + 100
    if before is None and not _in_step(read, wanted):
        return None
    for attempt in range(TRIES):
        hits = [int(row[0]) for row in read(HITS_SQL, (words, wanted))]
        windowed = replace(query, search=None, ids=frozenset(hits))
        page = partial(headlines_sql, windowed, limit=limit, before=before, stories=stories)
        if len(hits) < wanted:
            return read(*page(walk_timeline=False))  # every match was in the window
        rows = _walked(read, page, hits)
        if rows is None or (len(rows) < limit and attempt == TRIES - 1):
            rows = read(*page(walk_timeline=False))
        if len(rows) == limit:
            # Ids out of step with dates below the window (a first poll's history, a first
            # sync): a larger window would most likely be out of step too.
            return None if _newer_outside(read, hits[-1], rows[-1], before) else rows
        wanted *= GROWTH
    return None


def _walked(
    read: Read, page: Callable[..., tuple[str, list[object]]], hits: list[int]
) -> list[tuple[Any, ...]] | None:
    """The page walked down the timeline from the newest headline to the window's lowest id's
    date, for a DENSE window (`hits`: its ids, highest first); None for a sparse one. Exact
    when it fills the page: a window's row outside that span is older than every row in it.
    Short of a page, the window's rows older than that date may be missing: the caller grows
    the window, or sorts it."""
    if hits[0] - hits[-1] >= DENSE * len(hits):
        return None
    lowest = read(LOWEST_SQL, (hits[-1],))
    if not lowest:
        return None  # deleted since the index was read: sorted instead
    return read(*page(walk_timeline=True, since=float(lowest[0][0])))


def _in_step(read: Read, rows: int) -> bool:
    """Whether the newest `rows` headlines by date are about the newest by id (within twice
    as many ids): else a window is most likely out of step too, and not worth its reads (an
    FTS read and a page of lookups, ~0.3 s at 100,000 stored). Walks `rows` entries of the
    timeline index (~1 ms)."""
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
