"""Provides the ordered, de-duplicated headline timeline behind the headline list, with day rows."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from operator import itemgetter
from typing import Protocol

from newstui.models import Headline
from newstui.ui.widgets.timefmt import forget_local_days, local_day, local_day_of_timestamp

Key = tuple[float, int]
"""Sorts newest first: (-published timestamp, -id); the id breaks ties between equal times."""

# Above this many new headlines (relative to the list) one merge-sort beats insort's memmoves.
_BULK_MIN = 32
_BULK_FRACTION = 32


class TimelineObserver(Protocol):
    """Told of each change to a timeline's order, to keep a list parallel to its headlines."""

    def inserted(self, index: int) -> None:
        """A headline was inserted at `index` (those after it moved one down)."""

    def removed(self, index: int) -> None:
        """The headline at `index` was removed."""

    def truncated(self, keep: int) -> None:
        """Every headline after the first `keep` was dropped."""

    def reordered(self) -> None:
        """Anything may have moved (a bulk merge or a replacement): start again."""


def sort_key(headline: Headline) -> Key:
    return (-headline.published.timestamp(), -headline.id)


class Timeline:
    """Headlines newest first, plus the day separator rows shown between them.

    Rows are what the widget draws: every headline, and one separator before the first
    headline of each local day except the newest (the list's `day_in_view` names that one:
    a line above it would change whenever news arrived above a reader scrolled down). Three
    parallel lists (headlines, keys, days) make a prepend one memmove and an interleaved
    insert a bisect; the separators are recomputed from the handful of distinct days, never
    by walking the rows.
    """

    def __init__(self) -> None:
        self._items: list[Headline] = []
        self._keys: list[Key] = []
        self._negdays: list[int] = []  # -local day ordinal: ascending, like the keys
        self._by_id: dict[int, Headline] = {}
        self._day_counts: Counter[int] = Counter()
        self._names: Counter[str] = Counter()  # source name -> headlines held of it
        self.names_version = 0
        """Changes whenever a source name comes or goes (`source_names`)."""
        self._sep_first: list[int] = []  # index of the first headline after each separator
        self._sep_rows: list[int] = []  # row of each separator
        self._sep_days: list[int] = []
        self.observer: TimelineObserver | None = None

    def __len__(self) -> int:
        return len(self._items)

    @property
    def items(self) -> Sequence[Headline]:
        return self._items

    @property
    def row_count(self) -> int:
        return len(self._items) + len(self._sep_rows)

    @property
    def source_names(self) -> Iterable[str]:
        """The distinct source names of the headlines held."""
        return self._names.keys()

    def get(self, headline_id: int) -> Headline | None:
        return self._by_id.get(headline_id)

    def held(self, keys: Iterable[Key]) -> list[Headline]:
        """The headlines held under these sort keys (a key whose headline went or moved: none)."""
        found = (self._by_id.get(-key[1]) for key in keys)
        return [h for h, key in zip(found, keys, strict=True) if h and sort_key(h) == key]

    def key_at(self, index: int) -> Key:
        return self._keys[index]

    def index_of_key(self, key: Key) -> int:
        """Where a headline with this key is, or would be inserted."""
        return bisect_left(self._keys, key)

    def index_of(self, headline_id: int) -> int | None:
        headline = self._by_id.get(headline_id)
        if headline is None:
            return None
        return bisect_left(self._keys, sort_key(headline))

    def row_of(self, index: int) -> int:
        """The row that shows the headline at `index`."""
        return index + bisect_right(self._sep_first, index)

    def locate(self, row: int) -> int | date | None:
        """What a row shows: a headline index, a separator's date, or None past the end."""
        if row < 0 or row >= self.row_count:
            return None
        before = bisect_right(self._sep_rows, row)
        if before and self._sep_rows[before - 1] == row:
            return date.fromordinal(self._sep_days[before - 1])
        return row - before

    def index_at_or_after(self, row: int) -> int:
        """The first headline shown at or below `row` (clamped to the list)."""
        before = bisect_right(self._sep_rows, row)
        if before and self._sep_rows[before - 1] == row:
            index = self._sep_first[before - 1]
        else:
            index = row - before
        return max(0, min(index, len(self._items) - 1))

    @property
    def separator_indexes(self) -> Sequence[int]:
        """Indexes of the headlines that have a day separator directly above, ascending."""
        return self._sep_first

    def day_at(self, index: int) -> date:
        """The local calendar date of the headline at `index`."""
        return date.fromordinal(-self._negdays[index])

    def separator_above(self, index: int) -> bool:
        """True when a day separator sits directly above the headline at `index`."""
        position = bisect_left(self._sep_first, index)
        return position < len(self._sep_first) and self._sep_first[position] == index

    # -- changes ---------------------------------------------------------------------------

    def replace(self, headlines: Iterable[Headline]) -> None:
        forget_local_days()  # a full reload is the moment to notice a new time zone
        unique = {headline.id: headline for headline in headlines}
        self._items, self._keys, self._negdays = [], [], []
        self._by_id = {}
        self._day_counts = Counter()
        self._names, self.names_version = Counter(), self.names_version + 1
        self._bulk_insert(list(unique.values()))

    def merge(self, headlines: Iterable[Headline]) -> list[Headline]:
        """Insert new headlines in order and refresh known ones; returns the new ones.

        A known id whose time changed moves to its new place (and is not returned).
        """
        fresh: dict[int, Headline] = {}
        moved: dict[int, Headline] = {}
        for headline in headlines:
            if headline.id in moved:  # repeated in the batch: the last copy wins
                moved[headline.id] = headline
                continue
            known = self._by_id.get(headline.id)
            if known is None:
                fresh[headline.id] = headline
            elif sort_key(known) != sort_key(headline):
                self._remove(known)
                moved[headline.id] = headline
            else:
                self._set_in_place(headline)
        inserts = [*fresh.values(), *moved.values()]
        if len(inserts) > max(_BULK_MIN, len(self._items) // _BULK_FRACTION):
            self._bulk_insert(inserts)
        elif inserts:
            for headline in inserts:
                self._insort(headline)
            self._rebuild_separators()
        return list(fresh.values())

    def update(self, headline: Headline) -> bool:
        """Replace a known headline (same id); False when the id is not held."""
        if headline.id not in self._by_id:
            return False
        self.merge([headline])
        return True

    def remove(self, headline_ids: Iterable[int]) -> list[Headline]:
        """Drop the headlines with these ids (unknown ones are ignored); returns those dropped."""
        dropped = [h for i in headline_ids if (h := self._by_id.get(i)) is not None]
        for headline in dropped:
            self._remove(headline)
        return dropped

    def drop_tail(self, keep: int) -> list[Headline]:
        """Drop every headline after the first `keep`; returns the dropped ones."""
        dropped = self._items[keep:]
        if not dropped:
            return []
        for headline, negday in zip(dropped, self._negdays[keep:], strict=True):
            del self._by_id[headline.id]
            self._count_name(headline.source_name, -1)
            self._day_counts[-negday] -= 1
            if not self._day_counts[-negday]:
                del self._day_counts[-negday]
        del self._items[keep:], self._keys[keep:], self._negdays[keep:]
        self._rebuild_separators()
        if self.observer is not None:
            self.observer.truncated(keep)
        return dropped

    def _set_in_place(self, headline: Headline) -> None:
        index = bisect_left(self._keys, sort_key(headline))
        old_name = self._items[index].source_name
        if old_name != headline.source_name:  # a source renamed: its headlines' new name
            self._count_name(old_name, -1)
            self._count_name(headline.source_name, 1)
        self._items[index] = headline
        self._by_id[headline.id] = headline

    def _count_name(self, name: str, change: int) -> None:
        """Count headlines of a source name in or out; a name that comes or goes changes
        `names_version` (the list's source column is measured again then, never per row)."""
        names = self._names
        count = names[name] + change
        if count <= 0:
            names.pop(name, None)
            self.names_version += 1
        else:
            if count == change:
                self.names_version += 1
            names[name] = count

    def _insort(self, headline: Headline) -> None:
        key = sort_key(headline)
        day = local_day(headline.published)
        index = bisect_left(self._keys, key)
        self._keys.insert(index, key)
        self._items.insert(index, headline)
        self._negdays.insert(index, -day)
        self._by_id[headline.id] = headline
        self._count_name(headline.source_name, 1)
        self._day_counts[day] += 1
        if self.observer is not None:
            self.observer.inserted(index)

    def _remove(self, headline: Headline) -> None:
        index = bisect_left(self._keys, sort_key(headline))
        day = -self._negdays[index]
        del self._keys[index], self._items[index], self._negdays[index]
        del self._by_id[headline.id]
        self._count_name(headline.source_name, -1)
        self._day_counts[day] -= 1
        if not self._day_counts[day]:
            del self._day_counts[day]
        self._rebuild_separators()
        if self.observer is not None:
            self.observer.removed(index)

    def _bulk_insert(self, added: list[Headline]) -> None:
        # Keys are unique (they end in the id), so sorting the tuples never compares headlines.
        rows = list(zip(self._keys, self._negdays, self._items, strict=True))
        by_id, day_counts = self._by_id, self._day_counts
        for headline in added:
            key = sort_key(headline)
            day = local_day_of_timestamp(-key[0])
            rows.append((key, -day, headline))
            by_id[headline.id] = headline
            self._count_name(headline.source_name, 1)
            day_counts[day] += 1
        rows.sort(key=itemgetter(0))
        self._keys = [row[0] for row in rows]
        self._negdays = [row[1] for row in rows]
        self._items = [row[2] for row in rows]
        self._rebuild_separators()
        if self.observer is not None:
            self.observer.reordered()

    def _rebuild_separators(self) -> None:
        days = sorted(self._day_counts, reverse=True)[1:]
        firsts = [bisect_left(self._negdays, -day) for day in days]
        self._sep_days = days
        self._sep_first = firsts
        self._sep_rows = [first + number for number, first in enumerate(firsts)]
