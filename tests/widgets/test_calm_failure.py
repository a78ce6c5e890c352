"""Tests calm failure in the real app: an offline start (every source on a closed port of
127.0.0.1) shows one notice, not one per source, and nothing more on the next round; the header
counts the failing sources; an empty list says what is happening."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.config.schema import Config
from newstui.models import SourceConfig
from newstui.storage.store import Store
from newstui.ui.screens.main import ROUND_SETTLE
from newstui.ui.widgets.ticker_header import TickerHeader
from tests.faults import hang_up
from tests.feeds import Item, rss
from tests.server import FeedServer
from tests.widgets.conftest import MakeApp
from tests.widgets.stock import closed_url, record_notices, stock
from tests.widgets.waits import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")


def offline_config(count: int) -> Config:
    return Config(
        sources=tuple(SourceConfig(closed_url(n), name=f"Desk {n}") for n in range(count))
    )


def empty_hint(app: object) -> str:
    main = app.main  # type: ignore[attr-defined]
    hint = main.column.query_one("#list-empty")
    return str(hint.content) if hint.display else ""


@pytest.mark.timeout(60)
async def test_an_offline_start_shows_one_notice(tmp_path: Path, news_app: MakeApp) -> None:
    app = news_app(offline_config(10), tmp_path / "n.db", poll=True, now=None)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        header = app.main.query_one(TickerHeader)
        await settle(pilot, lambda: header.failing == 10, timeout=30)
        await settle(pilot, lambda: notices, timeout=10)
        assert notices == ["Sources: 10 sources unreachable: offline?"]
        await settle(pilot, lambda: "All 10 sources failing: offline?" in empty_hint(app))
        # The header says the same, not that the 10 sources are broken.
        shown = str(header.render())
        assert "⚠ offline?" in shown and "10 failing" not in shown
        # r polls every source again: still offline, nothing new to say
        await pilot.press("r")
        await settle(pilot, lambda: "Polling every source now." in notices)
        await settle(pilot, lambda: header.fetching == 0)
        await pilot.pause(ROUND_SETTLE + 0.5)  # the round's notice, were there one, is out
        assert notices == ["Sources: 10 sources unreachable: offline?", "Polling every source now."]


@pytest.mark.timeout(60)
async def test_one_broken_source_among_working_ones_is_named_once(
    tmp_path: Path, news_app: MakeApp, feed_server: FeedServer
) -> None:
    good = feed_server.route("/feed.xml", rss([Item("Working story", feed_server.url("/1"))]))
    sources = (SourceConfig(good, name="Good"), SourceConfig(closed_url(1), name="Broken"))
    app = news_app(Config(sources=sources), tmp_path / "n.db", poll=True, now=None)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: notices, timeout=30)
        assert notices == ["Sources: 1 source failing: Broken (connection refused)."]
        assert app.main.query_one(TickerHeader).failing == 1


async def test_an_empty_list_says_why(tmp_path: Path, news_app: MakeApp) -> None:
    config, store = stock(tmp_path / "n.db", [["Harbour story"]])
    app = news_app(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert empty_hint(app) == ""
        await pilot.press("slash", *"zebra", "enter")
        await pilot.pause(0.3)
        assert empty_hint(app) == 'No headlines match "zebra". Esc: clear the filter.'
        await pilot.press("escape", "3")
        await pilot.pause()
        assert empty_hint(app) == "No starred headlines."
        await pilot.press("1")
        await pilot.pause()
        assert empty_hint(app) == ""


async def test_an_empty_store_waits_for_the_first_poll(tmp_path: Path, news_app: MakeApp) -> None:
    app = news_app(offline_config(3), Store(tmp_path / "n.db"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: "Polling 3 sources" in empty_hint(app))


async def test_no_sources_at_all_says_how_to_add_one(tmp_path: Path, news_app: MakeApp) -> None:
    app = news_app(Config(sources=()), Store(tmp_path / "n.db"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: "No sources yet" in empty_hint(app))


@pytest.mark.timeout(90)
async def test_going_offline_and_coming_back_is_one_line_each(
    tmp_path: Path, news_app: MakeApp, feed_server: FeedServer
) -> None:
    # Servers that hang up without a word: what a fetch meets when the network is gone.
    urls = [feed_server.route(f"/{n}.xml", handler=hang_up) for n in range(4)]
    sources = tuple(SourceConfig(url, name=f"Desk {n}") for n, url in enumerate(urls))
    app = news_app(Config(sources=sources, refresh=3600), tmp_path / "n.db", poll=True, now=None)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: notices, timeout=30)
        assert notices == ["Sources: 4 sources unreachable: offline?"]
        for n in range(4):  # the network is back
            feed_server.route(f"/{n}.xml", rss([Item(f"Story {n}", feed_server.url(f"/s{n}"))]))
        await pilot.press("r")
        await settle(pilot, lambda: len(notices) == 3, timeout=30)
        assert notices[1:] == ["Polling every source now.", "Sources: Back online."]
        await settle(pilot, lambda: app.main.query_one(TickerHeader).failing == 0)
        await pilot.pause(ROUND_SETTLE + 0.5)
        assert len(notices) == 3
