"""Provides the recognition of HTML pages served instead of a feed, and the feeds they link to."""

from __future__ import annotations

import re
from typing import Any

from newstui.feeds.entries import resolve_link

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/json",
        "application/rdf+xml",
    }
)
_MAX_ALTERNATES = 20
_SNIFF = 2_048
# The first markup after any BOM, XML declaration, comments and processing instructions.
_PROLOGUE = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p)[\s>/]", re.I)


def looks_like_html(body: bytes) -> bool:
    """True when the document starts like an HTML page rather than XML or JSON, and has no
    feed inside (an Atom <feed> wrapped in an XHTML page is a feed)."""
    head = body[: _SNIFF * 4]
    match = _PROLOGUE.match(head)
    start = match.end() if match else 0
    return bool(_HTML_START.match(head, start)) and not _FEED_ROOT.search(body)


def alternates(body: bytes, base: str) -> list[str]:
    """Absolute URLs of the feeds the page announces with <link rel="alternate" type=...>."""
    from lxml import etree, html

    try:
        root: Any = html.document_fromstring(body)
    except (etree.LxmlError, ValueError):
        return []
    found: list[str] = []
    base_el = next(root.iter("base"), None)
    if base_el is not None and base_el.get("href"):
        base = resolve_link(base_el.get("href"), base) or base
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rels or kind not in FEED_TYPES:
            continue
        url = resolve_link(link.get("href"), base)
        if url and url not in found:
            found.append(url)
        if len(found) >= _MAX_ALTERNATES:
            break
    return found
