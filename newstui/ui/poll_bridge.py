"""Provides PollBridge and AlertsHop: the poller's callbacks, made on the network thread,
handed to the app's loop as messages and calls (widgets change only in message handlers)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newstui.alerts.watchlist import Alert
from newstui.feeds.poller import PollListener, PollOutcome
from newstui.models import Source
from newstui.ui.alert_notices import TickerAlerts
from newstui.ui.messages import PollFinished, PollStarted

if TYPE_CHECKING:
    from newstui.ui.app import NewsApp


class PollBridge(PollListener):
    """Turns poller callbacks into messages to the main screen, so widgets change only in
    message handlers. Called on the network thread: post_message and notify are thread-safe."""

    def __init__(self, app: NewsApp) -> None:
        self.app = app

    def poll_started(self, source: Source) -> None:
        self.app.main.post_message(PollStarted(source))

    def poll_finished(self, outcome: PollOutcome) -> None:
        self.app.main.post_message(PollFinished(outcome))

    def store_failed(self, message: str) -> None:
        self.app.notify(message, title="Database", severity="error", markup=False, timeout=10)


class AlertsHop:
    """The ticker's alerts as the poller, on the network thread, hands them to TickerAlerts,
    which runs on the app's loop: in order, before the poll's PollFinished is posted there."""

    def __init__(self, sink: TickerAlerts, loop: asyncio.AbstractEventLoop) -> None:
        self.sink = sink
        self.loop = loop

    def fired(self, alerts: Sequence[Alert]) -> None:
        self.loop.call_soon_threadsafe(self.sink.fired, list(alerts))

    async def drain(self) -> None:
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self.sink.drain(), self.loop))
