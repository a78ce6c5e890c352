"""Tests that an item of nothing (no guid, title, link or text) is not a headline: a body cut
off inside an item was recovered as one and stored as "(untitled)" with the fetch's time."""

from __future__ import annotations

import pytest

from newstui.feeds.parse import parse_feed

CUT = [
    b"<rss><channel><title>x</title><item><title>",
    b"<rss><channel><title>x</title><item>",
    b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><title>A</title>'
    b"<id>tag:a,2026:1</id></entry><entry>",
    b"<rss><channel><item><title> </title><description>  </description></item></channel></rss>",
]


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("body", CUT)
def test_an_item_of_nothing_is_dropped(body: bytes, fast: bool) -> None:
    feed = parse_feed(body, url="http://127.0.0.1/feed", fast=fast)
    assert all(entry.title != "(untitled)" for entry in feed.entries)
    assert len(feed.entries) == body.count(b"<id>")


@pytest.mark.parametrize("fast", [True, False])
def test_an_item_with_only_a_guid_or_only_text_is_kept(fast: bool) -> None:
    body = (
        b"<rss><channel><title>x</title>"
        b"<item><guid isPermaLink='false'>only-a-guid</guid></item>"
        b"<item><description>Only a description here.</description></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(body, url="http://127.0.0.1/feed", fast=fast)
    assert len(feed.entries) == 2
