"""Tests the headline list read anew with other text for the same headlines (a source renamed
in the config, read again at start): the rows show the new text at once, not the old drawing
kept by id (a newcomer saw the old name until the next resize)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from newstui.ui.widgets.headline_list import HeadlineList
from tests.widgets.test_headline_list import SIZE, ListApp, headline, screen_lines

pytestmark = pytest.mark.usefixtures("utc_local_time")
WHEN = datetime(2026, 11, 30, 9, 53, tzinfo=UTC)


@pytest.mark.parametrize("layout", ["compact", "newsline"])
async def test_a_reread_with_a_new_source_name_is_drawn_with_it(layout: str) -> None:
    items = [headline(n, WHEN, f"Title {n}", source="Ascii") for n in (1, 2, 3)]
    app = ListApp(items)
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one(HeadlineList)
        widget.layout_choice = layout  # type: ignore[assignment]
        await pilot.pause()
        assert any("Ascii" in line for line in screen_lines(widget))
        widget.set_headlines([replace(h, source_name="Harbour Times") for h in items])
        await pilot.pause()
        shown = "\n".join(screen_lines(widget))
        assert shown.count("Harbour Times") == 3 and "Ascii" not in shown
