"""Provides parse_feed: a feed document's bytes to a ParsedFeed of safe entries, never raising."""

# Runs in a worker process: module-level functions taking and returning plain data. Routing:
# empty -> JSON Feed -> HTML page -> fast path (well-formed RSS 2.0 / RSS 1.0 / Atom 1.0) ->
# feedparser for everything else (older dialects, malformed XML, odd encodings, DOCTYPEs).
# parse_fast does every step but the last, cheaply enough for the event loop's thread.

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from urllib.parse import urljoin

from newstui.models import ParsedFeed
from newstui.text.sanitize import single_line

EMPTY = "empty response"
HTML_PAGE = "not a feed: this is an HTML page"
NO_FEED = "not a feed: no RSS, Atom or JSON Feed found"
_JSON_TYPES = ("application/feed+json", "application/json")
_JSON_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*[{\[]")
_BLANK = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*\Z")


def _base(url: str, headers: Mapping[str, str]) -> str:
    """The address relative links resolve against: Content-Location, else the feed's URL."""
    location = headers.get("content-location", "").strip()
    if location:
        try:
            return urljoin(url, location)
        except ValueError:
            return url
    return url


def _is_json(body: bytes, headers: Mapping[str, str]) -> bool:
    kind = headers.get("content-type", "").split(";")[0].strip().lower()
    return kind in _JSON_TYPES or bool(_JSON_START.match(body[:4_096]))


def _quick(body: bytes, base: str, headers: Mapping[str, str], fast: bool) -> ParsedFeed | None:
    """Everything that needs no feedparser; None when the document needs it."""
    if not body or _BLANK.match(body):
        return ParsedFeed(is_feed=False, problem=EMPTY)
    if _is_json(body, headers):
        from newstui.feeds.jsonfeed import NotJsonFeed, parse_json_feed

        try:
            return parse_json_feed(body, base, headers.get("content-type", ""))
        except NotJsonFeed as exc:
            if _JSON_START.match(body[:4_096]):
                return ParsedFeed(is_feed=False, problem=str(exc))
            # Labelled JSON but not JSON: servers mislabel, so try it as XML.
    return _xml(*_utf8(body, headers), base, fast)


def _utf8(body: bytes, headers: Mapping[str, str]) -> tuple[bytes, Mapping[str, str], str | None]:
    """The document as UTF-8 for both XML parsers, decoded once by one set of rules (so the
    fast path and feedparser read the same text), the headers saying so, and any note."""
    from newstui.feeds.encoding import xml_for_parsers

    content_type = headers.get("content-type", "")
    body, decoded = xml_for_parsers(body, content_type)
    # Whatever charset the server named has been weighed: the parsers get what was decided.
    mime = content_type.split(";", 1)[0].strip() or "application/xml"
    utf8 = {**headers, "content-type": f"{mime}; charset=utf-8"}
    return body, utf8, decoded.note if decoded is not None else None


def _noted(parsed: ParsedFeed | None, note: str | None) -> ParsedFeed | None:
    if parsed is not None and note and parsed.is_feed:
        parsed.problem = "; ".join(p for p in (note, parsed.problem) if p)
    return parsed


def _xml(
    body: bytes, headers: Mapping[str, str], note: str | None, base: str, fast: bool
) -> ParsedFeed | None:
    from newstui.feeds.htmlpage import alternates, looks_like_html

    if looks_like_html(body):
        return ParsedFeed(is_feed=False, problem=HTML_PAGE, alternates=alternates(body, base))
    if not fast:
        return None
    from newstui.feeds.fastpath import try_fast

    return _noted(try_fast(body, base), note)


def _full(body: bytes, base: str, headers: Mapping[str, str], fast: bool) -> ParsedFeed:
    quick = _quick(body, base, headers, fast)
    if quick is not None:
        return quick
    from newstui.feeds.htmlpage import alternates
    from newstui.feeds.via_feedparser import BROKEN, parse_with_feedparser

    body, headers, note = _utf8(body, headers)
    parsed = parse_with_feedparser(body, headers, base)
    if not parsed.is_feed and not parsed.entries:
        # No dialect recognised: an HTML page that did not start like one, or anything else.
        links = alternates(body, base) if b"<link" in body[:65_536].lower() else []
        if links or b"<html" in body[:65_536].lower():
            return ParsedFeed(is_feed=False, problem=HTML_PAGE, alternates=links)
        if parsed.problem and parsed.problem.startswith(BROKEN):
            return parsed
        detail = f" ({parsed.problem})" if parsed.problem else ""
        return ParsedFeed(is_feed=False, problem=NO_FEED + detail)
    return _noted(parsed, note) or parsed


def _identified(parsed: ParsedFeed | None) -> ParsedFeed | None:
    """Every path's entries get ids unique in the document (see identity.py)."""
    if parsed is not None and len(parsed.entries) > 1:
        from newstui.feeds.identity import unique_ids

        parsed.entries, note = unique_ids(parsed.entries)
        if note:
            parsed.problem = "; ".join(p for p in (parsed.problem, note) if p)
    return parsed


def _guarded(
    step: Callable[[bytes, str, Mapping[str, str], bool], ParsedFeed | None],
    body: bytes,
    url: str,
    headers: Mapping[str, str] | None,
    fast: bool,
) -> ParsedFeed | None:
    try:
        lowered = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
        return _identified(step(bytes(body or b""), _base(url or "", lowered), lowered, fast))
    except RecursionError:
        return ParsedFeed(is_feed=False, problem="could not parse: document nested too deeply")
    except Exception as exc:  # a feed must never take the poller down
        detail = single_line(str(exc), 160)
        return ParsedFeed(is_feed=False, problem=f"could not parse: {type(exc).__name__}: {detail}")


def parse_feed(
    body: bytes,
    *,
    url: str = "",
    headers: Mapping[str, str] | None = None,
    fast: bool = True,
) -> ParsedFeed:
    """Parse a feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1).

    Never raises: whatever goes wrong becomes the result's `problem`. `url` is where the body
    came from (relative links resolve against it); `headers` are the HTTP response headers
    (Content-Type's charset decides the encoding). `fast=False` forces feedparser for XML.
    """
    result = _guarded(_full, body, url, headers, fast)
    return result if result is not None else ParsedFeed(is_feed=False, problem=NO_FEED)


def parse_fast(
    body: bytes, *, url: str = "", headers: Mapping[str, str] | None = None
) -> ParsedFeed | None:
    """parse_feed's result when it needs no feedparser (~1 ms a feed), else None. Never raises."""
    return _guarded(_quick, body, url, headers, True)
