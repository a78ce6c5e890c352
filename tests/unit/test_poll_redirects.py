"""Tests permanent redirects against a real server and a real DB: a 301/308 target is adopted as
the feed's address only once it answers with a feed; a page, a 404, garbage or an empty
document keeps the original address, says so, and the original is polled again."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from newstui.feeds.poller import Poller
from newstui.models import Source, SourceConfig
from newstui.net.fetch import Fetcher
from newstui.storage.store import Store
from tests.feeds import Item, rss
from tests.server import FeedServer

HTML = {"Content-Type": "text/html; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}


def the_source(store: Store) -> Source:
    (source,) = store.sources()
    return source


def case_file(corpus: Path, case: str, name: str, server: FeedServer) -> bytes:
    """A file of a reported case (corpus/reported/CASE), its {PORT} made the server's port."""
    text = (corpus / "reported" / case / name).read_bytes()
    return text.replace(b"{PORT}", str(server.port).encode())


async def test_reported_case_redirect_301_to_html(
    corpus: Path, store: Store, feed_server: FeedServer
) -> None:
    # corpus/reported/redirect-301-to-html: during a relaunch the feed URL answers 301 to the
    # home page once, then the feed again. Right value in its CASE.md.
    case = "redirect-301-to-html"
    feed = case_file(corpus, case, "feed.xml", feed_server)
    feed_server.route("/", case_file(corpus, case, "home.html", feed_server), headers=HTML)
    url = feed_server.route("/feed", feed, headers=RSS)
    store.sync_sources([SourceConfig(url)], 300)
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, jitter=0.0)
        first = await poller.poll_source(the_source(store))
        assert first.source.last_status == "ok" and len(first.new) == 1

        feed_server.route("/feed", "", status=301, headers={"Location": feed_server.url("/")})
        second = await poller.poll_source(the_source(store))
        assert second.source.last_status == "error"
        error = second.source.last_error or ""
        assert f"redirected permanently to {feed_server.url('/')}, which is not a feed" in error
        assert "HTML page" in error
        assert the_source(store).fetch_url == url  # the address polled next

        feed_server.route("/feed", feed, headers=RSS)
        third = await poller.poll_source(the_source(store))
        assert third.source.last_status == "ok" and third.source.moved_to is None
    assert len(feed_server.requests_for("/feed")) == 3
    assert len(feed_server.requests_for("/")) == 1  # the page was never polled as the feed
    assert [h.title for h in store.headlines()] == ["Ferry timetable changes next week"]


def _to(path: str) -> dict[str, str]:
    return {"Location": path}


@pytest.mark.parametrize(
    ("hops", "target", "said"),
    [
        # (status, path) of each redirect hop after /feed; what the last path answers.
        ([(301, "/gone-page")], None, "HTTP 404 Not Found (at"),
        ([(308, "/blob")], (b"\x00\x01\x02garbage", "application/octet-stream"), "redirected"),
        (
            [(301, "/hop"), (308, "/home")],
            (b"<html><body>New site</body></html>", "text/html"),
            "HTML",
        ),
        ([(308, "/api")], (b'{"status": "moved"}', "application/json"), "not a feed"),
        ([(301, "/cut")], (b"<rss><channel><title>Cut", "application/rss+xml"), "0 entries"),
    ],
    ids=["404", "garbage", "chain-to-html", "json", "empty-truncated-rss"],
)
async def test_a_permanent_redirect_to_what_is_not_a_feed_keeps_the_address(
    store: Store,
    feed_server: FeedServer,
    hops: list[tuple[int, str]],
    target: tuple[bytes, str] | None,
    said: str,
) -> None:
    url = feed_server.route("/feed", "", status=hops[0][0], headers=_to(hops[0][1]))
    for (_, path), (status, then) in itertools.pairwise(hops):
        feed_server.route(path, "", status=status, headers=_to(then))
    if target is not None:
        body, kind = target
        feed_server.route(hops[-1][1], body, headers={"Content-Type": kind})
    store.sync_sources([SourceConfig(url)], 300)
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, jitter=0.0)
        moved = await poller.poll_source(the_source(store))
        assert moved.source.last_status == "error" and moved.new == []
        assert said in (moved.source.last_error or ""), moved.source.last_error
        assert the_source(store).moved_to is None and the_source(store).fetch_url == url
        feed_server.route("/feed", rss([Item("Back", "http://127.0.0.1/back", "back-1")]))
        back = await poller.poll_source(the_source(store))
    assert back.source.last_status == "ok" and back.source.moved_to is None
    assert [h.title for h in store.headlines()] == ["Back"]
    assert len(feed_server.requests_for("/feed")) == 2


async def test_a_permanent_redirect_to_a_feed_is_still_adopted(
    store: Store, feed_server: FeedServer
) -> None:
    new = feed_server.route("/new", rss([Item("Moved", "http://127.0.0.1/m", "m-1")]))
    url = feed_server.route("/feed", "", status=308, headers=_to("/new"))
    store.sync_sources([SourceConfig(url)], 300)
    async with Fetcher() as fetcher:
        poller = Poller(store, fetcher, jitter=0.0)
        outcome = await poller.poll_source(the_source(store))
        assert outcome.source.last_status == "ok" and outcome.source.moved_to == new
        await poller.poll_source(the_source(store))
    assert len(feed_server.requests_for("/feed")) == 1
    assert len(feed_server.requests_for("/new")) == 2
