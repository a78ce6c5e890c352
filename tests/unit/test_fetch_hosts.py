"""Tests the fetcher's client per host (newstui.net.clients): kept-alive connections per host,
a bound on the hosts that keep connections, one cookie jar; a real server reached under two
host names (127.0.0.1 and localhost)."""

from __future__ import annotations

import asyncio

from newstui.net.fetch import Fetcher, FetchLimits
from tests.feeds import Item, rss
from tests.server import FeedServer

FEED = rss([Item("One", "https://example.com/1", guid="1")])


def both_hosts(feed_server: FeedServer, path: str) -> tuple[str, str]:
    url = feed_server.route(path, FEED, etag='"v1"')
    return url, url.replace("127.0.0.1", "localhost")


async def test_a_hosts_requests_share_its_connections_while_others_come_between(
    feed_server: FeedServer,
) -> None:
    near, far = both_hosts(feed_server, "/feed")
    async with Fetcher(FetchLimits(max_connections=8, max_per_host=2)) as fetcher:
        for _ in range(4):  # alternating hosts: neither may close the other's connection
            assert (await fetcher.fetch(near, etag='"v1"')).not_modified
            assert (await fetcher.fetch(far, etag='"v1"')).not_modified
    ports = [r.client_port for r in feed_server.requests]
    assert len(ports) == 8
    assert len(set(ports[0::2])) == 1 and len(set(ports[1::2])) == 1  # one connection a host
    assert set(ports[0::2]) != set(ports[1::2])


async def test_at_most_max_connections_hosts_keep_a_client(feed_server: FeedServer) -> None:
    near, far = both_hosts(feed_server, "/feed")
    async with Fetcher(FetchLimits(max_connections=1, max_per_host=1)) as fetcher:
        assert (await fetcher.fetch(near)).ok
        assert (await fetcher.fetch(far)).ok  # the first host's client is closed for it
        assert len(fetcher._clients) == 1
        assert (await fetcher.fetch(near)).ok  # and made again when needed
        assert len(fetcher._clients) == 1
    ports = [r.client_port for r in feed_server.requests]
    assert len(set(ports)) == 3  # nothing kept alive past the bound


async def test_a_host_with_a_request_under_way_keeps_its_client(feed_server: FeedServer) -> None:
    slow_url = feed_server.route("/slow", FEED, delay=0.5)
    _, far = both_hosts(feed_server, "/feed")
    async with Fetcher(FetchLimits(max_connections=1, max_per_host=1)) as fetcher:
        pending = asyncio.create_task(fetcher.fetch(slow_url))
        while not feed_server.requests_for("/slow"):
            await asyncio.sleep(0.01)
        # Over the bound, but 127.0.0.1's client is in use: it stays open, and both answer.
        other = await fetcher.fetch(far)
        slow = await pending
        assert other.ok and slow.ok and slow.body == FEED


async def test_every_host_shares_one_cookie_jar(feed_server: FeedServer) -> None:
    url = feed_server.route("/c", FEED, headers={"Set-Cookie": "seen=1; Path=/"})
    async with Fetcher(FetchLimits(max_connections=1)) as fetcher:
        assert (await fetcher.fetch(url)).ok
        # Another host's fetch closes 127.0.0.1's client; its cookie is kept all the same.
        assert (await fetcher.fetch(url.replace("127.0.0.1", "localhost"))).ok
        assert (await fetcher.fetch(url)).ok
    sent = [r.headers.get("cookie") for r in feed_server.requests_for("/c")]
    assert sent == [None, None, "seen=1"]
