"""Pilot: back online, the sources view agrees with "Back online.": the errors sources got while
the machine was offline show as stale (not failing) until each source is polled again."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Static

from newstui.feeds.poller import PollOutcome
from newstui.ui.messages import PollFinished
from newstui.ui.screens.sources import SourcesScreen
from newstui.ui.widgets.source_table import SourceTable
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


async def test_errors_from_the_offline_time_show_as_stale(
    tmp_path: Path, news_app: MakeApp
) -> None:
    config, store = stock(tmp_path / "n.db", [["One"], ["Two"], ["Three"]])
    app = news_app(config, store)
    async with app.run_test(size=(100, 24)) as pilot:
        main = app.main
        sources = store.sources()
        down = [replace(s, last_status="error", last_error="connection refused") for s in sources]
        store.save_states(down)
        for source in down:  # every poll unanswered: offline
            main.post_message(PollFinished(PollOutcome(source=source, answered=False)))
        await settle(pilot, lambda: main.polling.notices.offline)
        back = replace(sources[0], last_status="unchanged", last_error=None)
        store.save_states([back])
        main.post_message(PollFinished(PollOutcome(source=back)))
        await settle(pilot, lambda: main.polling.notices.stale == {s.id for s in sources[1:]})
        await pilot.press("S")
        await settle(pilot, lambda: isinstance(app.screen, SourcesScreen))
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        table = screen.query_one(SourceTable)
        await settle(pilot, lambda: table.row_count == 3)
        await pilot.pause()
        rows = [table.render_line(y).text for y in range(1, 4)]
        assert sum("stale" in row for row in rows) == 2 and not any("error" in r for r in rows)
        title = str(screen.query_one("#sources-title", Static).content)
        assert "failing: 0" in title and "stale: 2" in title
        await pilot.press("j")  # a stale one: its error said to be from the offline time
        detail = screen.query_one("#source-detail", Static)
        await settle(pilot, lambda: "Error while offline" in str(detail.content))
