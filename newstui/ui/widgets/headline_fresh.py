"""Provides FreshMarks: the headlines that just arrived (the list's ✦), by id, for a while."""

from __future__ import annotations

import time
from collections.abc import Iterable

from textual.scroll_view import ScrollView
from textual.timer import Timer

from newstui.models import Headline


class FreshMarks(ScrollView):
    """The "just arrived" marks of the headline list (the canvas draws ✦ for an id held here).

    Kept by headline id whether the headline is shown or not, and dropped only when their
    `fresh_seconds` are up: a headline a filter hides when it arrives, or a row one key (X)
    replaces with another kind, still shows ✦ when the view shows it within that time. At most
    the arrivals of `fresh_seconds` are held.
    """

    fresh_seconds: float
    _opened: int | None = None
    """The headline open in the reading pane (HeadlineCursor.opened_id), drawn with a bar."""
    _fresh: dict[int, float]
    """Headline id -> monotonic time its mark ends."""
    _fresh_timer: Timer | None = None

    def mark_fresh(self, headlines: Iterable[Headline]) -> None:
        """These headlines just arrived: ✦ for `fresh_seconds` from now (0: never)."""
        if self.fresh_seconds <= 0:
            return
        expiry = time.monotonic() + self.fresh_seconds
        for headline in headlines:
            self._fresh[headline.id] = expiry
        self._schedule_fresh_expiry()
        self.refresh()

    def _gutter_marks(self, headline: Headline) -> tuple[bool, bool]:
        """(✦, open) for the headline's gutter. A headline read is no news any more: its ✦
        goes for good when it is drawn read (marked unread again, it shows •), not only when
        its time is up."""
        if headline.read:
            self._fresh.pop(headline.id, None)  # the timer set for the earliest copes
        return headline.id in self._fresh, headline.id == self._opened

    def _schedule_fresh_expiry(self) -> None:
        # One timer at the earliest expiry rather than a ticking interval: idle costs nothing.
        if self._fresh_timer is not None or not self._fresh or not self.is_mounted:
            return
        delay = max(0.05, min(self._fresh.values()) - time.monotonic())
        self._fresh_timer = self.set_timer(delay, self._expire_fresh)

    def _expire_fresh(self) -> None:
        self._fresh_timer = None
        now = time.monotonic()
        expired = [key for key, expiry in self._fresh.items() if expiry <= now]
        for key in expired:
            del self._fresh[key]
        if expired:
            self.refresh()
        self._schedule_fresh_expiry()
