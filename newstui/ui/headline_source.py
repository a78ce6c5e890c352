"""Provides StoredHeadlines: the headline column's views, read from the store."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import datetime

from textual.dom import DOMNode

from newstui.models import Headline, HeadlineQuery, StoryRow
from newstui.storage.store import Store, StoreError
from newstui.ui.search_fold import SearchFold
from newstui.ui.store_writes import StoreWrites
from newstui.ui.views import View
from newstui.ui.widgets.headline_paint import Layout
from newstui.ui.widgets.headline_reads import HeadlinesUnavailable


class StoredHeadlines:
    """The HeadlineSource of the headline column: reads on the event loop (one indexed query,
    a few ms for a page of 1000), and knows whether the interface's writes are still pending."""

    def __init__(
        self,
        store: Store,
        writes: StoreWrites,
        flag: Callable[[list[Headline]], list[Headline]] | None = None,
    ) -> None:
        """`flag` marks the headlines read (Headline.alert), as the watchlist does."""
        self.store = store
        self.writes = writes
        self.flag = flag
        self.fold: SearchFold | None = None
        """The ticker's idle fold of the search vocabulary, which `/` joins."""

    def headlines(
        self,
        view: View,
        *,
        limit: int,
        before: Headline | None = None,
        ids: Sequence[int] | None = None,
    ) -> list[Headline]:
        query, page_past = _page(view, before, ids)
        with _unavailable():
            return self._flagged(self.store.headlines(query, limit=limit, before=page_past))

    def stories(
        self,
        view: View,
        *,
        limit: int,
        before: Headline | None = None,
        ids: Sequence[int] | None = None,
    ) -> list[StoryRow]:
        query, page_past = _page(view, before, ids)
        with _unavailable():
            rows = self.store.stories(query, limit=limit, before=page_past)
        flagged = self._flagged([row.headline for row in rows])
        return [replace(row, headline=h) for row, h in zip(rows, flagged, strict=True)]

    def story(self, story_id: int) -> list[Headline]:
        with _unavailable():
            return self._flagged(self.store.headlines(HeadlineQuery(story=story_id), limit=1000))

    def story_sizes(self, story_ids: Sequence[int]) -> Mapping[int, tuple[int, int]]:
        with _unavailable():
            return self.store.story_sizes(story_ids)

    def _flagged(self, headlines: list[Headline]) -> list[Headline]:
        return self.flag(headlines) if self.flag is not None else headlines

    @property
    def writing(self) -> bool:
        return self.writes.pending > 0

    async def written(self) -> None:
        await self.writes.flushed()

    async def ready_search(self) -> None:
        # The headlines stored since the last fold are folded into the vocabulary while the
        # reader types (~0.1 ms a headline, on the writer's thread): a search of a word in
        # most titles then reads its matches as an OR of exact terms, not as a prefix. The
        # ticker's idle fold is joined where there is one, never run twice at once.
        if self.fold is not None:
            await self.fold.now()
            return
        with suppress(StoreError):
            await asyncio.to_thread(self.store.fold_search_terms)

    def remembered_layout(self) -> Layout | None:
        try:
            chosen = self.store.setting("layout")
        except StoreError:
            return None
        return "newsline" if chosen == "newsline" else "compact" if chosen == "compact" else None

    def remember_layout(self, node: DOMNode, layout: Layout) -> None:
        store = self.store
        self.writes.submit(node, lambda: store.set_setting("layout", layout))


def _page(
    view: View, before: Headline | None, ids: Sequence[int] | None
) -> tuple[HeadlineQuery, tuple[datetime, int] | None]:
    """The view's query (limited to `ids` when given) and the place to page past."""
    query = view.query() if ids is None else view.query().limited_to(ids)
    return query, None if before is None else (before.published, before.id)


@contextmanager
def _unavailable() -> Iterator[None]:
    """A store that cannot be read now is HeadlinesUnavailable to the widgets."""
    try:
        yield
    except StoreError as exc:
        raise HeadlinesUnavailable(str(exc)) from None
