"""Tests the ticker on a database whose headlines were stored without being placed in stories
(an older newstui's, or the backlog a large `fetch` left): it places them in the background and
the rows regroup into stories without a key pressed, the reader's highlight kept."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from newstui.config.schema import Config
from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.test_headline_list import screen_lines
from tests.widgets.test_story_rows import BACKGROUND, DESKS, STORY
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


def unplaced_newsroom(tmp_path: Path) -> tuple[Config, Store]:
    """test_story_rows' newsroom, stored as a `fetch` that placed nothing would leave it."""
    store = Store(tmp_path / "backlog.db")
    configs = tuple(
        SourceConfig(f"http://127.0.0.1:9/{n}/feed.xml", name=name) for n, name in enumerate(DESKS)
    )
    sources = store.sync_sources(configs, 300)
    dated = [(NOW - timedelta(hours=2, minutes=13 * n), t) for n, t in enumerate(BACKGROUND)]
    dated += [(NOW - timedelta(minutes=30 - 10 * n), t) for n, t in enumerate(STORY)]
    for n, (when, title) in enumerate(dated):
        entry = FeedEntry(f"g{n}", title, f"http://127.0.0.1:9/{n}/story", when, "A summary.")
        store.save_poll(sources[n % len(sources)], [entry], when)
    assert store.unplaced()
    return Config(sources=configs), store


async def test_a_backlog_placed_at_start_regroups_the_rows(
    tmp_path: Path, news_app: MakeApp
) -> None:
    config, store = unplaced_newsroom(tmp_path)
    app = news_app(config, store, poll=True)  # polling starts with placing the backlog
    async with app.run_test(size=(120, 40)) as pilot:
        widget = app.main.headlines
        await settle(pilot, lambda: len(widget.headlines) == len(BACKGROUND) + 1)
        assert widget.headlines[0].title == STORY[-1]
        assert "+2 sources" in "\n".join(screen_lines(widget))
        assert not store.unplaced()
