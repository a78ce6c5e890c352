"""Provides the ticker's header line: name, counts, polling state and a minute clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class TickerHeader(Widget):
    """One line: app name, unread/total, unread alerts, fetching/failing sources (or a note that
    concerns them all), and the time (HH:MM). The main screen and the sources view each show one,
    with the same figures.

    The clock shows minutes and wakes once a minute, not every second: a ticker is left open all day
    and each repaint costs CPU."""

    DEFAULT_CSS = """
    TickerHeader {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    unread: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)
    fetching: reactive[int] = reactive(0)
    failing: reactive[int] = reactive(0)
    note: reactive[str] = reactive("")
    """A status that concerns every source (sync mode: why the last sync failed); "" for none."""
    follows: reactive[str] = reactive("")
    """Who polls the sources when another process does ("following newstui (pid 42)")."""
    alerts: reactive[int] = reactive(0)
    """Alerts (`[[alerts]]`) fired while the ticker runs whose headlines are still unread."""

    def __init__(self, title: str, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        self.clock = clock

    def show(
        self,
        *,
        unread: int,
        total: int,
        fetching: int,
        failing: int,
        note: str = "",
        alerts: int = 0,
        follows: str = "",
    ) -> None:
        """The figures to show (the main screen keeps them, for every screen with a header)."""
        self.unread, self.total, self.fetching, self.failing = unread, total, fetching, failing
        self.note, self.alerts, self.follows = note, alerts, follows

    def on_mount(self) -> None:
        self._schedule_tick()

    def _schedule_tick(self) -> None:
        now = self.clock()
        self.set_timer(60.5 - now.second - now.microsecond / 1e6, self._tick)

    def _tick(self) -> None:
        self.refresh()
        self._schedule_tick()

    def render(self) -> Text:
        left = Text.assemble((f" {self.title} ", "bold"), " ")
        left.append(f"{self.unread} unread / {self.total}")
        if self.alerts:
            plural = "alert" if self.alerts == 1 else "alerts"
            left.append(f"  ⚑ {self.alerts} {plural}", style="bold reverse")
        if self.fetching:
            left.append(f"  ⟳ fetching {self.fetching}", style="italic")
        if self.note:
            left.append(f"  ⚠ {self.note}", style="bold")
        elif self.failing:
            left.append(f"  ⚠ {self.failing} failing", style="bold")
        if self.follows:
            left.append(f"  ⇄ {self.follows}", style="italic")
        clock = self.clock().astimezone().strftime("%H:%M ")
        width = self.size.width
        if left.cell_len + 1 + len(clock) > width:  # 40 columns, failing: the figures give way
            left.truncate(max(1, width - 1 - len(clock)), overflow="ellipsis")
        pad = max(1, width - left.cell_len - len(clock))
        left.append(" " * pad)
        left.append(clock)
        left.truncate(width)
        return left
