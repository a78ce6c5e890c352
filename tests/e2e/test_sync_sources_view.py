"""Tests the sources view in sync mode with Pilot against a real FreshRSS: adding, renaming,
retagging and removing a source edit the server's subscriptions, then a sync shows them; the
feed's headlines reach the list as polled ones do; pause is not offered (the server polls)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from newstui.config.schema import Config
from newstui.config.sync import Secret, SyncConfig
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from newstui.sync.greader import GReaderClient
from newstui.sync.wire import Subscription
from newstui.ui.app import NewsApp
from newstui.ui.screens.sources import SourcesScreen
from tests.feeds import Item, rss
from tests.freshrss import FreshRSS
from tests.server import FeedServer


async def until(pilot: Pilot[None], condition: Callable[[], object], timeout: float = 30) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await pilot.pause(0.05)


async def test_source_edits_in_the_view_are_the_servers(
    own_freshrss: FreshRSS, feeds_for_freshrss: FeedServer, tmp_path: Path
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    items = [
        Item(f"Quay story {i}", f"http://127.0.0.1/quay/{i}", published=now - timedelta(hours=i))
        for i in range(2)
    ]
    url = feeds_for_freshrss.route("/view/quay.xml", rss(items, title="Quay news"))
    sync = SyncConfig(url=own_freshrss.greader_url, user=own_freshrss.user)
    config = Config(sync=sync, path=tmp_path / "config.toml")
    password = Secret(own_freshrss.password)
    app = NewsApp(config, Store(tmp_path / "news.db"), poll=False, sync_password=password)

    async def server() -> list[Subscription]:
        async with Fetcher() as fetcher:
            client = GReaderClient(sync.url, sync.user, Secret(own_freshrss.password), fetcher)
            return await client.subscriptions()

    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.press("S")
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        title = str(screen.query_one("#sources-title", Static).render())
        assert "the server's subscriptions" in title
        assert "pause" not in {b.binding.action for b in screen.active_bindings.values()}

        await pilot.press("a", *url, "enter")
        await until(pilot, lambda: [s.url for s in screen.sources] == [url])
        [sub] = await server()
        assert (sub.url, sub.title) == (url, "Quay news")
        titles = {h.title for h in app.main.headlines.headlines}
        assert titles == {"Quay story 0", "Quay story 1"}  # arrived as polls' headlines do

        await pilot.press("e", "ctrl+u", *"Quay desk", "enter")
        await until(pilot, lambda: screen.sources[0].name == "Quay desk")
        await pilot.press("t", "ctrl+u", *"harbour", "enter")
        await until(pilot, lambda: screen.sources[0].tags == ("harbour",))
        [sub] = await server()
        assert (sub.title, sub.folders) == ("Quay desk", ("harbour",))

        await pilot.press("d", "y")
        await until(pilot, lambda: not screen.sources)
        assert await server() == []
    assert app.store.headlines()  # a removed source's headlines stay, as in polled mode
