"""Provides SyncStatus: how the sync with the server goes, as the ticker tells the reader (the
header's note, at most one notice per sync, what an empty list waits for)."""

from __future__ import annotations

from newstui.sync.syncer import SyncResult, describe
from newstui.ui.failure_notices import Notice

RETRYING, STOPPED = "retrying", "stopped"


class SyncStatus:
    """Follows the syncer in sync mode, with the calm-failure rules of the poll rounds
    (newstui.ui.failure_notices), a sync being a round:

    - a sync that fails says so once ("sync: server unreachable ...; trying again later"); the
      syncs that fail the same way after it add nothing but the header's note;
    - a failure of another kind (a server down, then a wrong password: "stopped until [sync]
      is fixed") is said once too, being news;
    - the first sync that works after a failure that was said: "Sync works again." once;
    - a sync the reader asked for (`r`) that fails says why again: the reader is waiting.

    Marks that could not be sent between syncs stay queued: the header's note says so, with no
    notice (the next sync sends them). Pure: no interface, so its rules are tested on their own.
    """

    def __init__(self) -> None:
        self.syncing = False
        self.synced = False
        """A sync has ended since the start (well or not)."""
        self.error: str | None = None
        """Why the last sync failed; None when it worked."""
        self.stopped = False
        """The last sync failed so that none is tried until asked (a wrong password)."""
        self.queued: str | None = None
        """Why marks made here could not be sent after the last sync; None when they were."""
        self._told: str | None = None
        """The failure (RETRYING or STOPPED) the last notice said, until a sync works."""
        self._asked = False

    def asked(self) -> None:
        """The reader asked for a sync now."""
        self._asked = True

    def started(self) -> None:
        self.syncing = True

    def finished(self, result: SyncResult) -> Notice | None:
        """One sync ended: the one line to show about it, or None."""
        self.syncing, self.synced = False, True
        self.error, self.stopped = result.error, result.stopped
        asked, self._asked = self._asked, False
        if result.error is None:
            self.queued = None  # the sync sent them
            told, self._told = self._told, None
            return Notice("Sync works again.", good=True) if told is not None else None
        kind = STOPPED if result.stopped else RETRYING
        if kind == self._told and not asked:
            return None
        self._told = kind
        return Notice(describe(result))

    def marks_sent(self, error: str | None) -> None:
        """Marks made here were sent between syncs (`error` None), or stay queued."""
        self.queued = error

    @property
    def note(self) -> str:
        """The header's note: why the sync fails, or why marks wait; "" when all is well."""
        if self.error is not None:
            return f"sync: {self.error}" + (" (r: try again)" if self.stopped else "")
        if self.queued is not None:
            return f"sync: marks queued ({self.queued})"
        return ""

    def situation(self) -> str | None:
        """What an empty list waits for in sync mode, or None when the sources explain it."""
        if self.error is not None:
            return f"No headlines: {describe_error(self)}."
        if self.syncing or not self.synced:
            return "Syncing with the server…"
        return None


def describe_error(status: SyncStatus) -> str:
    after = "fix [sync] in the config, then r" if status.stopped else "trying again later"
    return f"sync: {status.error}; {after}"
