"""Provides a desk's seeded publishing schedule: a backlog, then headlines due by the clock."""

from __future__ import annotations

import random
from array import array

BACKLOG_HOURS = 36.0
"""How far back the backlog reaches: more than a day, so the list crosses a date."""
MAX_CATCH_UP = 200
"""After a long sleep, publish at most this many overdue headlines; skip the rest."""


class DeskSchedule:
    """When each of a desk's stories was published, as epoch seconds; story n is `times[n]`.

    Nothing runs in the background: `advance(now)` publishes whatever fell due since the last
    call, so an idle newsroom costs nothing and a test's fake clock drives it exactly.
    """

    def __init__(self, seed: int, desk: str, start: float, mean_gap: float) -> None:
        self._rng = random.Random(f"{seed}:{desk}:schedule")
        # Desks differ in pace, as real ones do; the newsroom's total stays near the mean.
        self._mean_gap = mean_gap * self._rng.uniform(0.75, 1.25)
        self.times = array("q")
        count = self._rng.randint(15, 25)
        oldest = start - BACKLOG_HOURS * 3600 + self._rng.uniform(0, 1800)
        newest = start - self._rng.uniform(60, 900)
        middle = sorted(self._rng.uniform(oldest, newest) for _ in range(count - 2))
        for moment in (oldest, *middle, newest):
            self._append(moment)
        self.next_due = start + self._rng.uniform(0.05, 1.0) * self._mean_gap

    def _append(self, moment: float) -> None:
        # Feeds give whole seconds: keep every story at least a second newer than the last.
        second = int(moment)
        if self.times and second <= self.times[-1]:
            second = self.times[-1] + 1
        self.times.append(second)

    def _gap(self) -> float:
        return self._rng.uniform(0.4, 1.6) * self._mean_gap

    def advance(self, now: float) -> bool:
        """Publishes every story due by `now`; says whether there was any."""
        if self.next_due > now:
            return False
        overdue = (now - self.next_due) / self._mean_gap
        if overdue > MAX_CATCH_UP:
            self.next_due = now - MAX_CATCH_UP * self._mean_gap
        while self.next_due <= now:
            self._append(self.next_due)
            self.next_due += self._gap()
        return True

    def force(self, now: float) -> None:
        """Publishes one story now, ahead of the schedule (which then carries on as planned)."""
        self.advance(now)
        self._append(now)
