"""The general guard of issue 13: every feed of the shared corpus is parsed through both paths
(the fast path and feedparser) and their titles, links, ids, dates and summary text compared;
each disagreement, and each reason the fast path declines a document, is listed with why."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from newstui.feeds.encoding import xml_for_parsers
from newstui.feeds.fastpath import fast_or_reason
from newstui.feeds.parse import parse_feed
from newstui.models import ParsedFeed
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

# Why the fast path declines a document (it then goes to feedparser: both paths give
# feedparser's reading), each for a disagreement fastfeedparser would have:
DECLINED = {
    # Dialects fastfeedparser reads differently or not at all.
    "another dialect (RSS 0.9x, Atom 0.3, ...)",
    # feedparser takes an absolute guid as the link by its own rules.
    "an item without a link element",
    # fastfeedparser ignores xml:base; feedparser resolves links against it.
    "xml:base",
    # fastfeedparser loses text on malformed input (a title cut at an undeclared entity).
    "not well-formed XML",
    # Atom xhtml, naked HTML in an RSS title, base64 content: fastfeedparser flattens them.
    "markup or base64 in a text element",
    # fastfeedparser raises ValueError (an empty channel, an unknown root).
    "fastfeedparser refuses it",
    # Which of description, summary, itunes:summary... is the summary: feedparser's rules.
    "several summary elements (feedparser's order rules decide)",
    # Entities a DTD defines: feedparser reads them, a safe XML parser does not.
    "a DOCTYPE",
    # C1 controls are Windows-1252 mojibake, which feedparser repairs.
    "C1 characters (Windows-1252 mojibake that feedparser repairs)",
    # An Atom link in RSS, say.
    "a link fastfeedparser cannot read",
}
HEADER = re.compile(rb"^Header:\s*([\w-]+):\s*(.*?)\s*$", re.MULTILINE)
FILES = [path for path, _ in feed_files()]


@cache
def document(path: str) -> tuple[bytes, dict[str, str]]:
    """A corpus file and the HTTP headers it was written for: feedparser's fixtures name them
    in a "Header:" comment (their charset is what many of them test)."""
    body = (CORPUS / path).read_bytes()
    headers: dict[str, str] = {}
    if path.startswith("feedparser/"):
        for match in HEADER.finditer(body[:2_000]):
            headers[match.group(1).decode().lower()] = match.group(2).decode("latin-1")
    return body, headers


@cache
def route(path: str) -> str:
    """ "fast" when the fast path takes the document, else why it declines."""
    body, headers = document(path)
    utf8, _ = xml_for_parsers(body, headers.get("content-type", ""))
    found = fast_or_reason(utf8, BASE)
    return "fast" if isinstance(found, ParsedFeed) else found


@pytest.mark.parametrize("path", params(FILES))
def test_both_paths_read_every_corpus_feed_alike(corpus: Path, path: str) -> None:
    body, headers = document(path)
    fast = parse_feed(body, url=BASE, headers=headers)
    slow = parse_feed(body, url=BASE, headers=headers, fast=False)
    assert (fast.is_feed, fast.title, fast.link, fast.ttl, fast.problem) == (
        slow.is_feed,
        slow.title,
        slow.link,
        slow.ttl,
        slow.problem,
    )
    assert len(fast.entries) == len(slow.entries)
    for quick, full in zip(fast.entries, slow.entries, strict=True):
        assert (quick.guid, quick.title, quick.link, quick.published, quick.author) == (
            full.guid,
            full.title,
            full.link,
            full.published,
            full.author,
        )
        if path not in SUMMARY_DIFFERS:
            assert quick.summary == full.summary


def test_every_decline_of_the_fast_path_has_a_listed_reason(corpus: Path) -> None:
    routes = Counter(route(path) for path in FILES)
    assert set(routes) - {"fast"} <= DECLINED, routes
    # 201 of 664 corpus files, most of the rest being feedparser's own edge-case fixtures;
    # legacy encodings go fast since documents are decoded before either path.
    assert routes["fast"] >= 195, routes


def test_the_summary_exceptions_are_still_needed(corpus: Path) -> None:
    # When feedparser or the routing changes, drop the entries that no longer differ.
    for path in sorted(SUMMARY_DIFFERS):
        assert route(path) == "fast", path
        body, headers = document(path)
        fast = parse_feed(body, url=BASE, headers=headers)
        slow = parse_feed(body, url=BASE, headers=headers, fast=False)
        assert [e.summary for e in fast.entries] != [e.summary for e in slow.entries], path
