"""Tests how search_window reads a window's page: a dense window (a common word) walked down the
timeline, a sparse one (a word of a few titles in a hundred) sorted, both exact."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from newstui.feeds.stories import StoryPlacer
from newstui.models import FeedEntry, HeadlineQuery, SourceConfig
from newstui.storage import search_window
from newstui.storage.search_window import search_page
from newstui.storage.store import Store
from tests.unit.test_search_window import NOW, build, every_match


class Reads:
    """The store's reads, with the SQL of each kept."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.sql: list[str] = []

    def __call__(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        self.sql.append(sql)
        return self.store._read(sql, params)

    def walked(self) -> bool:
        return self.walks() > 0

    def walks(self) -> int:
        """Walks down the timeline from the newest row (each window tried walks once, in
        chunks: those after the first start below a row, `i.published <= ?`)."""
        return sum(
            "INDEXED BY items_timeline" in s and "i.published >= ?" in s and "<= ?" not in s
            for s in self.sql
        )


@pytest.fixture(scope="module")
def in_step(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = build(tmp_path_factory.mktemp("walk") / "s.db", in_step=True)  # read only here
    yield store
    store.close()


@pytest.mark.parametrize("stories", [False, True], ids=["headlines", "stories"])
def test_a_common_word_is_walked_and_gives_what_every_match_gives(
    in_step: Store, stories: bool
) -> None:
    query = HeadlineQuery(search="storm")  # in 4 titles of 5
    reads = Reads(in_step)
    page = search_page(reads, query, limit=100, before=None, stories=stories)
    assert page is not None and reads.walked()
    assert [int(r[0]) for r in page] == every_match(in_step, query, stories=stories)[:100]


def test_a_sparse_window_is_sorted(in_step: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # "council" is in about half of the titles: a window spanning twice its ids is sparse
    # when DENSE is 1, and the page is sorted, as for a word of few titles.
    query = HeadlineQuery(search="council")
    monkeypatch.setattr(search_window, "DENSE", 1)
    reads = Reads(in_step)
    page = search_page(reads, query, limit=20, before=None, stories=False)
    assert page is not None and not reads.walked()
    assert [int(r[0]) for r in page] == every_match(in_step, query, stories=False)[:20]


def grouped(path: Path) -> Store:
    """100 stories of one headline in each of 16 sources (1,600 rows, in step), every title
    with "storm": a window of a few times a page of stories holds fewer stories than a page."""
    store = Store(path)
    sources = store.sync_sources([SourceConfig(f"http://127.0.0.1:9/{n}") for n in range(16)], 300)
    for k in range(100):  # oldest first, a round of 16 polls each
        for n, source in enumerate(sources):
            when = NOW - timedelta(minutes=(100 - k) * 16 - n)
            title = f"Storm over alpha{k} bravo{k} charlie{k} delta{k}"
            store.save_poll(source, [FeedEntry(f"g{n}-{k}", title, None, when)], NOW)
    StoryPlacer().place_all(store)
    store.index_search()  # the tests read the index without the store's searches
    return store


def test_a_page_of_stories_walks_every_id_read_ahead_once(tmp_path: Path) -> None:
    # The first window (4 x 20 + 100 ids) holds 11 stories of 16 headlines: it used to be
    # walked and then grown; the walk now covers every id read ahead, in one walk.
    store = grouped(tmp_path / "s.db")
    try:
        query = HeadlineQuery(search="storm")
        expected = every_match(store, query, stories=True)
        assert len(expected) == 100  # one row a story
        reads = Reads(store)
        page = search_page(reads, query, limit=20, before=None, stories=True)
        assert page is not None and reads.walked()
        assert [int(r[0]) for r in page] == expected[:20]
        assert reads.walks() == 1
        assert sum(s == search_window.HITS_SQL for s in reads.sql) == 1  # read ahead: once
    finally:
        store.close()


def test_a_later_page_of_stories_walked_past_its_first_chunk_keeps_below_its_row(
    tmp_path: Path,
) -> None:
    # A first page of 20 stories spans 320 headlines; a page of 5 after it walks from the
    # newest headline in chunks of 4 x 5 + 100: the headlines above the first page's last
    # row lie in several chunks, and none of them is on the later page.
    store = grouped(tmp_path / "s.db")
    try:
        query = HeadlineQuery(search="storm")
        expected = every_match(store, query, stories=True)
        first = [row.headline for row in store.stories(query, limit=20)]
        last = first[-1]
        later = store.stories(query, limit=5, before=(last.published, last.id))
        assert [h.id for h in first] + [r.headline.id for r in later] == expected[:25]
    finally:
        store.close()
