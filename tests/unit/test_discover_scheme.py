"""Tests that an address typed without its scheme (`a` in the sources view: "127.0.0.1:8080/feed",
"example.org/rss", as a browser's address bar takes them) finds its feed: it was refused as
"not an http:// or https:// address"."""

from __future__ import annotations

from newstui.feeds.discover import discover_feed
from newstui.net.fetch import Fetcher, FetchLimits
from tests.feeds import Item, rss
from tests.server import FeedServer


async def test_an_address_without_a_scheme_is_tried_as_https_then_http(
    feed_server: FeedServer,
) -> None:
    feed = feed_server.route("/feed.xml", rss([Item("One", "http://127.0.0.1/1")], title="Desk"))
    typed = feed.removeprefix("http://")
    limits = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=4)
    async with Fetcher(limits) as fetcher:
        found = await discover_feed(fetcher, f"  {typed} ")
        missing = await discover_feed(fetcher, f"{typed}-gone")
        other = await discover_feed(fetcher, "ftp://127.0.0.1/feed")
    assert (found.url, found.title) == (feed, "Desk")  # the server speaks plain http only
    assert missing.url is None and missing.problem is not None
    assert "https://" in missing.problem and "http://: HTTP 404" in missing.problem
    assert other.url is None and other.problem == "not an http:// or https:// address"


async def test_words_are_no_address_and_are_not_looked_up() -> None:
    limits = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=4)
    async with Fetcher(limits) as fetcher:
        words = await discover_feed(fetcher, " harbour strike news ")
        spaced = await discover_feed(fetcher, "https://news example.org/feed")
    # It said "https://: host not found; http://: host not found" after two lookups each.
    assert (words.url, words.problem) == (
        None,
        "'harbour strike news' is not an address (a host has no spaces)",
    )
    assert spaced.url is None and spaced.problem is not None
    assert spaced.problem.endswith("is not an address (a host has no spaces)")


async def test_a_feed_scheme_link_is_its_address(feed_server: FeedServer) -> None:
    # A page's "subscribe" link, or a browser's copy of it: refused as not http(s) before.
    feed = feed_server.route("/feed.xml", rss([Item("One", "http://127.0.0.1/1")], title="Desk"))
    limits = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=4)
    async with Fetcher(limits) as fetcher:
        double = await discover_feed(fetcher, feed.replace("http://", "feed://"))
        nested = await discover_feed(fetcher, f"FEED:{feed}")
    assert (double.url, double.title) == (feed, "Desk")
    assert (nested.url, nested.title) == (feed, "Desk")
