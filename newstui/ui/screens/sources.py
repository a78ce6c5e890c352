"""Provides the sources view: every source with its status, schedule and last error."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from newstui.models import Source

_STATUS_STYLE = {
    "ok": "green",
    "unchanged": "green",
    "error": "bold red",
    "gone": "red",
    "new": "dim",
}


class SourcesScreen(Screen[None]):
    """A table of sources. Names and errors come from strangers: shown as Text, never markup."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="sources_back"),
    ]
    DEFAULT_CSS = """
    SourcesScreen #sources-title { height: 1; background: $panel; text-style: bold; padding: 0 1; }
    SourcesScreen DataTable { height: 1fr; }
    """

    def __init__(self, sources: list[Source], time_format: str) -> None:
        super().__init__()
        self.sources = sources
        self.time_format = time_format

    def compose(self) -> ComposeResult:
        failing = sum(s.last_status in {"error", "gone"} for s in self.sources)
        yield Static(Text(f"Sources: {len(self.sources)}, failing: {failing}"), id="sources-title")
        yield DataTable(id="sources-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in (
            "Source",
            "Status",
            "Unread",
            "Items",
            "Last fetch",
            "Next poll",
            "Last error",
        ):
            table.add_column(Text(label))
        for s in self.sources:
            table.add_row(
                Text(s.display_name),
                Text(s.last_status, style=_STATUS_STYLE.get(s.last_status, "")),
                Text(str(s.unread_count), justify="right"),
                Text(str(s.item_count), justify="right"),
                Text(self._when(s.last_fetch)),
                Text("never" if s.last_status == "gone" else self._when(s.next_poll)),
                Text(s.last_error or ""),
                key=str(s.id),
            )

    def _when(self, moment: datetime | None) -> str:
        return moment.astimezone().strftime(self.time_format) if moment else "-"
