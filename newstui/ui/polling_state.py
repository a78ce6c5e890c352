"""Provides PollingState: the sources and their polls as the ticker tells the reader about them
(header figures, poll rounds, failure notices, what an empty list is waiting for)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from newstui.models import Headline, Source, SourceStatus
from newstui.storage.store import StoreError
from newstui.ui.failure_notices import FailureNotices, Notice

if TYPE_CHECKING:  # made by sync_bridge in sync mode: sync's modules stay out of poll mode's start
    from newstui.feeds.poller import PollOutcome  # the poller's modules: after the first paint
    from newstui.ui.sync_status import SyncStatus

POLL_REDRAW = 0.25
"""Seconds at most between a poll starting or ending and the header's figures (and an empty
list's hint) saying so: redrawn at each of a round's 1,000 poll messages (500 sources), they
took a quarter of the interface's loop in a cold round, and keys waited behind them."""


class PollingState:
    """What the main screen knows of the sources between polls: each source as last stored or
    polled, the polls in flight, and the failure notices (one line per poll round, a round
    being polls that overlap: it ends when none is in flight). Pure, no interface."""

    def __init__(self, read: Callable[[], Iterable[Source]] | None = None) -> None:
        """`read`: the stored sources, for `known`."""
        self._read = read
        self.sources: dict[int, Source] = {}
        self.in_flight: set[int] = set()
        self.notices = FailureNotices()
        self.sync: SyncStatus | None = None
        """In sync mode, the sync's status: the syncer, not polls, fetches (its new headlines
        come as polls' outcomes, which then say nothing about failures)."""
        self.following = ""
        """While another process polls the database ("following newstui (pid 42)"): the
        header says so (ui/follow_holder.py)."""
        self._failing: set[int] = set()
        """Ids of the failing sources: counted at each poll, a walk over every source made a
        round of 500 quadratic (a tenth of the interface's loop)."""

    def replace_sources(self, sources: Iterable[Source]) -> None:
        self.sources = {s.id: s for s in sources}
        self._failing = {s.id for s in self.sources.values() if s.failing}

    def known(self) -> dict[int, Source]:
        """`sources`, read when asked for before any came: the main screen paints its first
        list without them (they come with SourcesSynced), and J or the palette may be first."""
        if not self.sources and self._read is not None:
            with suppress(StoreError):  # said where the list is read
                self.replace_sources(self._read())
        return self.sources

    def names_shown(self, headlines: Iterable[Headline]) -> bool:
        """Whether each headline carries its source's name as the sources now give it (as
        storage.queries' HEADLINE_COLUMNS reads it: name, else feed title, else URL), so
        that the list need not be read again: most starts change no source, and reading it
        again took ~70 ms of the loop just after the first paint at 5,000 sources."""
        for headline in headlines:
            source = self.sources.get(headline.source_id)  # None: retired, its name as it was
            if source is None:
                continue
            name = source.feed_title if source.name is None else source.name
            if headline.source_name != (source.url if name is None else name):
                return False
        return True

    def started(self, source: Source) -> None:
        self.in_flight.add(source.id)

    def finished(self, outcome: PollOutcome) -> bool:
        """Records one poll; True when it ended a round (no poll in flight any more)."""
        self.in_flight.discard(outcome.source.id)
        source = outcome.source
        self.sources[source.id] = source
        if source.failing:
            self._failing.add(source.id)
        else:
            self._failing.discard(source.id)
        if self.sync is None:
            self.notices.polled(outcome)
        return not self.in_flight

    def round_notice(self) -> Notice | None:
        """The round's one line about failures, or None (see FailureNotices)."""
        return self.notices.notice(len(self.polled))

    @property
    def fetching(self) -> int:
        """Fetches in flight: polls, and a sync counted as one."""
        return len(self.in_flight) + (self.sync is not None and self.sync.syncing)

    @property
    def note(self) -> str:
        """The header's note instead of the failing count ("" for none): the sync's status, or
        "offline?" while the machine seems offline (after the round's notice says so, until a
        server answers): every source then counted as failing ("⚠ 5000 failing") said the
        sources were broken, where the network was."""
        if self.sync is not None:
            return self.sync.note
        return "offline?" if self.notices.offline else ""

    @property
    def polled(self) -> list[Source]:
        """The sources the poller polls: neither paused nor gone."""
        return [s for s in self.sources.values() if s.polled]

    @property
    def failing(self) -> int:
        """Sources shown as failing: their last poll gave no news (an error, or gone), but
        those whose error dates from the offline time (`notices.stale`): "Back online." and a
        count of them as failing disagreed until each was polled again."""
        return len(self._failing - self.notices.stale)

    def situation(self) -> str:
        """One line for an empty list that no filter explains: what it is waiting for."""
        if self.following:  # its own sync status and polls say nothing: another fetches
            return f"{self.following[0].upper()}{self.following[1:]}: what it stores shows here."
        if self.sync is not None and (waiting := self.sync.situation()) is not None:
            return waiting
        polled = self.polled
        count = len(polled)
        if not self.sources:
            return "No sources yet: S opens the sources view, where a adds one."
        if not polled:
            return "Every source is paused or gone: S shows them."
        failing = [s for s in polled if s.failing]
        if len(failing) == count:
            offline = "offline? " if self.notices.offline or count > 1 else ""
            return (
                f"All {count} {_sources(count)} failing: {offline}They are retried with backoff; "
                "S shows why."
            )
        if self.in_flight or any(s.last_status is SourceStatus.NEW for s in polled):
            return f"Polling {count} {_sources(count)}…"
        return "No headlines yet: the sources have published none."


def _sources(count: int) -> str:
    return "source" if count == 1 else "sources"


@runtime_checkable
class FollowsPolls(Protocol):
    """A screen over the main one that shows sources (the sources view): told of each poll."""

    def source_polled(self, source: Source) -> None:
        """`source` was just polled: its new state."""
        ...
