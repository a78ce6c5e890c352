"""Tests how many requests a sync makes, against a real FreshRSS behind a counting proxy: the
requests a sync sends together share one sign-in; a sync with nothing new is four requests (the
subscription list, the new ids, the unread and starred sets), every mark still right; a sync that
fails leaves no request running."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from newstui.config.sync import Secret, SyncConfig
from newstui.models import HeadlineQuery
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from newstui.sync.greader import GReaderClient
from newstui.sync.ids import READ, STARRED
from newstui.sync.syncer import Syncer
from tests.freshrss import FreshRSS, OtherDevice
from tests.server import FeedServer
from tests.sync_account import make_feed
from tests.sync_proxy import SyncProxy

API = "/api/greader.php"
LOGIN = f"{API}/accounts/ClientLogin"


@pytest.fixture
def proxy(own_freshrss: FreshRSS) -> Iterator[SyncProxy]:
    proxy = SyncProxy(own_freshrss.base_url)
    yield proxy
    proxy.stop()


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher() as fetcher:
        yield fetcher


def calls(paths: list[str]) -> list[str]:
    """The API calls, without their queries, in order of arrival."""
    return [path.split("?")[0].removeprefix(f"{API}/reader/api/0/") for path in paths]


async def test_a_sync_with_nothing_new_is_four_requests_and_keeps_marks_made_elsewhere(
    own_freshrss: FreshRSS,
    feeds_for_freshrss: FeedServer,
    proxy: SyncProxy,
    fetcher: Fetcher,
    tmp_path: Path,
) -> None:
    url, _ = make_feed(feeds_for_freshrss, 6, "Count")
    direct = GReaderClient(
        own_freshrss.greader_url, own_freshrss.user, Secret(own_freshrss.password), fetcher
    )
    await direct.quickadd(url)  # the server subscribes and fetches the feed
    other = OtherDevice(own_freshrss)
    store = Store(tmp_path / "news.db")
    config = SyncConfig(url=proxy.url(API), user=own_freshrss.user)
    syncer = Syncer(store, config, Secret(own_freshrss.password), fetcher, refresh=300.0)
    try:
        first = await syncer.sync()
        assert first.error is None and first.report.new_items == 6
        assert proxy.paths.count(LOGIN) == 1  # two calls sent together: one sign-in
        assert first.report.requests == len(proxy.paths)

        before = len(proxy.paths)
        again = await syncer.sync()
        assert again.error is None and again.report.new_items == 0
        assert sorted(calls(proxy.paths[before:])) == [
            "stream/items/ids",
            "stream/items/ids",
            "stream/items/ids",
            "subscription/list",
        ]
        assert again.report.requests == 4

        # Marks made on another device between two syncs still arrive with four requests.
        ids = other.ids("user/-/state/com.google/reading-list")
        read, starred = sorted(ids)[:2], sorted(ids)[2:3]
        other.edit_tag(read, add=READ)
        other.edit_tag(starred, add=STARRED)
        marked = await syncer.sync()
        assert marked.error is None and marked.report.requests == 4
        shown = store.headlines(HeadlineQuery(), limit=20)
        assert sum(h.read for h in shown) == 2 and sum(h.starred for h in shown) == 1
    finally:
        store.close()


async def test_a_failed_sync_leaves_no_request_running(
    own_freshrss: FreshRSS, proxy: SyncProxy, fetcher: Fetcher, tmp_path: Path
) -> None:
    store = Store(tmp_path / "news.db")
    config = SyncConfig(url=proxy.url(API), user=own_freshrss.user)
    syncer = Syncer(store, config, Secret(own_freshrss.password), fetcher, refresh=300.0)
    try:
        assert (await syncer.sync()).error is None
        proxy.down = True
        failed = await syncer.sync()
        assert failed.error is not None and "503" in failed.error
        assert asyncio.all_tasks() == {asyncio.current_task()}
    finally:
        store.close()
