"""Provides StoryIndex: assigns each arriving headline a story id, incrementally and stably."""

# Single-pass clustering with centroids, as in Topic Detection and Tracking (Allan et al., 1998,
# "On-line new event detection and tracking"): a headline joins the most similar open story when
# the cosine of its TF-IDF vector with that story's centroid reaches the threshold, else it starts
# a story of its own. Three refinements, each for a kind of input:
# - the similarity leaves out the headline's own source (Story.similarity): a feed repeating
#   its own title pattern is not several sources reporting an event;
# - a headline must share at least two words with a story's other sources (MIN_SHARED): one
#   word in common ("new", "Rails") is a topic, and short titles would otherwise join on it;
# - a headline that reaches the threshold for two stories merges them when their centroids
#   agree by the same threshold (Story.cross_similarity) and their main words overlap
#   (SUBJECT): the first reports of an event often share no word, and the two stories they start
#   meet later. Merging on the two centroids, not on the one headline, keeps a single ambiguous
#   headline from chaining unrelated stories.
# Document frequencies come from the live window itself: what is common in today's news weighs
# less, in any language, with no model to ship (only function words: stopwords.py).

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from newstui.models import Headline
from newstui.stories.story import Member, Source, Story
from newstui.stories.terms import NUMBER, terms

THRESHOLD = 0.125
"""Cosine a headline needs with a story's centroid to join it, and two centroids to merge.
Chosen on the development half of the labelled corpus (benchmarks/stories.py) as the point of a
0.025 grid farthest inside the goal, B-cubed precision >= 0.90 and recall >= 0.65: the largest
min(P - 0.90, R - 0.65). Precision stays within 0.93-0.98 from 0.1 to 0.25; recall falls."""
WINDOW = timedelta(hours=48)
"""How long a headline stays matchable: the window of the corpus baselines."""
CAPACITY = 50_000
"""Live headlines at most; past it the oldest leave first. Bounds memory: ~1.7 KiB a headline
with its story and postings (benchmarks/stories_results.md), ~85 MiB when full."""
MIN_SHARED = 2
"""Words (not numbers) a headline must share with a story's other sources to join it: one
common word ("new", "Rails") is a topic, not an event, however short the titles."""
EXPIRE_STEP = 32
"""Expired headlines dropped at most per `add`: a steady stream needs about one (one arrives,
one leaves), and a backlog costs each add at most ~32 x 0.05 ms."""
BROAD = 500
"""A word held by more live stories than this is generic ("new", "watch", "video"): it finds
no story and lifts none over the threshold, though it adds to the similarity of a story that
passes without it. Its posting would also be the costliest to scan."""


@dataclass(frozen=True, slots=True)
class StoryItem:
    """One headline as the index needs it."""

    key: int
    """The headline's own id (the store's item id); a lone headline's story id is its key."""
    title: str
    source: Source
    published: datetime
    """Timezone-aware; the store's `published` (the feed's date, or when first seen)."""
    language: str | None = None
    """The feed's language ("en", "de-AT"), when known: stories never cross known languages."""


def item_of(headline: Headline, language: str | None = None) -> StoryItem:
    """The StoryItem of a stored headline (its store id as key, its source id as source)."""
    return StoryItem(headline.id, headline.title, headline.source_id, headline.published, language)


@dataclass(frozen=True, slots=True)
class StoredItem:
    """One headline as stored with the story it was given, for `StoryIndex.restore`."""

    key: int
    title: str
    source: Source
    published: datetime
    story: int
    language: str | None = None


class Assignment(NamedTuple):
    """What `StoryIndex.add` decided for one headline."""

    key: int
    story: int
    """The story id: the key of the story's first headline (the older one's after a merge)."""
    merged: tuple[int, ...] = ()
    """Story ids absorbed into `story` by this headline: their headlines now belong to `story`
    (the store should rewrite them; `StoryIndex.resolve` maps an old id to the new one)."""


def _same_subject(one: Story, two: Story) -> bool:
    """Whether the two stories' most weighted words (Story.subject) overlap."""
    return bool(one.subject() & two.subject())


def _language(tag: str | None) -> str | None:
    return tag.strip().lower().split("-")[0].split("_")[0] or None if tag else None


