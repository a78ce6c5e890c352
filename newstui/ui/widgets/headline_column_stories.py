"""Provides StoryColumn: the headline column's stories, one row per story read from its source,
expanded on request and regrouped as stories are placed and merged."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Protocol, TypeVar

from textual.containers import Vertical

from newstui.models import Headline, StoryRow
from newstui.ui.views import View
from newstui.ui.widgets.headline_list import HeadlineList
from newstui.ui.widgets.headline_reads import HeadlineSource, HeadlinesUnavailable

R = TypeVar("R", Headline, StoryRow)


class Rows(Protocol[R]):
    """A source's `headlines` or `stories` (HeadlineSource), which `StoryColumn._rows` calls."""

    def __call__(
        self,
        view: View,
        /,
        *,
        limit: int,
        before: Headline | None = ...,
        ids: Sequence[int] | None = ...,
    ) -> list[R]: ...


PAGE = 1000
"""Rows (headlines or stories) read at a time (the list asks for the next page near its end)."""
SEARCH_SCREENS = 1
"""Screens of rows a new search reads before its paint (the rest of its PAGE on a thread after
it): at 500,000 stored, 40 stories of "storm" (in 4 titles of 5) took 7.7 ms of store CPU,
120 (three screens) 54 ms: 120 walked 8,700 headlines of the timeline over 40,000 search ids,
40 walked 260 over 2,080 (a story row holds several matching headlines)."""
SEARCH_REST_AFTER = 0.1
"""Seconds from a new search's paint (the refresh that laid its first screen out) to the read
of the rest of its page: Textual's writer thread wrote the frame 6-9 ms after it and tmux had
drawn it within 4 more, unless that read (a thread, a core and the GIL) ran beside them; the
rest is wanted only once the reader is 40 rows down, more than a tenth of a second away even
with a key held (~30 rows a second). Measured in tmux at 500,000 stored (RESULTS.md, tenth
pass)."""


