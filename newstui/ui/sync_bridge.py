"""Provides the ticker's side of sync mode: the syncer's reports as messages (new headlines as
the poller's PollFinished, so they reach the list the same way), and what they show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App
from textual.notifications import SeverityLevel

from newstui.feeds.poller import PollOutcome
from newstui.feeds.stories import Placement
from newstui.models import HeadlineQuery
from newstui.storage.store import Store, StoreError
from newstui.sync.round import SyncReport
from newstui.sync.syncer import Arrival, SyncListener, SyncResult
from newstui.ui.messages import MarksSent, PollFinished, SyncFinished, SyncStarted
from newstui.ui.sync_status import SyncStatus

if TYPE_CHECKING:
    from newstui.ui.screens.main import MainScreen


class SyncBridge(SyncListener):
    """Turns the syncer's reports into messages: new headlines to the main screen as polls'
    (PollFinished), the rest to the app (SyncStarted, SyncFinished, MarksSent)."""

    def __init__(self, app: App[None], main: MainScreen) -> None:
        self.app = app
        self.main = main

    def sync_started(self) -> None:
        self.app.post_message(SyncStarted())

    def arrived(self, arrival: Arrival) -> None:
        # The alerts went to TickerAlerts first (the syncer runs on this loop), so the header's
        # count includes them when PollFinished recounts it, as after a poll.
        placement = arrival.placement
        outcome = PollOutcome(
            source=arrival.source,
            new=arrival.headlines,
            placement=placement if isinstance(placement, Placement) else Placement(),
            alerts=arrival.alerts,
        )
        self.main.post_message(PollFinished(outcome))

    def sync_finished(self, result: SyncResult) -> None:
        self.app.post_message(SyncFinished(result))

    def marks_sent(self, report: SyncReport) -> None:
        self.app.post_message(MarksSent(None if report.error is None else report.error.message))


def status_of(main: MainScreen) -> SyncStatus:
    """The main screen's sync status (made on first use: the screen starts in poll mode)."""
    if main.polling.sync is None:
        main.polling.sync = SyncStatus()
    return main.polling.sync


def show_started(main: MainScreen) -> None:
    status_of(main).started()
    main.status_changed()


def show_finished(main: MainScreen, store: Store, result: SyncResult) -> bool:
    """Shows how a sync ended: in the header's note, in at most one notice (SyncStatus's
    rules), in the reading pane when the server changed the open headline's marks. Returns
    whether the sources and the list must be read again (statuses, subscriptions or marks
    changed)."""
    notice = status_of(main).finished(result)
    if notice is not None:
        severity: SeverityLevel = "information" if notice.good else "warning"
        main.notify(notice.text, title="Sync", severity=severity, markup=False, timeout=8)
    opened = main.reader.headline if main.is_mounted else None
    if opened is not None and opened.id in result.changed:
        try:
            found = store.headlines(HeadlineQuery(ids=frozenset({opened.id})), limit=1)
        except StoreError:
            found = []
        for headline in found:
            main.reader.update_marks(headline)
    main.status_changed(recount=bool(result.changed))
    return bool(result.changed) or result.sources_changed


def show_marks_sent(main: MainScreen, error: str | None) -> None:
    """Marks that could not be sent stay queued: the header says so until they go."""
    status_of(main).marks_sent(error)
    main.status_changed()
