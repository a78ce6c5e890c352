"""Provides the ticker's side of sync mode: the syncer's reports as messages (new headlines as
the poller's PollFinished, so they reach the list the same way), and the status they show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

from newstui.feeds.poller import PollOutcome
from newstui.models import Headline, HeadlineQuery, Source
from newstui.storage.store import Store, StoreError
from newstui.sync.round import SyncReport
from newstui.sync.syncer import SyncListener, SyncResult, describe
from newstui.ui.messages import MarksSent, PollFinished, SyncFinished, SyncStarted
from newstui.ui.widgets.ticker_header import TickerHeader

if TYPE_CHECKING:
    from newstui.ui.screens.main import MainScreen

SYNCING = -1
"""The header counts a sync as one fetch in flight, under this id (no source has it)."""


class SyncBridge(SyncListener):
    """Turns the syncer's reports into messages: new headlines to the main screen as polls'
    (PollFinished), the rest to the app (SyncStarted, SyncFinished, MarksSent)."""

    def __init__(self, app: App[None], main: MainScreen) -> None:
        self.app = app
        self.main = main

    def sync_started(self) -> None:
        self.app.post_message(SyncStarted())

    def arrived(self, source: Source, headlines: list[Headline]) -> None:
        self.main.post_message(PollFinished(PollOutcome(source=source, new=headlines)))

    def sync_finished(self, result: SyncResult) -> None:
        self.app.post_message(SyncFinished(result))

    def marks_sent(self, report: SyncReport) -> None:
        self.app.post_message(MarksSent(None if report.error is None else report.error.message))


def show_started(main: MainScreen) -> None:
    for header in main.query(TickerHeader):  # none while the app closes
        header.poll_started(SYNCING)


def show_finished(main: MainScreen, store: Store, result: SyncResult) -> bool:
    """Shows how a sync ended: its error as the header's note (and once as a notice), marks
    the server changed in the reading pane. Returns whether the sources and the list must be
    read again (statuses, subscriptions or marks changed)."""
    for header in main.query(TickerHeader):
        header.poll_finished(SYNCING)
        header.note = f"sync: {result.error}" if result.error else ""
    if result.error is not None and result.failures == 1:
        main.notify(describe(result), title="Sync", severity="warning", markup=False, timeout=10)
    opened = main.reader.headline if main.is_mounted else None
    if opened is not None and opened.id in result.changed:
        try:
            found = store.headlines(HeadlineQuery(ids=frozenset({opened.id})), limit=1)
        except StoreError:
            found = []
        for headline in found:
            main.reader.update_marks(headline)
    return bool(result.changed) or result.sources_changed


def show_marks_sent(main: MainScreen, error: str | None) -> None:
    """Marks that could not be sent stay queued: the header says so until a sync works."""
    if error is not None:
        for header in main.query(TickerHeader):
            header.note = f"sync: marks queued ({error})"
