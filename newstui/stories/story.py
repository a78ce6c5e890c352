"""Provides one story as the index keeps it: its headlines' term vectors and their sum."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from newstui.stories.terms import NUMBER

Source = int | str
"""Whatever identifies a headline's source (the store's source id, or a name)."""
SUBJECT = 3
"""Words that make a story's subject: two stories merge only when their subjects overlap, as
centroids of two big stories can agree on a generic word ("finale", "trailer") without being
about one thing. Three: more let topic words in, and merges of one thread's parts need fewer."""


RENORM = 64
"""Every this many removals a story's norm is summed afresh, so that rounding error from
updating it cannot build up in a story that lives for days."""


def _heaviest(terms: Iterable[str], centroid: dict[str, float]) -> set[str]:
    """The SUBJECT words of `terms` of most weight in `centroid` (ties: code point order)."""
    words = [(-centroid[t], t) for t in terms if not t.startswith(NUMBER)]
    best = sorted(words)[:SUBJECT] if len(words) <= 16 else heapq.nsmallest(SUBJECT, words)
    return {t for _, t in best}


@dataclass(slots=True, eq=False)
class Member:
    """One live headline: its unit-length TF-IDF vector, frozen when it arrived."""

    key: int
    source: Source
    time: float
    """POSIX seconds."""
    terms: tuple[str, ...]
    weights: tuple[float, ...]
    story: int
    """The id of the story it belongs to now (follows merges)."""

    def dot(self, query: dict[str, float]) -> float:
        return sum(
            query.get(term, 0.0) * w for term, w in zip(self.terms, self.weights, strict=True)
        )


@dataclass(slots=True, eq=False)
class Story:
    """A story's live headlines, by source, and the sum of their vectors (the centroid)."""

    id: int
    order: int
    """Creation order: of two merging stories the older one (smaller order) survives."""
    language: str | None
    centroid: dict[str, float] = field(default_factory=dict)
    holders: dict[str, int] = field(default_factory=dict)
    """Members holding each term: the term leaves the centroid when this reaches 0."""
    norm2: float = 0.0
    by_source: dict[Source, list[Member]] = field(default_factory=dict)
    size: int = 0
    removals: int = 0
    newest: float = -math.inf
    """The time of the newest headline it has held, POSIX seconds."""
    _subject: set[str] | None = None
    """`subject()`, kept until the story changes (it scans the whole centroid)."""

    def add(self, member: Member) -> None:
        centroid, holders = self.centroid, self.holders
        for term, w in zip(member.terms, member.weights, strict=True):
            old = centroid.get(term)
            if old is None:
                centroid[term] = w
                holders[term] = 1
                self.norm2 += w * w
            else:
                centroid[term] = old + w
                holders[term] += 1
                self.norm2 += 2 * old * w + w * w
        self.by_source.setdefault(member.source, []).append(member)
        self.size += 1
        self.newest = max(self.newest, member.time)
        if self._subject is not None:
            # Only the member's terms gained weight: the new subject is among them and the old.
            self._subject = _heaviest(self._subject.union(member.terms), centroid)

    def remove(self, member: Member) -> None:
        """Removes `member`; a term no member holds any more leaves the centroid."""
        centroid, holders = self.centroid, self.holders
        dot = 0.0
        for term, w in zip(member.terms, member.weights, strict=True):
            dot += centroid[term] * w
            holders[term] -= 1
            if holders[term] == 0:
                del holders[term], centroid[term]
            else:
                centroid[term] -= w
        self.removals += 1
        if self.removals % RENORM == 0:
            self.norm2 = sum(w * w for w in centroid.values())
        else:  # |C - v|^2 = |C|^2 - 2 C.v + |v|^2, |v| = 1
            self.norm2 = max(0.0, self.norm2 - 2.0 * dot + 1.0)
        same = self.by_source[member.source]
        same.remove(member)
        if not same:
            del self.by_source[member.source]
        self.size -= 1
        if self._subject is not None and not self._subject.isdisjoint(member.terms):
            self._subject = None

    def similarity(self, query: dict[str, float], source: Source) -> tuple[float, int]:
        """Cosine of `query` with the centroid of this story's headlines from other sources,
        and how many of the query's words (terms with a letter) those headlines hold.

        The own source's share is taken out of the dot product but left in the norm, which
        errs low: a feed's own earlier headlines never count as a second report of an event,
        so a feed's recurring titles ("Podcast 603", "Podcast 604") never make a story."""
        if self.norm2 <= 0.0:
            return 0.0, 0
        own: dict[str, float] = {}
        for member in self.by_source.get(source, ()):
            for term, w in zip(member.terms, member.weights, strict=True):
                own[term] = own.get(term, 0.0) + w
        dot = 0.0
        shared = 0
        centroid = self.centroid
        for term, w in query.items():
            theirs = centroid.get(term, 0.0) - own.get(term, 0.0)
            if theirs > 1e-9:
                dot += w * theirs
                if not term.startswith(NUMBER):  # is_word, inlined: this is the hot loop
                    shared += 1
        return dot / math.sqrt(self.norm2), shared

    def cross_similarity(self, other: Story) -> float:
        """Cosine of the two centroids, counting only pairs of headlines from different
        sources: two stories are one when other outlets' reports agree, not one outlet's."""
        if self.norm2 <= 0.0 or other.norm2 <= 0.0:
            return 0.0
        small, large = (
            (self.centroid, other.centroid)
            if len(self.centroid) <= len(other.centroid)
            else (other.centroid, self.centroid)
        )
        dot = sum(w * large.get(term, 0.0) for term, w in small.items())
        for source, mine in self.by_source.items():
            theirs = other.by_source.get(source)
            if theirs:
                summed: dict[str, float] = {}
                for member in mine:
                    for term, w in zip(member.terms, member.weights, strict=True):
                        summed[term] = summed.get(term, 0.0) + w
                dot -= sum(m.dot(summed) for m in theirs)
        return dot / math.sqrt(self.norm2 * other.norm2)

    def subject(self) -> set[str]:
        """The SUBJECT words (terms with a letter) of most weight in the centroid (ties: the
        first in code point order); kept until the story changes."""
        if self._subject is None:
            self._subject = _heaviest(self.centroid, self.centroid)
        return self._subject

    def members(self) -> list[Member]:
        return [m for same in self.by_source.values() for m in same]
