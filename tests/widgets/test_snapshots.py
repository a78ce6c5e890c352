"""Snapshots of the ticker with fixed size, clock, zone and data: main, narrow, reading, help."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.css.query import NoMatches
from textual.pilot import Pilot
from textual.widgets import Static

from newstui.config.schema import Config
from newstui.models import FeedEntry, SourceConfig
from newstui.storage.store import Store
from newstui.ui.app import NewsApp
from tests.widgets.conftest import NOW, MakeApp
from tests.widgets.waits import settle

DESKS = [
    ("Harbour Times", "https://harbour.example/rss"),
    ("Tech Line", "https://tech.example/feed"),
    ("World Wire", "https://wire.example/world.xml"),
]
TITLES = [
    "Port Lumen breakwater to open two years early",
    "Copperline fixes flaw that let strangers read routers' logs",
    "Ostria and the Tarn Republic sign water-sharing accord",
    "Varnholt library lends out telescopes to pupils",
    "Central bank of Ostria holds rates at 3.2%",
    "Kessel Heights Comets beat Varnholt Rovers 5-0 in the cup",
    "New species of freshwater snail found in a peat bog",
    "Review: the Packetforge Router X is quietly brilliant",
    "Councillor resigns over a leaked budget memo",
    "Census shows Ravensholm population up 6 per cent",
    "Storm warning for the northern coast on Friday [updated]",
    "Why ants follow the moon, according to a new study",
]


pytestmark = pytest.mark.usefixtures("utc_local_time")


@pytest.fixture
def make_app(news_app: MakeApp, tmp_path: Path) -> Callable[[], NewsApp]:
    return lambda: news_app(*newsroom(tmp_path))


def newsroom(tmp_path: Path) -> tuple[Config, Store]:
    """Three desks and a dozen stories, the 4th to 6th read."""
    store = Store(tmp_path / "snap.db")
    configs = tuple(SourceConfig(url, name=name) for name, url in DESKS)
    sources = store.sync_sources(configs, 300)
    for n, title in enumerate(TITLES):
        source = sources[n % len(sources)]
        entry = FeedEntry(
            guid=f"item-{n}",
            title=title,
            link=f"{source.url.rsplit('/', 1)[0]}/story/{n}",
            published=NOW - timedelta(minutes=37 * n + 4),
            summary=f"{title}. The full story follows in the article; this is the feed's blurb.",
        )
        store.save_poll(source, [entry], NOW)
    read_ids = [h.id for h in store.headlines(limit=100)][3:6]
    store.set_read(read_ids)
    return Config(sources=configs), store


def test_main_screen(snap_compare: Any, make_app: Callable[[], NewsApp]) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 24))


def test_main_screen_reading(snap_compare: Any, make_app: Callable[[], NewsApp]) -> None:
    async def open_second(pilot: Pilot[None]) -> None:
        # The stored headlines load off the event loop: a key before them would act on none.
        await settle(pilot, lambda: _held(app) >= 2)
        await pilot.press("j")
        await pilot.press("enter")
        status = app.main.reader.query_one("#reader-status", Static)
        await settle(pilot, lambda: "unavailable" in str(status.render()))
        await pilot.pause(0.2)

    app = make_app()
    app._fetcher = _NoNetwork()  # type: ignore[assignment]
    assert snap_compare(app, terminal_size=(120, 24), run_before=open_second)


def test_narrow_layout(snap_compare: Any, make_app: Callable[[], NewsApp]) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_help_screen(snap_compare: Any, make_app: Callable[[], NewsApp]) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 40), press=["question_mark"])


def _held(app: NewsApp) -> int:
    try:
        return len(app.main.headlines.headlines)
    except NoMatches:  # not composed yet
        return 0


class _NoNetwork:
    """Stands in for the HTTP client in snapshots only: a snapshot must not depend on timing."""

    async def fetch(self, url: str, **kw: object) -> Any:
        from newstui.net.fetch import FetchResult

        return FetchResult(url=url, final_url=url, status=None, error="offline (snapshot)")

    async def aclose(self) -> None:
        pass
