"""Provides FailureNotices: at most one calm line per poll round about sources failing, going
offline and coming back, instead of a notice per source."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # the poller's modules load after the ticker's first paint
    from newstui.feeds.poller import PollOutcome

OFFLINE_AFTER = 3
"""Polls in a row that got no answer from any server (fewer when fewer sources are polled) after
which the machine, not the sources, is taken to be offline: one unreachable host is a broken
source; three different ones and no answer in between is the network."""
NAMES_SHOWN = 3
"""Sources named in a notice; more are counted ("and 4 more")."""


class Notice(NamedTuple):
    """One line for the reader; `good` news (back online) or a warning."""

    text: str
    good: bool = False


class FailureNotices:
    """Follows poll outcomes and says, once a poll round is over (`notice`), what changed, in one
    line or nothing:

    - every poll since the last answer got none, OFFLINE_AFTER or more of them: "10 sources
      unreachable: offline?" (once; the later ones of the outage add nothing);
    - after that, the first poll answered: "Back online" (with any source still failing);
    - sources that began failing while the network answered: "2 sources failing: Name (why), ..."
      An unreachable source is only named once another poll has answered (it is the source's
      host, not the machine); each failing source is named once until it recovers.

    Pure: no interface, so its rules are tested on their own."""

    def __init__(self) -> None:
        self._unanswered: dict[int, PollOutcome] = {}
        """Sources that got no answer since the last poll that did, in order."""
        self._failing: dict[int, PollOutcome] = {}
        """Sources that began failing and are not named yet (proven not to be the network)."""
        self._named: set[int] = set()
        """Failing sources named in a notice (or in the offline one), until they recover."""
        self._offline = False
        self._back = False
        self._offline_ids: set[int] = set()
        """Sources that got no answer while the machine seemed offline."""
        self.stale: set[int] = set()
        """Sources still showing an error from the offline time, back online: until each is
        polled again (at its own time: no round of re-polls), that error says nothing of the
        source, and the header and sources view do not count it as failing."""

    @property
    def offline(self) -> bool:
        """The last notice said the machine seems offline, and nothing has answered since."""
        return self._offline

    @property
    def offline_ids(self) -> frozenset[int]:
        """While the machine seems offline (`offline`), the sources unanswered since it began
        to (their errors are the network's); empty otherwise."""
        return frozenset(self._offline_ids) if self._offline else frozenset()

    def polled(self, outcome: PollOutcome) -> None:
        """One poll ended."""
        source_id = outcome.source.id
        self.stale.discard(source_id)  # polled again: its status is its own
        if not outcome.failed:
            self._named.discard(source_id)
            self._failing.pop(source_id, None)
            self._unanswered.pop(source_id, None)
        if not outcome.answered:
            self._unanswered[source_id] = outcome
            if self._offline:
                self._offline_ids.add(source_id)
            return
        # A server answered: the network works. The sources that got no answer before are
        # unreachable on their own.
        if self._offline:
            self._offline, self._back = False, True
            self._named.update(self._unanswered)
            self.stale = (self._offline_ids | set(self._unanswered)) - {source_id}
            self._offline_ids = set()
        for unanswered_id, earlier in self._unanswered.items():
            if unanswered_id not in self._named:
                self._failing[unanswered_id] = earlier
        self._unanswered.clear()
        if outcome.failed and source_id not in self._named:
            self._failing[source_id] = outcome

    def notice(self, polled_sources: int) -> Notice | None:
        """The one line to show now that a poll round is over, or None when nothing changed;
        `polled_sources` is how many sources are polled (neither paused nor gone)."""
        streak = len(self._unanswered)
        if not self._offline and streak >= max(1, min(OFFLINE_AFTER, polled_sources)):
            self._offline = True
            self._offline_ids = set(self._unanswered)
            self._named.update(self._unanswered)
            self._failing.clear()
            return Notice(f"{streak} {_sources(streak)} unreachable: offline?")
        failing = [o for o in self._failing.values() if o.source.id not in self._named]
        self._named.update(o.source.id for o in failing)
        self._failing.clear()
        back, self._back = self._back, False
        if back:
            still = f"; {_failing_line(failing)}" if failing else ""
            return Notice(f"Back online{still}.", good=True)
        return Notice(_failing_line(failing) + ".") if failing else None


def _sources(count: int) -> str:
    return "source" if count == 1 else "sources"


def _failing_line(failing: list[PollOutcome]) -> str:
    named = [_named(o) for o in failing[:NAMES_SHOWN]]
    more = len(failing) - len(named)
    tail = f" and {more} more" if more else ""
    return f"{len(failing)} {_sources(len(failing))} failing: {', '.join(named)}{tail}"


def _named(outcome: PollOutcome) -> str:
    source = outcome.source
    return f"{source.display_name} ({source.last_error or 'failed'})"
