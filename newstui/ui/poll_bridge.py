"""Provides polling on the network thread: the poller's callbacks, made there, handed to the
app's loop as messages and calls (widgets change only in message handlers)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from concurrent.futures import Future
from functools import partial
from typing import TYPE_CHECKING

from newstui.alerts.watchlist import Alert
from newstui.feeds.poller import Poller, PollListener, PollOutcome
from newstui.models import Source
from newstui.net.net_thread import NetThread
from newstui.ui.alert_notices import TickerAlerts
from newstui.ui.messages import PollerFailed, PollFinished, PollStarted

if TYPE_CHECKING:
    from newstui.ui.app import NewsApp


def poll_on_thread(app: NewsApp, net: NetThread) -> Poller:
    """Starts the app's poller on `net` (must be called on the app's loop). Its end is only
    news when it failed: PollerFailed, which ends the app with the traceback, as a failing
    worker would."""
    poller = Poller(
        app.store,
        net.fetcher,
        jitter=app.config.jitter,
        listener=PollBridge(app),
        stories=app.stories,
        watchlist=app.watchlist,
        alert_sink=AlertsHop(app.alerts, asyncio.get_running_loop()),
    )
    net.submit(poller.run()).add_done_callback(partial(_ended, app))
    return poller


def _ended(app: NewsApp, polling: Future[None]) -> None:
    if not polling.cancelled() and (error := polling.exception()) is not None:
        app.post_message(PollerFailed(error))


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
