"""Provides StoryScreen: the main screen's stories (on or off, marking a story read, regrouping
rows as stories are placed and merged)."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from textual.timer import Timer

from newstui.models import Headline, HeadlineQuery
from newstui.storage.store import StoreError
from newstui.ui.messages import MarksNotStored, MarksStored, PollFinished, StoriesPlaced
from newstui.ui.screens.marking import MarkingScreen
from newstui.ui.widgets.headline_column import HeadlineColumn

if TYPE_CHECKING:  # the poller's modules load after the ticker's first paint
    from newstui.feeds.poller import PollOutcome

SETTING = "stories"
"""The database setting that remembers the reader's choice ("on" or "off")."""

REREAD_AFTER = 1.5
"""Seconds a placed backlog's chunks are gathered before the rows are read again: one read for
all the chunks placed meanwhile. Read at each chunk, a 50,000-headline backlog read the stories
12 times in the ticker's first seconds (67 ms each on the interface's loop, benchmarks/
app_speed.py, 2026-11-30), doubling the CPU to the first paint."""


class StoryScreen(MarkingScreen):
    """The stories half of the main screen. One row per story unless turned off, by the
    config's `stories = false` (which wins) or by X (`toggle_stories`), remembered in the
    database as the theme is. `u` on a story's row marks its every headline (those shown under
    it too) read or unread; on one of its headlines, that one.

    MainScreen provides the column (and what MarkingScreen asks for)."""

    _placed_reread: Timer | None = None

    @property
    def column(self) -> HeadlineColumn:
        raise NotImplementedError

    def stories_wanted(self) -> bool:
        """On or off at start: the config's `stories` if set, else the choice remembered."""
        chosen = self.services.config.stories
        if chosen is not None:
            return chosen
        try:
            return self.services.store.setting(SETTING) != "off"
        except StoreError:
            return True

    def action_toggle_stories(self) -> None:
        on = not self.column.stories
        self.column.show_stories(on)
        self.notify("One row per story." if on else "One row per headline.", timeout=2)
        store = self.services.store
        self.services.writes.submit(self, lambda: store.set_setting(SETTING, "on" if on else "off"))

    def action_toggle_read(self) -> None:
        if self.on_article or not self.toggle_story_read():
            super().action_toggle_read()

    def _show_marks(self, headline: Headline) -> None:
        super()._show_marks(headline)
        self.headlines.update_member(headline)  # also where it shows under a story's row

    def toggle_story_read(self) -> bool:
        """Marks the highlighted story's headlines read, or unread when its row is read; False
        when the highlight is not on a story's row (a lone headline, or one under the row)."""
        story = self.headlines.highlighted_story
        if story is None:
            return False
        row, read = story.headline, not story.headline.read
        for headline in [row, *self.headlines.expanded.get(row.id, ())]:
            self._show_marks(replace(headline, read=read))  # the list, and the pane's copy
        self.headlines.add_story_rows([replace(story, headline=replace(row, read=read))])
        store, query = self.services.store, HeadlineQuery(story=row.story_id)
        self.services.writes.submit(
            self,
            lambda: store.mark_all_read(query, read=read),
            lambda _: MarksStored(replace(row, read=read)),  # the header counts again
            partial(MarksNotStored, row),  # the row shown as it was, and why not
        )
        return True

    def on_poll_finished(self, message: PollFinished) -> None:
        # Textual calls this after MainScreen's own handler (each class's, down the MRO).
        self.stories_after_poll(message.outcome)

    def stories_after_poll(self, outcome: PollOutcome) -> None:
        """Stories merged by this poll's placing regroup the rows shown; a backlog still to
        place is placed in the background."""
        self.column.regroup(outcome.placement.merged)
        if outcome.placement.more:
            self.services.place_stories()

    def on_stories_placed(self, message: StoriesPlaced) -> None:
        # A backlog placed (an older database, a large `fetch`): the rows are read again,
        # once for the chunks placed within REREAD_AFTER.
        if self.column.stories and self._placed_reread is None:
            self._placed_reread = self.set_timer(REREAD_AFTER, self._reread_placed)

    def _reread_placed(self) -> None:
        self._placed_reread = None
        if self.column.stories:
            self.column.reread()
