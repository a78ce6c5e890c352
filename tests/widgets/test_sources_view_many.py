"""Tests the sources view at 5,000 sources (issue 18): its table draws only the rows on screen,
and moving, choosing, editing and following polls still work at the far end of the list; and
the table itself (SourceTable): clicks, keys, untrusted text, a cursor kept over a reload."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from newstui.config.schema import load_config
from newstui.models import SourceStatus
from newstui.storage.store import Store
from newstui.ui.screens.sources import SourceChoice, SourcesScreen
from newstui.ui.widgets.source_table import Cell, Column, SourceTable, measure
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import closed_url
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

MANY = 5_000


def many_sources(tmp_path: Path) -> tuple[Path, Store]:
    """A config file naming MANY sources on closed 127.0.0.1 ports, synced into a store."""
    path = tmp_path / "config.toml"
    lines = ['refresh = "1h"', ""]
    for n in range(MANY):
        lines += ["[[sources]]", f'url = "{closed_url(n)}"', f'name = "Desk {n:04d}"', ""]
    path.write_text("\n".join(lines))
    store = Store(tmp_path / "n.db")
    config = load_config(path)
    store.sync_sources(config.sources, config.refresh)
    return path, store


async def test_five_thousand_sources_move_choose_and_edit(
    tmp_path: Path, news_app: MakeApp
) -> None:
    path, store = many_sources(tmp_path)
    app = news_app(load_config(path), store)
    chosen: list[SourceChoice | None] = []
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        table = screen.query_one(SourceTable)
        assert table.row_count == MANY
        await pilot.press("end")
        assert screen.selected is not None and screen.selected.name == "Desk 4999"
        assert table.get_row_at(MANY - 1)[0] == "Desk 4999"
        await pilot.press("pageup", "up")
        name = screen.selected.name if screen.selected else None
        assert name is not None and name < "Desk 4999"
        # Renaming far down the list writes the file and keeps the cursor on its row.
        row = table.cursor_row
        await pilot.press("e", "ctrl+u", *"Harbour", "enter")
        await settle(pilot, lambda: 'name = "Harbour"' in path.read_text(), timeout=20)
        await settle(pilot, lambda: screen.sources[row].name == "Harbour", timeout=20)
        assert table.cursor_row == row and table.get_row_at(row)[0] == "Harbour"
        screen.dismiss = chosen.append  # type: ignore[assignment,method-assign]
        await pilot.press("home", "enter")
        assert chosen and chosen[0] is not None and chosen[0].name == "Desk 0000"


class OneTable(App[None]):
    def __init__(self, rows: list[tuple[Cell, ...]]) -> None:
        super().__init__()
        self.rows = rows
        self.asked: list[int] = []
        self.highlighted: list[int] = []
        self.selected: list[int] = []

    def compose(self) -> ComposeResult:
        yield SourceTable([Column("Name"), Column("Count", right=True)])

    def on_mount(self) -> None:
        self.table.set_rows(len(self.rows), self.cells, self.widths())
        self.table.focus()

    def cells(self, index: int) -> tuple[Cell, ...]:
        self.asked.append(index)
        return self.rows[index]

    def widths(self) -> list[int]:
        return [measure(r[i][0] for r in self.rows) for i in range(2)]

    @property
    def table(self) -> SourceTable:
        return self.query_one(SourceTable)

    def on_source_table_row_highlighted(self, event: SourceTable.RowHighlighted) -> None:
        self.highlighted.append(event.row)

    def on_source_table_row_selected(self, event: SourceTable.RowSelected) -> None:
        self.selected.append(event.row)


def numbered(count: int) -> list[tuple[Cell, ...]]:
    return [((f"Source {n}", ""), (str(n), "")) for n in range(count)]


async def test_only_the_rows_on_screen_are_asked_for() -> None:
    app = OneTable(numbered(MANY))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        assert app.asked and max(app.asked) < 12  # the header and the rows that fit
        app.asked.clear()
        await pilot.press("end")
        await pilot.pause()
        assert app.asked and min(app.asked) > MANY - 12
        assert app.highlighted == [MANY - 1]
        text = "".join(s.text for s in app.table.render_line(11))
        assert f"Source {MANY - 1}" in text


async def test_a_click_moves_the_cursor_and_a_click_on_it_chooses() -> None:
    app = OneTable(numbered(20))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.click(SourceTable, offset=(3, 3))  # the header, then rows 0, 1, 2
        assert app.table.cursor_row == 2 and app.selected == []
        await pilot.click(SourceTable, offset=(3, 3))
        assert app.selected == [2]
        await pilot.click(SourceTable, offset=(3, 0))  # the header chooses nothing
        assert app.table.cursor_row == 2 and app.selected == [2]
        await pilot.press("j", "k", "G")  # the list's vi keys
        assert app.table.cursor_row == 19 and app.highlighted[-3:] == [3, 2, 19]


async def test_untrusted_text_is_drawn_as_text_and_numbers_align_right() -> None:
    rows: list[tuple[Cell, ...]] = [
        (("[bold red]Wire[/] \x1b[31mred\x1b[0m\tdesk", "bold"), ("7", "")),
        (("Harbour", ""), ("1234", "")),
    ]
    app = OneTable(rows)
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        first = "".join(s.text for s in app.table.render_line(1))
        assert "[bold red]Wire[/] red desk" in first and "\x1b" not in first
        widths = [len(line) for line in (first.rstrip(),)]
        second = "".join(s.text for s in app.table.render_line(2)).rstrip()
        assert second.endswith(" 1234") and first.rstrip().endswith("    7")
        assert widths[0] == len(second)


async def test_the_cursor_keeps_its_row_when_the_rows_are_set_again() -> None:
    app = OneTable(numbered(50))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.press("down", "down", "pagedown")
        row = app.table.cursor_row
        assert row > 2
        app.table.set_rows(50, app.cells, app.widths())
        assert app.table.cursor_row == row
        app.table.set_rows(2, app.cells, app.widths())  # fewer rows: the last one
        assert app.table.cursor_row == 1
        app.table.set_rows(0, app.cells, [0, 0])
        await pilot.press("down")
        app.table.action_select()
        assert app.selected == [] and app.table.cursor_row == 0


async def test_polls_update_their_own_rows(tmp_path: Path, news_app: MakeApp) -> None:
    path, store = many_sources(tmp_path)
    app = news_app(load_config(path), store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        table = screen.query_one(SourceTable)
        polled = [screen.sources[n] for n in (3, 4_321)]
        failed = [replace(s, last_status=SourceStatus.ERROR, last_error="HTTP 500") for s in polled]
        store.save_states(failed)
        assert [s.id for s in store.sources(ids=[s.id for s in polled])] == [s.id for s in polled]
        for source in failed:
            screen.source_polled(source)
        await settle(pilot, lambda: table.get_row_at(4_321)[1] == "error", timeout=10)
        assert table.get_row_at(3)[1] == "error" and table.get_row_at(3)[-1] == "HTTP 500"
        assert table.get_row_at(5)[1] == "new" and table.row_count == MANY
        title = str(screen.query_one("#sources-title").render())
        assert "failing: 2" in title
