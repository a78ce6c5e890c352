"""Snapshot of the ticker's stories: a story's row with "+2 sources", expanded, the highlight on
one of its headlines (fixed size, clock, zone and data)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.css.query import NoMatches
from textual.pilot import Pilot

from tests.widgets.conftest import MakeApp
from tests.widgets.test_story_rows import newsroom
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


def test_an_expanded_story(snap_compare: Any, news_app: MakeApp, tmp_path: Path) -> None:
    app = news_app(*newsroom(tmp_path))

    def rows() -> int:
        try:
            return len(app.main.headlines.headlines)
        except NoMatches:  # not composed yet
            return 0

    async def expand(pilot: Pilot[None]) -> None:
        await settle(pilot, lambda: rows() >= 2)
        await pilot.press("e", "j")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(120, 24), run_before=expand)
