"""Tests that a source keeps its feed's link to its site (for the sources view's `o`): stored
from a poll that found a feed, kept through failures, and added to databases made before."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from newstui.feeds.poller import Poller
from newstui.models import SourceConfig
from newstui.net.fetch import Fetcher
from newstui.storage import schema
from newstui.storage.store import Store
from tests.feeds import Item, rss
from tests.server import FeedServer


async def test_a_poll_stores_the_feeds_site_and_a_failure_keeps_it(
    store: Store, feed_server: FeedServer
) -> None:
    url = feed_server.route("/feed.xml", rss([Item("Story", feed_server.url("/1"))]))
    (source,) = store.sync_sources([SourceConfig(url)], 300)
    assert source.site_link is None
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, jitter=0)
        await poller.poll_source(source)
        assert store.sources()[0].site_link == "http://127.0.0.1/"  # the channel's <link>
        feed_server.route("/feed.xml", "gone for now", status=500)
        await poller.poll_source(store.sources()[0])
    (after,) = store.sources()
    assert after.last_status == "error" and after.site_link == "http://127.0.0.1/"


async def test_a_json_feed_gives_its_home_page(store: Store, feed_server: FeedServer) -> None:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Desk",
        "home_page_url": "/desk/",
        "items": [{"id": "1", "title": "Story", "url": "/desk/1"}],
    }
    url = feed_server.route(
        "/feed.json", json.dumps(document), headers={"Content-Type": "application/feed+json"}
    )
    (source,) = store.sync_sources([SourceConfig(url)], 300)
    async with Fetcher() as fetcher:
        await Poller(store, fetcher, jitter=0).poll_source(source)
    assert store.sources()[0].site_link == feed_server.url("/desk/")


def test_a_database_made_before_gets_the_column(tmp_path: Path) -> None:
    # A file at the version before the one that adds site_link (later migrations may follow).
    before = next(n for n, m in enumerate(schema.MIGRATIONS, 1) if "site_link" in m) - 1
    path = tmp_path / "before.db"
    raw = sqlite3.connect(path)
    for number in range(1, before + 1):
        schema.apply(raw, number)
    raw.execute("INSERT INTO sources (url, refresh) VALUES ('http://127.0.0.1:9/f', 300)")
    raw.commit()
    raw.close()
    reopened = Store(path)
    try:
        assert reopened.schema_version == len(schema.MIGRATIONS)
        (kept,) = reopened.sources()
        assert kept.url == "http://127.0.0.1:9/f" and kept.site_link is None
    finally:
        reopened.close()
