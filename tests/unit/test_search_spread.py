"""Tests the search window where a source dates headlines ahead of their poll (stored early,
shown among the newest: ids out of step with dates below the first window): the window grows
past them instead of giving up, and its walk down the timeline (ids checked against the window
in Python) gives exactly what a read over every match gives, with a tag filter and as
stories, page by page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from newstui.feeds.stories import StoryPlacer
from newstui.models import FeedEntry, HeadlineQuery, SourceConfig
from newstui.storage import queries, search_window
from newstui.storage.search_window import search_page
from newstui.storage.store import Store
from tests.unit.test_search_walk import Reads
from tests.unit.test_search_window import NOW

SOURCES = 8
ROUNDS = 40
PER_POLL = 5
AHEAD = 12
"""Rounds ahead of its poll that one source dates a headline of each poll (a clock or time
zone off): stored early, shown among the newest."""


def every_match(store: Store, query: HeadlineQuery, *, stories: bool) -> list[int]:
    """The ids of every row `query` selects, newest first, read over every match."""
    sql, params = queries.headlines_sql(
        query, limit=ROUNDS * SOURCES * PER_POLL, before=None, walk_timeline=False, stories=stories
    )
    return [int(r[0]) for r in store._read(sql, params)]


@pytest.fixture(scope="module")
def spread(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """ROUNDS rounds of a poll of each of SOURCES sources (half tagged "world"), ten minutes
        apart, oldest first; the first source dates the first headline of each poll AHEAD rounds
        later than its poll (no later than the last poll: the store keeps no date in the future).
    "storm" is in every title, "ferry" in one of three."""
    store = Store(tmp_path_factory.mktemp("spread") / "s.db")
    configs = [
        SourceConfig(f"http://127.0.0.1:9/{n}", tags=("world",) if n % 2 else ())
        for n in range(SOURCES)
    ]
    sources = store.sync_sources(configs, 300)
    for r in range(ROUNDS):
        for n, source in enumerate(sources):
            entries = []
            for k in range(PER_POLL):
                minutes = (ROUNDS - r) * 10 + k + n / 10
                if n == 0 and k == 0:
                    minutes -= AHEAD * 10
                ferry = " ferry" if (r + n + k) % 3 == 0 else ""
                title = f"storm over bay{r} quay{n} pier{k}{ferry}"
                entries.append(
                    FeedEntry(f"g{n}-{r}-{k}", title, None, NOW - timedelta(minutes=minutes))
                )
            store.save_poll(source, entries, NOW)
    StoryPlacer().place_all(store)
    store.index_search()  # the tests read the index without the store's searches
    yield store
    store.close()


@pytest.mark.parametrize(
    "query",
    [HeadlineQuery(search="storm"), HeadlineQuery(search="sto", tag="world")],
    ids=["word", "prefix-and-tag"],
)
def test_a_window_with_a_newer_headline_below_it_grows_and_is_exact(
    spread: Store, query: HeadlineQuery
) -> None:
    reads = Reads(spread)
    # A page of 100 rows (2.5 rounds) over a first window of 500 ids (12.5 rounds): headlines
    # stored before it (AHEAD rounds back) are dated within the page.
    page = search_page(reads, query, limit=100, before=None, stories=False)
    assert page is not None, "the window grew past the headlines dated ahead"
    assert [int(r[0]) for r in page] == every_match(spread, query, stories=False)[:100]
    outside = [sql for sql in reads.sql if sql.startswith(search_window.OUTSIDE_SQL)]
    assert reads.walked() and outside, "the first window was walked, a newer headline below it"


@pytest.mark.parametrize("stories", [False, True], ids=["headlines", "stories"])
def test_every_page_of_a_spread_store_is_what_every_match_gives(
    spread: Store, stories: bool
) -> None:
    for query in (HeadlineQuery(search="storm"), HeadlineQuery(search="ferry", tag="world")):
        expected = every_match(spread, query, stories=stories)
        found: list[int] = []
        before = None
        while True:
            if stories:
                page = [row.headline for row in spread.stories(query, limit=7, before=before)]
            else:
                page = spread.headlines(query, limit=7, before=before)
            found += [h.id for h in page]
            if len(page) < 7:
                break
            before = (page[-1].published, page[-1].id)
        assert found == expected, query
