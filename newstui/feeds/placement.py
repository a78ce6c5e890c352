"""Provides Placement: what one placing of headlines in stories did (feeds.stories places)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from newstui.models import Headline

if TYPE_CHECKING:
    from newstui.storage.store import Store

# Apart from feeds.stories so that the poller, which returns one with every poll, does not
# import the story engine (newstui.stories) where nothing is placed: a `fetch` round places
# after it, once (~5 ms of imports before its fork, benchmarks/RESULTS.md, warm4).


@dataclass(frozen=True)
class Placement:
    """What one placing did."""

    stories: Mapping[int, int] = field(default_factory=dict)
    """Headline id -> story id of each headline placed (after this placing's merges)."""
    merged: Mapping[int, int] = field(default_factory=dict)
    """Story id -> the story it is now part of, for each story merged away (stored headlines of
    the first now carry the second)."""
    more: bool = False
    """Headlines are still waiting to be placed (a chunk was full, or the budget was passed)."""

    def __bool__(self) -> bool:
        return bool(self.stories or self.merged)

    def applied(self, headlines: Sequence[Headline]) -> list[Headline]:
        """`headlines` with their stories as placed or merged here."""
        out = []
        for h in headlines:
            story = self.stories.get(h.id, h.story)
            story = self.merged.get(story, story) if story is not None else None
            out.append(h if story == h.story else replace(h, story=story))
        return out


class Placer(Protocol):
    """What places new headlines right after a poll stores them (feeds.stories.StoryPlacer)."""

    async def place_async(self, store: Store) -> Placement: ...
