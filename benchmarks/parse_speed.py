"""Provides the feed-parsing benchmark: median time per 50-item feed on each parse path.

Builds a 50-item RSS 2.0 feed (~95 KiB, HTML descriptions and content:encoded, as real news
feeds are), the same in ISO-8859-1 (legacy encodings are decoded before either path, so they
take the fast path too) and a 50-item Atom 1.0 feed, then times, in this process after a warm-up:
newstui.feeds.parse.parse_feed on the fast path (lxml check + fastfeedparser), the same with
fast=False (feedparser), and feedparser.parse alone for reference; plus single_line on a 2 MB
title. Each figure is the median of --runs runs.

    python benchmarks/parse_speed.py [--runs 30] [--many 500]

--many N also parses N distinct 50-item feeds (every date and id its own, as a cold ingest
sees them, so no cache helps) in UTF-8 and N/5 in ISO-8859-1, and prints the CPU time of each
set: the parsing share of a cold ingest.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

from newstui.feeds.parse import parse_fast, parse_feed
from newstui.text.sanitize import html_to_text, single_line

PARAGRAPH = (
    "<p>The council met on Tuesday to discuss the <a href='https://example.com/x'>new plan</a> "
    "for the harbour &amp; the old town; residents said they were &ldquo;cautiously "
    "hopeful&rdquo; about the changes, which take effect in spring.</p>"
)


def rss_feed(items: int = 50, n: int = 0) -> bytes:
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=n)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
        "<title>Bench News</title><link>https://example.com/</link><description>d</description>",
    ]
    for i in range(items):
        body = PARAGRAPH * 6
        parts.append(
            f"<item><title>Headline number {i} &amp; more</title>"
            f"<link>https://example.com/story/{n}/{i}</link>"
            f'<guid isPermaLink="false">story-{n}-{i}</guid>'
            f"<pubDate>{format_datetime(start + timedelta(minutes=i))}</pubDate>"
            f"<description>{escape(PARAGRAPH)}</description>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def atom_feed(items: int = 50) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">',
        "<title>Bench Atom</title><id>urn:bench</id><updated>2026-01-01T00:00:00Z</updated>",
    ]
    for i in range(items):
        parts.append(
            f"<entry><title>Entry {i}</title><link href='https://example.com/e/{i}'/>"
            f"<id>urn:bench:{i}</id><updated>2026-01-01T00:{i:02d}:00Z</updated>"
            f"<summary type='html'>{escape(PARAGRAPH)}</summary>"
            f"<content type='html'>{escape(PARAGRAPH * 6)}</content></entry>"
        )
    parts.append("</feed>")
    return "".join(parts).encode("utf-8")


def median_ms(job: Callable[[], object], runs: int) -> float:
    job()  # warm-up: imports, parser objects
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1_000


def latin1(body: bytes) -> bytes:
    body = body.replace(b'encoding="utf-8"', b'encoding="iso-8859-1"')
    return body.replace(b"more</title>", "mehr Größe</title>".encode("latin-1"))


def many(count: int) -> None:
    """CPU seconds to parse `count` distinct UTF-8 feeds and count/5 ISO-8859-1 ones."""
    url = "https://example.com/feed"
    for label, bodies in (
        ("UTF-8", [rss_feed(n=n) for n in range(count)]),
        ("ISO-8859-1", [latin1(rss_feed(n=n)) for n in range(count // 5)]),
    ):
        start = time.process_time()
        for body in bodies:
            parse_feed(body, url=url, headers={"content-type": "application/rss+xml"})
        spent = time.process_time() - start
        each = spent / len(bodies) * 1_000
        print(f"{len(bodies)} distinct {label} feeds: {spent:.2f} s CPU ({each:.2f} ms each)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--many", type=int, default=0)
    args = parser.parse_args()
    runs = args.runs
    for name, body in (
        ("RSS 2.0", rss_feed()),
        ("RSS 2.0 ISO-8859-1", latin1(rss_feed())),
        ("Atom 1.0", atom_feed()),
    ):
        report(name, body, runs)
    title = "<b>" + "headline " * 230_000 + "</b>"
    size = f"{len(title) / 1e6:.1f} MB"
    print(f"single_line, {size} title: {median_ms(lambda: single_line(title), 5):.1f} ms")
    print(f"html_to_text, {size}, cap 100k: {median_ms(lambda: html_to_text(title), 5):.1f} ms")
    if args.many:
        many(args.many)


def report(name: str, body: bytes, runs: int) -> None:
    import feedparser

    url = "https://example.com/feed"
    assert parse_fast(body, url=url) is not None, "the fast path must take this feed"
    assert len(parse_feed(body, url=url, fast=False).entries) == 50
    fast = median_ms(lambda: parse_feed(body, url=url), runs)
    slow = median_ms(lambda: parse_feed(body, url=url, fast=False), runs)
    plain = median_ms(lambda: feedparser.parse(io.BytesIO(body)), max(runs // 3, 3))
    print(f"{name}, 50 items, {len(body) / 1024:.0f} KiB (median of {runs}):")
    print(f"  parse_feed, fast path     {fast:8.2f} ms")
    print(f"  parse_feed, feedparser    {slow:8.2f} ms")
    print(f"  feedparser.parse alone    {plain:8.2f} ms (its sanitizer on, for reference)")


if __name__ == "__main__":
    main()
