"""Provides the parse of JSON Feed 1.0 and 1.1 documents, defensive about every field's type."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from newstui.feeds.dates import parse_date
from newstui.feeds.entries import RawEntry, build_entry, cap_entries, resolve_link, text_line
from newstui.models import ParsedFeed
from newstui.text.sanitize import single_line

MAX_DEPTH = 200
"""json.loads recurses; a hostile document nested deeper than this is refused before it."""


class NotJsonFeed(ValueError):
    """The body is not a JSON Feed; the message says why, for the source's status."""


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    # Numbers are common as ids and turn up as titles; anything else is not text.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _author(item: Mapping[str, Any]) -> str | None:
    authors = item.get("authors")
    candidates = list(authors) if isinstance(authors, list) else []
    candidates.append(item.get("author"))
    for author in candidates:
        if isinstance(author, Mapping) and _str(author.get("name")):
            return _str(author.get("name"))
        if isinstance(author, str):
            return author
    return None


def _raw_entry(item: Mapping[str, Any]) -> RawEntry:
    content_html = _str(item.get("content_html"))
    content_text = _str(item.get("content_text"))
    summary = _str(item.get("summary"))
    link = _str(item.get("url")) or _str(item.get("external_url"))
    return RawEntry(
        guid=_str(item.get("id")),
        title=_str(item.get("title")),
        link=link,
        published=parse_date(item.get("date_published")),
        updated=parse_date(item.get("date_modified")),
        # summary is plain text in the spec; content_text is the plain body when no HTML.
        summary_html=summary or (None if content_html else content_text),
        content_html=content_html,
        author=_author(item),
        summary_is_text=bool(summary or (content_text and not content_html)),
    )


def _too_deep(text: str) -> bool:
    depth = 0
    deepest = 0
    # Brackets inside strings count too: an overestimate only refuses absurd documents.
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _decode(body: bytes, content_type: str) -> Any:
    from newstui.feeds.encoding import decode_feed

    # JSON is UTF-8 (RFC 8259); the odd document in another encoding is read by the same rules
    # as XML feeds (byte order mark, header, sniffing) rather than failed.
    text = decode_feed(body, content_type, json=True).text
    if text.count("[") + text.count("{") > MAX_DEPTH and _too_deep(text):
        raise NotJsonFeed(f"not a feed: JSON nested deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise NotJsonFeed(f"not a feed: invalid JSON ({single_line(str(exc), 120)})") from None


def parse_json_feed(body: bytes, base: str, content_type: str = "") -> ParsedFeed:
    """Parse a JSON Feed; raise NotJsonFeed when the body is not one. `content_type` is the
    HTTP header, whose charset counts only where the bytes are not UTF-8."""
    doc = _decode(body, content_type)
    if not isinstance(doc, Mapping):
        raise NotJsonFeed("not a feed: JSON, but not an object")
    items = doc.get("items")
    version = _str(doc.get("version")) or ""
    if not isinstance(items, list):
        if "jsonfeed.org" not in version:
            raise NotJsonFeed("not a feed: JSON without a list of items")
        items = []
    feed_url = resolve_link(_str(doc.get("feed_url")), base)
    # Relative item URLs resolve against the document's own address.
    item_base = base or feed_url or ""
    raws, problem = cap_entries([_raw_entry(i) for i in items if isinstance(i, Mapping)])
    return ParsedFeed(
        title=text_line(_str(doc.get("title")), "auto") or None,
        link=resolve_link(_str(doc.get("home_page_url")), item_base),
        entries=[build_entry(raw, item_base) for raw in raws],
        problem=problem,
    )