class StoryIndex:
    """The live stories of the last `window`, at most `capacity` headlines.

    Deterministic: the same items in the same order give the same ids. Stable: a headline's
    story id changes only when its story is merged into an older one, reported in
    `Assignment.merged`. Not thread-safe: use it from one thread (or process).
    """

    def __init__(
        self,
        *,
        threshold: float = THRESHOLD,
        window: timedelta = WINDOW,
        capacity: int = CAPACITY,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self.threshold = threshold
        self.window = window.total_seconds()
        self.capacity = capacity
        self._members: dict[int, Member] = {}
        self._stories: dict[int, Story] = {}
        # term -> {story id: the term's weight in that story's centroid}, mirrored so that
        # scoring reads one dict per term rather than one per (term, story).
        self._postings: dict[str, dict[int, float]] = {}
        self._df: dict[str, int] = {}
        self._aliases: dict[int, int] = {}
        self._absorbed: dict[int, list[int]] = {}  # the reverse of _aliases, to forget them
        self._expiry: list[tuple[float, int, int]] = []  # (time, sequence, key), a heap
        self._sequence = 0
        self._orders = 0
        self._now = -math.inf

    def __len__(self) -> int:
        """Live headlines."""
        return len(self._members)

    @property
    def story_count(self) -> int:
        """Live stories (a lone headline is one)."""
        return len(self._stories)

    def sizes(self) -> dict[str, int]:
        """What the index holds, to watch its memory: headlines, stories, terms (distinct),
        postings (term-story pairs) and aliases (merged ids still resolvable)."""
        return {
            "headlines": len(self._members),
            "stories": len(self._stories),
            "terms": len(self._df),
            "postings": sum(len(p) for p in self._postings.values()),
            "aliases": len(self._aliases),
        }

    def story_of(self, key: int) -> int | None:
        """The story of a live headline, or None when `key` is unknown or has expired."""
        member = self._members.get(key)
        return member.story if member is not None else None

    def resolve(self, story: int) -> int:
        """The id `story` goes by now: itself, or the story it was merged into."""
        return self._aliases.get(story, story)

    def add(self, item: StoryItem) -> Assignment:
        """Places one headline (~0.1 ms, benchmarks/stories_results.md); a key seen before
        keeps its story."""
        known = self._members.get(item.key)
        if known is not None:
            return Assignment(item.key, known.story)
        time = item.published.timestamp()
        self._advance(time)
        words = terms(item.title)
        self._seen(words)
        vector = self._vector(words)
        language = _language(item.language)
        scored = self._candidates(vector, item.source, language)
        best = scored[0][1] if scored else None
        if best is None:
            best = self._new_story(item.key, language)
        member = Member(item.key, item.source, time, tuple(vector), tuple(vector.values()), best.id)
        self._join(best, member)
        merged: list[int] = []
        for _, other in scored[1:]:
            if other.id not in self._stories or other is best:
                continue
            if _same_subject(best, other) and best.cross_similarity(other) >= self.threshold:
                best, absorbed = self._merge(best, other)
                merged.append(absorbed)
        self._trim()
        return Assignment(item.key, best.id, tuple(merged))

    def add_many(self, items: Iterable[StoryItem]) -> list[Assignment]:
        """`add` for each item in the order given (sort by `published` for the best result)."""
        return [self.add(item) for item in items]

    def restore(self, rows: Iterable[StoredItem]) -> None:
        """Rebuilds the live stories from stored rows without deciding anything again: each
        row keeps the story stored with it (so merges must have been written back), in any
        order. Rows older than `window` before the newest, and the oldest past `capacity`,
        are left out. Call on an empty index, before any `add`; ~2.5 s CPU for 50,000 rows."""
        if self._members:
            raise ValueError("restore needs an empty index")
        unique = {row.key: row for row in rows}  # a key twice would be counted twice
        ordered = sorted(unique.values(), key=lambda row: (row.published.timestamp(), row.key))
        if not ordered:
            return
        newest = ordered[-1].published.timestamp()
        live = [row for row in ordered if row.published.timestamp() >= newest - self.window]
        live = live[-self.capacity :]
        parsed = [terms(row.title) for row in live]
        for words in parsed:  # the whole window's frequencies first, as `add` would have seen
            self._seen(words)
        for row, words in zip(live, parsed, strict=True):
            time = row.published.timestamp()
            self._now = max(self._now, time)
            vector = self._vector(words)
            story = self._stories.get(row.story) or self._new_story(
                row.story, _language(row.language)
            )
            member = Member(
                row.key, row.source, time, tuple(vector), tuple(vector.values()), story.id
            )
            self._join(story, member)

    # -- internals ---------------------------------------------------------------------------

    def _seen(self, words: list[str]) -> None:
        """Counts a new headline's terms (repeats once) in the document frequencies."""
        df = self._df
        for word in set(words):
            df[word] = df.get(word, 0) + 1

    def _forget(self, terms: Iterable[str]) -> None:
        """Uncounts a leaving headline's terms (distinct: a member's vector keys)."""
        df = self._df
        for term in terms:
            n = df[term] - 1
            if n:
                df[term] = n
            else:
                del df[term]

    def _vector(self, words: list[str]) -> dict[str, float]:
        """Unit-length TF-IDF with smoothed IDF, ln((N + 1) / (df + 1)) + 1, as scikit-learn's
        TfidfVectorizer; N and df count the live headlines, this one included."""
        total = len(self._members) + 1
        df = self._df
        vector: dict[str, float] = {}
        for word in words:
            vector[word] = vector.get(word, 0.0) + math.log(total / (df.get(word, 0) + 1)) + 1.0
        norm = math.sqrt(sum(w * w for w in vector.values()))
        return {word: w / norm for word, w in vector.items()} if norm > 0 else {}

    def _candidates(
        self, vector: dict[str, float], source: Source, language: str | None
    ) -> list[tuple[float, Story]]:
        """Stories `vector` may join (similarity >= threshold, MIN_SHARED words in common), most
        similar first (ties: the older first).

        Term at a time over the postings, as search engines score: a dot product accumulates
        per story over the query's words that are not BROAD (numbers and generic words find
        nothing and lift nothing over the threshold), and the stories it lifts to the
        threshold are scored exactly (Story.similarity, all terms, the own source left out)."""
        postings, stories = self._postings, self._stories
        horizon = self._now - self.window
        dots: dict[int, float] = {}
        words: dict[int, int] = {}
        dot_of, words_of = dots.get, words.get
        for term, weight in vector.items():
            posting = postings.get(term)
            if posting is None or len(posting) > BROAD or term.startswith(NUMBER):
                continue
            for story_id, held in posting.items():
                dots[story_id] = dot_of(story_id, 0.0) + weight * held
                words[story_id] = words_of(story_id, 0) + 1
        scored: list[tuple[float, Story]] = []
        for story_id, dot in dots.items():
            if words[story_id] < MIN_SHARED:
                continue
            story = stories[story_id]
            # The threshold on the words that are not broad, own source still in: cheap, and
            # `similarity` below takes the own source out.
            if dot < self.threshold * math.sqrt(story.norm2):
                continue
            if story.newest < horizon or (
                language is not None and story.language not in (None, language)
            ):
                continue
            score, shared = story.similarity(vector, source)
            if shared >= MIN_SHARED and score >= self.threshold:
                scored.append((score, story))
        scored.sort(key=lambda pair: (-pair[0], pair[1].order))
        return scored

    def _new_story(self, story_id: int, language: str | None) -> Story:
        story = Story(story_id, self._orders, language)
        self._orders += 1
        self._stories[story_id] = story
        return story

    def _join(self, story: Story, member: Member) -> None:
        member.story = story.id
        self._members[member.key] = member
        story.add(member)
        self._post(story, member.terms)
        heapq.heappush(self._expiry, (member.time, self._sequence, member.key))
        self._sequence += 1

    def _post(self, story: Story, words: Iterable[str]) -> None:
        """Brings the postings of `words` in line with `story`'s centroid."""
        postings = self._postings
        for word in words:
            weight = story.centroid.get(word)
            if weight is not None:
                postings.setdefault(word, {})[story.id] = weight
            else:
                posting = postings.get(word)
                if posting is not None:
                    posting.pop(story.id, None)
                    if not posting:
                        del postings[word]

    def _merge(self, one: Story, two: Story) -> tuple[Story, int]:
        """Moves the younger story's headlines into the older; returns (survivor, absorbed id)."""
        keep, gone = (one, two) if one.order < two.order else (two, one)
        for member in gone.members():
            member.story = keep.id
            keep.add(member)
        for word in gone.centroid:
            del self._postings[word][gone.id]
        self._post(keep, gone.centroid)
        del self._stories[gone.id]
        # Every id that led to the absorbed story leads straight to the survivor now.
        absorbed = [gone.id, *self._absorbed.pop(gone.id, [])]
        for old in absorbed:
            self._aliases[old] = keep.id
        self._absorbed.setdefault(keep.id, []).extend(absorbed)
        return keep, gone.id

    def _advance(self, time: float) -> None:
        """Moves the clock to `time` (it never goes back) and lets up to EXPIRE_STEP expired
        headlines go: after a night's sleep thousands are due, and one `add` should not pay
        for them all (`expire` does). Stories past the window are skipped meanwhile."""
        self._now = max(self._now, time)
        self.expire(EXPIRE_STEP)

    def expire(self, most: int | None = None) -> int:
        """Lets headlines older than `window` before the newest seen go, at most `most` of
        them (all when None); returns how many went. For an idle moment after a long pause."""
        horizon = self._now - self.window
        done = 0
        while self._expiry and self._expiry[0][0] < horizon and (most is None or done < most):
            self._drop(heapq.heappop(self._expiry)[2])
            done += 1
        return done

    def _trim(self) -> None:
        while len(self._members) > self.capacity:
            self._drop(heapq.heappop(self._expiry)[2])

    def _drop(self, key: int) -> None:
        member = self._members.pop(key)
        story = self._stories[member.story]
        story.remove(member)
        self._post(story, member.terms)
        self._forget(member.terms)
        if story.size == 0:
            del self._stories[story.id]
            # Ids merged into a story that has gone are of no more use to anyone.
            for old in self._absorbed.pop(story.id, []):
                del self._aliases[old]
