"""Snapshots of the whole ticker in both layouts at 60, 100, 120 and 200 columns, and with an
article open at 120, on headlines of news sites' usual lengths (43 to 127 characters)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from newstui.config.schema import Config
from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store
from newstui.ui.app import NewsApp
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.test_snapshots import DESKS, TITLES, _held, _NoNetwork
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

LONG_TITLES = [
    "Storm warning for the northern coast on Friday as the met office raises its alert to amber "
    "and closes two bridges",
    "Census shows Ravensholm population up 6 per cent, the fastest growth in the region since "
    "the 1970s, driven by young families",
    "Kessel Heights Comets beat Varnholt Rovers 5-0 to reach the cup final for the first time in "
    "a decade",
    "Museum of Small Things to close for a fifteen-month renovation, its collection going on "
    "tour to eleven towns across the country",
]


def newsroom(tmp_path: Path) -> tuple[Config, Store]:
    """Three desks, sixteen stories 29 minutes apart over two days (long ones among them), the
    4th to 6th read."""
    store = Store(tmp_path / "snap.db")
    configs = tuple(SourceConfig(url, name=name) for name, url in DESKS)
    sources = store.sync_sources(configs, 300)
    titles = [t for pair in zip(LONG_TITLES, TITLES[:4], strict=True) for t in pair] + TITLES[4:]
    for n, title in enumerate(titles):
        source = sources[n % len(sources)]
        entry = FeedEntry(
            guid=f"item-{n}",
            title=title,
            link=f"{source.url.rsplit('/', 1)[0]}/story/{n}",
            published=NOW - timedelta(minutes=29 * n + 4) - timedelta(hours=6 * (n >= 14)),
            summary=f"{title}. The full story follows in the article; this is the feed's blurb.",
        )
        store.save_poll(source, [entry], NOW)
    store.set_read([h.id for h in store.headlines(limit=100)][3:6])
    return Config(sources=configs), store


@pytest.fixture
def make_app(news_app: MakeApp, tmp_path: Path) -> Callable[[], NewsApp]:
    def make() -> NewsApp:
        app = news_app(*newsroom(tmp_path))
        app._fetcher = _NoNetwork()  # type: ignore[assignment]
        return app

    return make


@pytest.mark.parametrize("width", [60, 100, 120, 200])
@pytest.mark.parametrize("layout", ["newsline", "compact"])
def test_the_ticker(
    snap_compare: Any, make_app: Callable[[], NewsApp], layout: str, width: int
) -> None:
    async def choose_layout(pilot: Pilot[None]) -> None:
        app: NewsApp = pilot.app  # type: ignore[assignment]
        await settle(pilot, lambda: _held(app) == 16)
        app.main.headlines.layout_choice = layout  # type: ignore[assignment]
        await pilot.press("j", "j")  # the highlight on a long headline
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(width, 30), run_before=choose_layout)


def test_the_ticker_reading_at_120(snap_compare: Any, make_app: Callable[[], NewsApp]) -> None:
    """An article open beside the list: the list, 72 cells, shows every headline whole."""

    async def open_third(pilot: Pilot[None]) -> None:
        app: NewsApp = pilot.app  # type: ignore[assignment]
        await settle(pilot, lambda: _held(app) == 16)
        await pilot.press("j", "j", "enter")
        status = app.main.reader.query_one("#reader-status", Static)
        await settle(pilot, lambda: "unavailable" in str(status.render()))
        await pilot.pause(0.2)

    assert snap_compare(make_app(), terminal_size=(120, 30), run_before=open_third)
