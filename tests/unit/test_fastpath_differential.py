"""Tests that the fastfeedparser path gives the same entries as feedparser on every corpus feed
it takes, so which path a feed goes down never changes what the reader sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.feeds.fastpath import try_fast
from newstui.feeds.parse import parse_feed
from tests.corpus import BASE, CORPUS, feed_files, params

# feedparser re-serialises HTML that has a literal "<" in its text (code samples such as
# "#<User id: 1>", "<CTRL>+<DOWN>", "%>"), mangling it ("#<user id:="id:">"); the fast path keeps
# the text. Titles, links, ids and dates still agree on these.
SUMMARY_DIFFERS = {
    "feedjira/spec/sample_feeds/AllThingsDistributed.xml",
    "feedjira/spec/sample_feeds/Brainsplat.xml",
    "feedjira/spec/sample_feeds/DanManges.xml",
    "feedjira/spec/sample_feeds/Phvalues.xml",
    "feedjira/spec/sample_feeds/RubyonWindows.xml",
    "feedjira/spec/sample_feeds/brighternet.xml",
}


def fast_files() -> list[str]:
    """The corpus feeds the fast path accepts (it returns None for the others)."""
    return [p for p, _ in feed_files() if try_fast((CORPUS / p).read_bytes(), {}, BASE) is not None]


FAST = fast_files()


def test_the_fast_path_takes_most_well_formed_feeds(corpus: Path) -> None:
    # 183 of 664 corpus files, most of the rest being feedparser's own edge-case fixtures.
    assert len(FAST) >= 150


@pytest.mark.parametrize("path", params(FAST))
def test_fast_path_matches_feedparser(corpus: Path, path: str) -> None:
    body = (corpus / path).read_bytes()
    fast = try_fast(body, {}, BASE)
    slow = parse_feed(body, url=BASE, fast=False)
    assert fast is not None
    assert fast.is_feed and slow.is_feed
    assert fast.title == slow.title
    assert fast.ttl == slow.ttl
    assert len(fast.entries) == len(slow.entries)
    for quick, full in zip(fast.entries, slow.entries, strict=True):
        assert quick.guid == full.guid
        assert quick.title == full.title
        assert quick.link == full.link
        assert quick.published == full.published
        assert quick.author == full.author
        if path not in SUMMARY_DIFFERS:
            assert quick.summary == full.summary


def test_the_summary_exceptions_are_still_needed(corpus: Path) -> None:
    # When feedparser or the routing changes, drop the entries that no longer differ.
    for path in sorted(SUMMARY_DIFFERS):
        body = (corpus / path).read_bytes()
        fast = try_fast(body, {}, BASE)
        slow = parse_feed(body, url=BASE, fast=False)
        assert fast is not None, path
        assert [e.summary for e in fast.entries] != [e.summary for e in slow.entries], path
