"""Provides the demo newsroom's feed documents: RSS 2.0, Atom 1.0 and JSON Feed 1.1."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape as html_escape
from xml.sax.saxutils import escape, quoteattr

from newstui.demo.desks import DemoDesk
from newstui.demo.page import body_html
from newstui.demo.story import Story

FULL_TEXT_DESKS = frozenset({"culture"})
"""Desks whose RSS carries the whole article (content:encoded), as some real feeds do."""


@dataclass(frozen=True, slots=True)
class Entry:
    """A published story as a feed lists it."""

    story: Story
    published: datetime
    """Timezone-aware UTC, whole seconds."""
    link: str
    guid: str


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _summary_html(story: Story) -> str:
    return f"<p>{html_escape(story.standfirst)}</p>"


def feed_document(desk: DemoDesk, base_url: str, entries: Sequence[Entry]) -> bytes:
    """The desk's feed in its own format, newest entry first as given."""
    if desk.fmt == "atom":
        return _atom(desk, base_url, entries)
    if desk.fmt == "json":
        return _json_feed(desk, base_url, entries)
    return _rss(desk, base_url, entries)


def _rss(desk: DemoDesk, base_url: str, entries: Sequence[Entry]) -> bytes:
    built = format_datetime(entries[0].published, usegmt=True) if entries else ""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
        f"<title>{escape(desk.name)}</title><link>{escape(base_url)}/{desk.slug}/</link>",
        f"<description>Invented {desk.slug} news for the newstui demo</description>",
        "<language>en</language><generator>newstui demo newsroom</generator>",
        f'<atom:link href={quoteattr(base_url + desk.feed_path)} rel="self" '
        'type="application/rss+xml"/>',
    ]
    if built:
        parts.append(f"<lastBuildDate>{built}</lastBuildDate>")
    for e in entries:
        parts.append(
            f"<item><title>{escape(e.story.title)}</title><link>{escape(e.link)}</link>"
            f'<guid isPermaLink="false">{escape(e.guid)}</guid>'
            f"<pubDate>{format_datetime(e.published, usegmt=True)}</pubDate>"
            f"<dc:creator>{escape(e.story.author)}</dc:creator>"
            f"<category>{escape(e.story.category)}</category>"
            f"<description>{escape(_summary_html(e.story))}</description>"
        )
        if desk.slug in FULL_TEXT_DESKS:
            parts.append(f"<content:encoded>{escape(body_html(e.story))}</content:encoded>")
        parts.append("</item>")
    parts.append("</channel></rss>\n")
    return "\n".join(parts).encode("utf-8")


def _atom(desk: DemoDesk, base_url: str, entries: Sequence[Entry]) -> bytes:
    updated = _iso(entries[0].published) if entries else "1970-01-01T00:00:00Z"
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(desk.name)}</title><id>tag:demo.newstui.invalid,2026:{desk.slug}</id>",
        f"<updated>{updated}</updated><generator>newstui demo newsroom</generator>",
        '<link rel="self" type="application/atom+xml"'
        f" href={quoteattr(base_url + desk.feed_path)}/>",
        f'<link rel="alternate" type="text/html" href={quoteattr(f"{base_url}/{desk.slug}/")}/>',
    ]
    for e in entries:
        stamp = _iso(e.published)
        parts.append(
            f"<entry><title>{escape(e.story.title)}</title>"
            f'<link rel="alternate" type="text/html" href={quoteattr(e.link)}/>'
            f"<id>{escape(e.guid)}</id><published>{stamp}</published><updated>{stamp}</updated>"
            f"<author><name>{escape(e.story.author)}</name></author>"
            f"<category term={quoteattr(e.story.category)}/>"
            f'<summary type="html">{escape(_summary_html(e.story))}</summary></entry>'
        )
    parts.append("</feed>\n")
    return "\n".join(parts).encode("utf-8")


def _json_feed(desk: DemoDesk, base_url: str, entries: Sequence[Entry]) -> bytes:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": desk.name,
        "home_page_url": f"{base_url}/{desk.slug}/",
        "feed_url": base_url + desk.feed_path,
        "description": f"Invented {desk.slug} news for the newstui demo",
        "language": "en",
        "items": [
            {
                "id": e.guid,
                "url": e.link,
                "title": e.story.title,
                "summary": e.story.standfirst,
                "content_html": _summary_html(e.story)
                + f"<p>{html_escape(e.story.paragraphs[0])}</p>",
                "date_published": _iso(e.published),
                "authors": [{"name": e.story.author}],
                "tags": [e.story.category],
            }
            for e in entries
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
