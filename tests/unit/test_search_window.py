"""Tests search through the window of newest matches (storage/search_window.py): page by page,
as headlines and as stories, with filters, it gives exactly what a read over every match gives,
whether row ids follow the dates (a database filled poll by poll) or not (a first round's
history, stored source by source); and it is used where it can be."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.feeds.stories import StoryPlacer
from newstui.models import FeedEntry, HeadlineQuery, SourceConfig
from newstui.storage import queries, search_window
from newstui.storage.search_window import search_page
from newstui.storage.store import Store

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
WORDS = ["storm", "storms", "harbour", "vote", "market", "ferry", "bridge", "council"]
SOURCES = 6
ROWS = 1_200


def build(path: Path, *, in_step: bool, seed: int = 3) -> Store:
    """ROWS headlines over SOURCES sources, a minute apart: stored a few at a time, oldest
    first, when `in_step` (ids follow dates); else each source's whole history at once."""
    rng = random.Random(seed)
    store = Store(path)
    sources = store.sync_sources(
        [SourceConfig(f"http://127.0.0.1:9/{n}") for n in range(SOURCES)], 300
    )

    def entry(n: int, k: int) -> FeedEntry:
        common = "storm " if rng.random() < 0.8 else ""
        rare = " ferry" if rng.random() < 0.01 else ""
        title = common + " ".join(rng.choices(WORDS[2:], k=3)) + rare + f" {n}-{k}"
        when = NOW - timedelta(minutes=k * SOURCES + n)
        return FeedEntry(f"g{n}-{k}", title, None, when, summary="A summary.")

    per = ROWS // SOURCES
    if in_step:
        for start in range(per - 10, -10, -10):
            for n, source in enumerate(sources):
                store.save_poll(source, [entry(n, k) for k in range(start, start + 10)], NOW)
    else:
        for n, source in enumerate(sources):
            store.save_poll(source, [entry(n, k) for k in range(per)], NOW)
    StoryPlacer().place_all(store)
    rows = store.headlines(limit=ROWS)
    store.set_read([h.id for h in rows if h.id % 3 == 0])
    store.index_search()  # the tests read the index without the store's searches
    return store


def every_match(store: Store, query: HeadlineQuery, *, stories: bool) -> list[int]:
    """The ids of every row `query` selects, newest first, read over every match."""
    sql, params = queries.headlines_sql(
        query, limit=ROWS, before=None, walk_timeline=False, stories=stories
    )
    return [int(r[0]) for r in store._read(sql, params)]


def paged(store: Store, query: HeadlineQuery, *, stories: bool, limit: int) -> list[int]:
    """Every row of `query`, read a page of `limit` at a time as the list pages in."""
    found: list[int] = []
    before = None
    while True:
        if stories:
            page = [row.headline for row in store.stories(query, limit=limit, before=before)]
        else:
            page = store.headlines(query, limit=limit, before=before)
        found += [h.id for h in page]
        if len(page) < limit:
            return found
        before = (page[-1].published, page[-1].id)


QUERIES = [
    HeadlineQuery(search="storm"),
    HeadlineQuery(search="sto"),
    HeadlineQuery(search="ferry"),
    HeadlineQuery(search="storm council"),
    HeadlineQuery(search="storm", unread_only=True),
    HeadlineQuery(search="nothing-like-it"),
]


@pytest.mark.parametrize("in_step", [True, False], ids=["ids-follow-dates", "ids-out-of-step"])
@pytest.mark.parametrize("stories", [False, True], ids=["headlines", "stories"])
def test_every_page_is_what_every_match_gives(tmp_path: Path, in_step: bool, stories: bool) -> None:
    store = build(tmp_path / "s.db", in_step=in_step)
    try:
        for query in QUERIES:
            expected = every_match(store, query, stories=stories)
            for limit in (23, 200, 1000):
                assert paged(store, query, stories=stories, limit=limit) == expected, (
                    query,
                    limit,
                )
    finally:
        store.close()


def test_the_window_is_used_where_ids_follow_dates_and_not_where_they_do_not(
    tmp_path: Path,
) -> None:
    in_step = build(tmp_path / "a.db", in_step=True)
    out_of_step = build(tmp_path / "b.db", in_step=False)
    try:
        common = HeadlineQuery(search="storm")
        for stories in (True, False):
            page = search_page(in_step._read, common, limit=100, before=None, stories=stories)
            assert page is not None
        assert len(page) == 100 and len({int(r[1]) for r in page}) == SOURCES
        # Out of step: the window is tried only when its first read spans the store (4 x 100 +
        # 100 ids, GROWTH times, here every row), which gives every match.
        assert search_window._in_step(in_step._read, 500)
        assert not search_window._in_step(out_of_step._read, 500)
        first = search_page(out_of_step._read, common, limit=100, before=None, stories=False)
        assert [int(r[0]) for r in first or []] == every_match(out_of_step, common, stories=False)[
            :100
        ]
        # A rare word: every match fits the first window.
        rare = HeadlineQuery(search="ferry")
        assert search_page(in_step._read, rare, limit=100, before=None, stories=False) == (
            in_step._read(*queries.headlines_sql(rare, limit=100, before=None, walk_timeline=False))
        )
        first = search_page(out_of_step._read, rare, limit=100, before=None, stories=False)
        expected = every_match(out_of_step, rare, stories=False)[:100]
        assert [int(r[0]) for r in first or []] == expected
    finally:
        in_step.close()
        out_of_step.close()
