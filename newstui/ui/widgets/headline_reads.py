"""Provides HeadlineSource, where the headline column reads its headlines and stories, and
HeadlinesUnavailable, the one error a read raises."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from textual.dom import DOMNode

from newstui.models import Headline, StoryRow
from newstui.ui.views import View
from newstui.ui.widgets.headline_paint import Layout


class HeadlinesUnavailable(Exception):
    """The headlines could not be read; the message says why in one line."""


class HeadlineSource(Protocol):
    """Where the column reads headlines from; the app implements it over the store."""

    def headlines(
        self,
        view: View,
        *,
        limit: int,
        before: Headline | None = None,
        ids: Sequence[int] | None = None,
    ) -> list[Headline]:
        """The newest `limit` headlines of `view`, older than `before`, among `ids` when given.
        Raises HeadlinesUnavailable."""
        ...

    def stories(
        self,
        view: View,
        *,
        limit: int,
        before: Headline | None = None,
        ids: Sequence[int] | None = None,
    ) -> list[StoryRow]:
        """As `headlines`, one row per story (its newest headline the view shows). Raises
        HeadlinesUnavailable."""
        ...

    def story(self, story_id: int) -> list[Headline]:
        """Every headline of one story, newest first. Raises HeadlinesUnavailable."""
        ...

    def story_sizes(self, story_ids: Sequence[int]) -> Mapping[int, tuple[int, int]]:
        """Story id -> (headlines, sources) of the placed stories among these. Raises
        HeadlinesUnavailable."""
        ...

    @property
    def writing(self) -> bool:
        """Marks the reader changed are still being stored (a view read now would miss them)."""
        ...

    async def written(self) -> None:
        """Returns once the marks asked for so far are stored."""
        ...

    async def ready_search(self) -> None:
        """Readies the reads of a search about to be typed (the store's search vocabulary
        brought up to date, off the event loop); a failure only leaves searches slower."""
        ...

    def remembered_layout(self) -> Layout | None:
        """The list layout the reader chose last with L, kept for the next run; None if none
        (or it cannot be read)."""
        ...

    def remember_layout(self, node: DOMNode, layout: Layout) -> None:
        """Keeps `layout` for the next run (written off the event loop; `node` hears of a
        failed write)."""
        ...
