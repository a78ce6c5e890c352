"""Provides the ticker's side of the watchlist: alerts as one calm notice per burst (with the
bell and a desktop notification when their rules ask), their commands, and the header's count."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newstui.alerts.command import CommandRunner
from newstui.alerts.watchlist import Alert
from newstui.models import HeadlineQuery
from newstui.storage.store import Store, StoreError
from newstui.text.sanitize import plain_line
from newstui.ui.textual_compat import write_to_terminal

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from newstui.ui.terminal_notify import Route

SETTLE = 0.5
"""Seconds alerts are gathered before they are shown: polls that end together (a start, `r`,
sources falling due together) make one notice, one bell and one desktop notification."""
NAMES_SHOWN = 3
"""Headlines named in a notice; more are counted ("and 4 more"), as the ticker's other notices."""
TITLE_CELLS = 80


def _named(alert: Alert) -> str:
    return f"{plain_line(alert.headline.title, TITLE_CELLS)} ({alert.headline.source_name})"


def _once_per_headline(alerts: Sequence[Alert]) -> list[Alert]:
    first: dict[int, Alert] = {}
    for alert in alerts:
        first.setdefault(alert.headline.id, alert)
    return list(first.values())


def alerts_line(alerts: Sequence[Alert]) -> str:
    """One line for a burst of alerts, each headline once (two rules it matched are one):
    "Alert (earthquake): Quake hits Chile (BBC World)", or "3 alerts: A (BBC); B (AP); C (AP)"
    with "and N more" past NAMES_SHOWN."""
    heads = _once_per_headline(alerts)
    if len(heads) == 1:
        return f"Alert ({heads[0].term}): {_named(heads[0])}"
    named = "; ".join(_named(a) for a in heads[:NAMES_SHOWN])
    more = len(heads) - NAMES_SHOWN
    return f"{len(heads)} alerts: {named}" + (f" and {more} more" if more > 0 else "")


def failures_line(failures: Sequence[tuple[Alert, str]]) -> str:
    """One line for alert commands that failed in a burst: each reason once."""
    reasons = list(dict.fromkeys(why for _, why in failures))
    if len(failures) == 1:
        return f"Alert command failed: {reasons[0]}"
    shown = "; ".join(reasons[:NAMES_SHOWN])
    more = len(reasons) - NAMES_SHOWN
    return f"{len(failures)} alert commands failed: {shown}" + (
        f" and {more} more" if more > 0 else ""
    )


class TickerAlerts:
    """The AlertSink of the ticker's poller (it runs on the app's loop): each burst of alerts
    is one notice, a bell if a rule of it asks, one desktop notification through the terminal
    if a rule of it allows and the terminal shows them (newstui.ui.terminal_notify); each alert
    runs its rule's command (newstui.alerts.command), whose failures are one notice per burst."""

    def __init__(self, app: App[None], desktop_notify: str) -> None:
        self.app = app
        self.setting = desktop_notify
        self.route: Route | None = None
        """Found by `prepare` (it may ask tmux); until then no desktop notification is sent."""
        self.runner = CommandRunner(self._command_failed)
        self.tally = AlertTally()
        self._alerts: list[Alert] = []
        self._failures: list[tuple[Alert, str]] = []
        self._timer: Timer | None = None
        self._route_problem_said = False

    async def prepare(self) -> None:
        """Finds how desktop notifications reach this terminal (off the event loop)."""
        from newstui.ui.terminal_notify import choose_route  # after the first frame

        self.route = await asyncio.to_thread(choose_route, self.setting)

    def fired(self, alerts: Sequence[Alert]) -> None:
        self.tally.fired(alerts)  # before the poll's PollFinished recounts the header
        self.runner.fired(alerts)
        self._alerts.extend(alerts)
        self._soon()

    async def drain(self) -> None:
        await self.runner.drain()

    def close(self) -> None:
        """Stops the commands still running (the ticker quits)."""
        self.runner.cancel()

    def _command_failed(self, alert: Alert, why: str) -> None:
        self._failures.append((alert, why))
        self._soon()

    def _soon(self) -> None:
        if self._timer is None:
            self._timer = self.app.set_timer(SETTLE, self._show)

    def _show(self) -> None:
        self._timer = None
        alerts, self._alerts = self._alerts, []
        failures, self._failures = self._failures, []
        if alerts:
            self.app.notify(alerts_line(alerts), title="Watchlist", timeout=15, markup=False)
            if any(a.rule.bell for a in alerts):
                self.app.bell()
            self._desktop([a for a in alerts if a.rule.desktop])
        if failures:
            self.app.notify(
                failures_line(failures), title="Watchlist", severity="warning", markup=False
            )

    def _desktop(self, alerts: list[Alert]) -> None:
        route = self.route
        if not alerts or route is None:
            return
        if route.problem and not self._route_problem_said:
            self._route_problem_said = True
            self.app.notify(
                route.problem, title="Watchlist", severity="warning", timeout=15, markup=False
            )
        heads = _once_per_headline(alerts)
        if len(heads) == 1:
            title, body = f"newstui: {heads[0].term}", _named(heads[0])
        else:
            title = f"newstui: {len(heads)} alerts"
            body = "; ".join(_named(a) for a in heads[:NAMES_SHOWN])
        from newstui.ui.terminal_notify import sequence

        text = sequence(route, title, body)
        if text:
            write_to_terminal(self.app, text)


class AlertTally:
    """The alerts this ticker fired whose headlines are still unread: the header's count. It
    keeps every fired headline while it is stored, so one marked unread again (u, or U after
    a mark-all) counts again."""

    def __init__(self) -> None:
        self._ids: set[int] = set()
        self._unread = 0

    def fired(self, alerts: Sequence[Alert]) -> None:
        self._ids.update(a.headline.id for a in alerts)

    def unread(self, store: Store) -> int:
        """Reads which of them are still stored (pruned ones go) and counts the unread."""
        if not self._ids:
            return 0
        query = HeadlineQuery(ids=frozenset(self._ids))
        # On a failure the count stays as it was; the screen says what failed where it reads.
        with contextlib.suppress(StoreError):
            stored = store.headlines(query, limit=len(self._ids))
            self._ids = {h.id for h in stored}
            self._unread = sum(not h.read for h in stored)
        return self._unread