class StoryColumn(Vertical):
    """The stories part of HeadlineColumn (its base class, to keep each module to one job).

    With `stories` on, the list shows one row per story: the newest headline of it the view
    shows, marked with how many more sources report it. Off, one row per headline. Reading a
    page, paging older rows in and arrivals go through here so that both kinds stay alike."""

    source: HeadlineSource | None
    stories: bool = True
    """One row per story (StoryRow), or one per headline: `show_stories` switches."""

    # What HeadlineColumn provides

    @property
    def view(self) -> View:
        raise NotImplementedError

    @property
    def headlines(self) -> HeadlineList:
        raise NotImplementedError

    def show_view(self, view: View) -> None:
        raise NotImplementedError

    # Rows of either kind

    def show_stories(self, on: bool) -> None:
        """One row per story (on) or per headline (off), the view read again."""
        self.stories = on
        if not on:  # a story's headlines are rows of their own now, not lines under its row
            self.headlines.collapse_all()
        self.show_view(self.view)

    def _set_rows(self, view: View, *, limit: int, top: bool = False) -> bool:
        """Shows the newest `limit` rows of `view` in place of those shown, laid out from the
        list's top when `top` (another view, which starts at its newest); False (a notice said
        why) when they could not be read."""
        rows = self._rows_of(view, self.stories, limit)
        if rows is not None:
            if top:
                # Laid out at the old view's scroll place, the new rows asked for an older page
                # at once: a search after 200 rows down read 1,000 stories of a common word
                # before its paint (80-130 ms of CPU at 500,000 stored; RESULTS.md, ninth pass).
                self.headlines.scroll_to(y=0, animate=False, force=True)
            self._put_rows(self.stories, rows)
        return rows is not None

    def _rows_of(
        self, view: View, stories: bool, limit: int, *, quiet: bool = False
    ) -> list[StoryRow] | list[Headline] | None:
        """The newest `limit` rows of `view`, story rows or headlines; None when they cannot be
        read (said in a notice unless `quiet`). Reads only: `quiet`, it may run on a thread."""
        if stories:
            return self._read_stories(view, limit=limit, quiet=quiet)
        return self._read(view, limit=limit, quiet=quiet)

    def _put_rows(self, stories: bool, rows: list[StoryRow] | list[Headline]) -> None:
        """`_rows_of`'s rows in place of those shown."""
        if stories:
            self.headlines.set_stories([row for row in rows if isinstance(row, StoryRow)])
        else:
            self.headlines.set_headlines([row for row in rows if isinstance(row, Headline)])

    async def _rows_after_paint(self) -> Sequence[Headline]:
        """The list's rows SEARCH_REST_AFTER after a new search's paint: the rest of its page
        read at once ran beside the frame's write and tmux's drawing of it (RESULTS.md, tenth
        pass)."""
        await asyncio.sleep(SEARCH_REST_AFTER)
        return self._shown_rows()

    @property
    def _has_list(self) -> bool:
        """Whether the list is still there: not once the app quits (see _shown_rows); a read
        newer than the rows shown (its count `_shown` moved on) is stale, not gone."""
        return bool(self.query(HeadlineList))

    def _shown_rows(self) -> Sequence[Headline]:
        """The list's rows; none once the list is gone: a read that wakes while the app quits
        (its widgets taken down, this column's workers not yet cancelled) finds no list, and
        its NoMatches ended the app on an error (CI, a quit 0.1 s after a search)."""
        lists = self.query(HeadlineList)
        return lists.first().headlines if lists else ()

    def _older_rows(
        self, view: View, stories: bool, before: Headline, limit: int
    ) -> list[StoryRow] | list[Headline]:
        """The next `limit` rows of `view` older than `before` (none when they cannot be read).
        Reads only: it may run on a thread."""
        if stories:
            return self._read_stories(view, limit=limit, before=before, quiet=True) or []
        return self._read(view, limit=limit, before=before, quiet=True) or []

    def _add_older_rows(self, stories: bool, rows: list[StoryRow] | list[Headline]) -> None:
        """`_older_rows`'s rows added at the end of the list."""
        if stories:
            self.headlines.extend_older_stories([r for r in rows if isinstance(r, StoryRow)])
        else:
            self.headlines.extend_older([r for r in rows if isinstance(r, Headline)])

    def _page_older(self, before: Headline, *, limit: int = PAGE) -> list[Headline]:
        """The next `limit` rows of the view, older than `before`, added at the end of the
        list; returns their headlines (none: the view has no more, or they could not be read)."""
        if self.stories:
            rows = self._read_stories(self.view, limit=limit, before=before, quiet=True) or []
            if rows:
                self.headlines.extend_older_stories(rows)
            return [row.headline for row in rows]
        older = self._read(self.view, limit=limit, before=before, quiet=True) or []
        if older:
            self.headlines.extend_older(older)
        return older

    def find_place(self, headline: Headline) -> bool:
        """Highlights `headline`, or the row of its story, reading older pages of the view
        in until it is found (at most the list's `max_rows`); False when the view lacks it."""
        lst = self.headlines
        while True:
            row = lst.story_row(headline.story_id) if self.stories else None
            wanted = headline.id if row is None else row.headline.id
            index = next((i for i, h in enumerate(lst.headlines) if h.id == wanted), -1)
            if index >= 0:
                if index != lst.highlighted_index:
                    lst.highlighted_index = index
                return True
            items = lst.headlines
            if not items or len(items) >= lst.max_rows or not self._page_older(items[-1]):
                return False

    def _arrival_rows(
        self, view: View, stories: bool, arrived: Sequence[Headline]
    ) -> Sequence[Headline] | list[StoryRow]:
        """The rows arrived headlines make in `view`: as they are, or as story rows (the newest
        of each story's, with the story's size). Reads the store, and touches no widget: the
        column runs it off the interface's thread (HeadlineColumn._flush).

        The rows are read from the store, not made from `arrived`: the poll of one source may
        place the headlines another poll stored meanwhile, whose own outcome then has them
        unplaced (its placing found nothing left to place)."""
        ids = [h.id for h in arrived]
        if not stories:
            if view.is_default:
                return arrived
            return self._read(view, limit=len(ids), ids=ids, quiet=True) or []
        rows = self._read_stories(view, limit=len(ids), ids=ids, quiet=True)
        if rows is None:  # unreadable now: each its own row until the view is read again
            rows = [StoryRow(h) for h in arrived] if view.is_default else []
        return rows

    def _mark_arrivals(self, arrived: Sequence[Headline]) -> None:
        """Arrivals get the ✦ mark (by id: also those a filter hides, for when it goes); not
        those of a first fill, which are not news."""
        if self.headlines.headlines or not self.view.is_default:
            self.headlines.mark_fresh(arrived)

    def _add_arrival_rows(self, rows: Sequence[Headline] | list[StoryRow]) -> None:
        """What `_arrival_rows` read, into the list (a story shown already gets the new row,
        and its expanded headlines are read again)."""
        lst = self.headlines
        headlines = [row for row in rows if isinstance(row, Headline)]
        if headlines:
            lst.add_headlines(headlines)
        story_rows = [row for row in rows if isinstance(row, StoryRow)]
        if not story_rows:
            return
        lst.add_story_rows(story_rows)
        for row in story_rows:
            shown_row = lst.story_row(row.headline.story_id)
            if shown_row is not None and lst.is_expanded(shown_row.headline):
                self.show_story(shown_row.headline)

    def _read(
        self,
        view: View,
        *,
        limit: int,
        before: Headline | None = None,
        ids: Sequence[int] | None = None,
        quiet: bool = False,
    ) -> list[Headline] | None:
        """The view's headlines, as `_rows` reads them."""
        return self._rows(lambda source: source.headlines, view, limit, before, ids, quiet)

    def _read_stories(
        self,
        view: View,
        *,
        limit: int,
        before: Headline | None = None,
        ids: Sequence[int] | None = None,
        quiet: bool = False,
    ) -> list[StoryRow] | None:
        """The view's story rows, as `_rows` reads them."""
        return self._rows(lambda source: source.stories, view, limit, before, ids, quiet)

    def _rows(
        self,
        pick: Callable[[HeadlineSource], Rows[R]],
        view: View,
        limit: int,
        before: Headline | None,
        ids: Sequence[int] | None,
        quiet: bool,
    ) -> list[R] | None:
        """The newest `limit` rows of `view` from the source's reader `pick` chooses (its
        `headlines` or `stories`): older than `before`, only `ids` when given. None, said in a
        notice unless `quiet`, when there is no source or the headlines cannot be read now.
        Reads only: with `quiet`, it may run on a thread."""
        if self.source is None:
            return None
        try:
            return pick(self.source)(view, limit=limit, before=before, ids=ids)
        except HeadlinesUnavailable as exc:
            if not quiet:
                self.notify(str(exc), severity="error", markup=False)
            return None

    def _sizes(self, story_ids: Sequence[int]) -> Mapping[int, tuple[int, int]]:
        if self.source is None or not story_ids:
            return {}
        try:
            return self.source.story_sizes(story_ids)
        except HeadlinesUnavailable:
            return {}  # the rows keep the sizes they had; the next read corrects them

    # Expanding and regrouping

    def on_headline_list_story_wanted(self, message: HeadlineList.StoryWanted) -> None:
        self.show_story(message.headline)

    def show_story(self, row: Headline) -> None:
        """Expands (or refreshes) the story whose row is `row`: all its other headlines."""
        if self.source is None:
            return
        try:
            members = self.source.story(row.story_id)
        except HeadlinesUnavailable as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.headlines.expand_story(row, [h for h in members if h.id != row.id])

    def regroup(self, merged: Mapping[int, int]) -> None:
        """Stories merged into others since they were shown (story id -> the one it is part of
        now): their rows are merged too, and their sizes read again."""
        if not self.stories or not merged or self.source is None:
            return
        lst = self.headlines
        changed = lst.apply_merges(merged)
        sizes = self._sizes(changed)
        rows = []
        for story in changed:
            row = lst.story_row(story)
            if row is not None:
                headlines, sources = sizes.get(story, (row.headlines, row.sources))
                rows.append(replace(row, headlines=headlines, sources=sources))
                if lst.is_expanded(row.headline):
                    self.show_story(row.headline)
        lst.add_story_rows(rows)
