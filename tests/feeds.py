"""Provides small builders of RSS, Atom and JSON Feed documents for tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape


@dataclass
class Item:
    title: str
    link: str
    guid: str | None = None
    published: datetime | None = None
    summary: str = ""


def rss(items: list[Item], title: str = "Test Feed", ttl: int | None = None) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>http://127.0.0.1/</link><description>t</description>",
    ]
    if ttl is not None:
        parts.append(f"<ttl>{ttl}</ttl>")
    for it in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(it.title)}</title><link>{escape(it.link)}</link>")
        if it.guid:
            parts.append(f'<guid isPermaLink="false">{escape(it.guid)}</guid>')
        if it.published:
            parts.append(f"<pubDate>{format_datetime(it.published.astimezone(UTC))}</pubDate>")
        if it.summary:
            parts.append(f"<description>{escape(it.summary)}</description>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def atom(items: list[Item], title: str = "Test Atom") -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(title)}</title><id>urn:test</id><updated>2026-01-01T00:00:00Z</updated>",
    ]
    for it in items:
        parts.append("<entry>")
        parts.append(f'<title>{escape(it.title)}</title><link href="{escape(it.link)}"/>')
        parts.append(f"<id>{escape(it.guid or it.link)}</id>")
        if it.published:
            parts.append(f"<updated>{it.published.astimezone(UTC).isoformat()}</updated>")
        if it.summary:
            parts.append(f"<summary>{escape(it.summary)}</summary>")
        parts.append("</entry>")
    parts.append("</feed>")
    return "".join(parts).encode("utf-8")


def jsonfeed(items: list[Item], title: str = "Test JSON") -> bytes:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "items": [
            {
                "id": it.guid or it.link,
                "url": it.link,
                "title": it.title,
                **({"date_published": it.published.isoformat()} if it.published else {}),
                **({"content_text": it.summary} if it.summary else {}),
            }
            for it in items
        ],
    }
    return json.dumps(doc).encode("utf-8")
