"""Provides the feed-parsing benchmark: median time per 50-item feed on each parse path.

Builds a 50-item RSS 2.0 feed (~95 KiB, HTML descriptions and content:encoded, as real news
feeds are) and a 50-item Atom 1.0 feed, then times, in this process after a warm-up:
newstui.feeds.parse.parse_feed on the fast path (lxml check + fastfeedparser), the same with
fast=False (feedparser), and feedparser.parse alone for reference; plus single_line on a 2 MB
title. Each figure is the median of --runs runs.

    python benchmarks/parse_speed.py [--runs 30]
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


def rss_feed(items: int = 50) -> bytes:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
        "<title>Bench News</title><link>https://example.com/</link><description>d</description>",
    ]
    for i in range(items):
        body = PARAGRAPH * 6
        parts.append(
            f"<item><title>Headline number {i} &amp; more</title>"
            f"<link>https://example.com/story/{i}</link>"
            f'<guid isPermaLink="false">story-{i}</guid>'
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    for name, body in (("RSS 2.0", rss_feed()), ("Atom 1.0", atom_feed())):
        report(name, body, runs)
    title = "<b>" + "headline " * 230_000 + "</b>"
    size = f"{len(title) / 1e6:.1f} MB"
    print(f"single_line, {size} title: {median_ms(lambda: single_line(title), 5):.1f} ms")
    print(f"html_to_text, {size}, cap 100k: {median_ms(lambda: html_to_text(title), 5):.1f} ms")


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
