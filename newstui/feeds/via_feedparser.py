"""Provides the parse of any RSS or Atom document, well-formed or not, with feedparser."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from newstui.feeds.dates import parse_date
from newstui.feeds.entries import (
    RawEntry,
    build_entry,
    cap_entries,
    parse_ttl,
    resolve_link,
    text_line,
)
from newstui.models import ParsedFeed
from newstui.text.sanitize import single_line

_MAX_MESSAGE = 160
BROKEN = "a broken feed"
"""Starts the problem of a feed whose XML broke before its first entry: a poll of it fails."""


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _get(entry: Mapping[str, Any], key: str) -> Any:
    """The key as feedparser stored it: FeedParserDict's own lookup maps keys onto others
    (updated_parsed falls back to published_parsed, with a DeprecationWarning)."""
    return dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)


def _content(entry: Mapping[str, Any]) -> str | None:
    """The richest body: the longest HTML content part, else the longest of any type."""
    parts = [p for p in _get(entry, "content") or [] if isinstance(p, Mapping)]
    values = [(p.get("type") or "", _str(p.get("value")) or "") for p in parts]
    html = [v for t, v in values if "html" in t and v]
    pool = html or [v for _, v in values if v]
    return max(pool, key=len) if pool else None


def _author(entry: Mapping[str, Any]) -> str | None:
    detail = _get(entry, "author_detail")
    if isinstance(detail, Mapping) and _str(detail.get("name")):
        return _str(detail.get("name"))
    return _str(_get(entry, "author"))


def _link(entry: Mapping[str, Any]) -> str | None:
    link = _str(_get(entry, "link"))
    if link and _get(entry, "guidislink") and link == _get(entry, "id"):
        # Taken from the guid: only an absolute http(s) guid is a link (a bare "1234" is not).
        return link if link.strip().startswith(("http://", "https://")) else None
    return link


def _kind(detail: Any, atom: bool) -> str:
    """A text's type as RawEntry.title_type: Atom's from feedparser's reading of the type
    attribute; "auto" in RSS, where feedparser's own guess is not used (the rule is ours)."""
    if not atom:
        return "auto"
    kind = detail.get("type") if isinstance(detail, Mapping) else None
    return "text" if kind in (None, "text/plain") else "html"


def _summary_is_text(entry: Mapping[str, Any], atom: bool) -> bool:
    detail = _get(entry, "summary_detail")
    return atom and isinstance(detail, Mapping) and detail.get("type") == "text/plain"


def _home_page(feed: Mapping[str, Any]) -> str | None:
    """The feed's home page: its first link with rel alternate. feedparser's `link` falls back
    to any link, a rel="self" one too, which is the feed itself (and the fast path skips)."""
    for link in feed.get("links") or []:
        if isinstance(link, Mapping) and link.get("rel", "alternate") == "alternate":
            return _str(link.get("href"))
    return None


def _raw_entry(entry: Mapping[str, Any], atom: bool) -> RawEntry:
    return RawEntry(
        guid=_str(_get(entry, "id")),
        title=_str(_get(entry, "title")),
        title_type=_kind(_get(entry, "title_detail"), atom),
        link=_link(entry),
        # The raw text, read by the one date reader of every path (feedparser's own reading
        # takes unknown zone names such as CET for UTC).
        published=parse_date(_get(entry, "published")),
        updated=parse_date(_get(entry, "updated")),
        summary_html=_str(_get(entry, "summary")),
        content_html=_content(entry),
        author=_author(entry),
        summary_is_text=_summary_is_text(entry, atom),
    )


def _short(text: str) -> str:
    text = single_line(text, _MAX_MESSAGE)
    return text[0].lower() + text[1:] if text[:1].isupper() and text[1:2].islower() else text


def bozo_message(exc: BaseException | None, entries: int) -> str | None:
    """A short human message for feedparser's bozo exception, or None when not worth showing."""
    if exc is None:
        return None
    name = type(exc).__name__
    recovered = f"{entries} entr{'y' if entries == 1 else 'ies'} recovered"
    line = getattr(exc, "getLineNumber", None)
    message = getattr(exc, "getMessage", None)
    if callable(line) and callable(message):
        return f"malformed XML at line {line()}: {_short(str(message()))}; {recovered}"
    if name == "NonXMLContentType":
        # Servers label feeds text/html all the time; only worth a word if nothing came of it.
        return None if entries else f"{_short(str(exc))}; {recovered}"
    if name in ("CharacterEncodingOverride", "CharacterEncodingUnknown"):
        return f"encoding: {_short(str(exc))}"
    return f"{_short(str(exc) or name)}; {recovered}"


def parse_with_feedparser(body: bytes, headers: Mapping[str, str], base: str) -> ParsedFeed:
    """Parse with feedparser; never reads files or the network (the body goes in as a stream)."""
    import feedparser

    # Without Content-Location feedparser leaves relative links (and guids) as they are, bar
    # xml:base; build_entry resolves links against `base` like the other parsers do.
    response_headers = {k.lower(): v for k, v in headers.items() if k.lower() != "content-location"}
    # Our own sanitizer reduces text; feedparser's costs two thirds of its time and changes
    # nothing we keep. A bytes argument would be opened as a file name: pass a stream.
    result = feedparser.parse(
        io.BytesIO(body), response_headers=response_headers, sanitize_html=False
    )
    entries = [e for e in result.get("entries") or [] if isinstance(e, Mapping)]
    atom = str(result.get("version") or "").startswith("atom")
    raws, cut = cap_entries([_raw_entry(e, atom) for e in entries])
    feed = result.get("feed") or {}
    exception = result.get("bozo_exception") if result.get("bozo") else None
    # XML broken before its first item (a body cut short, a stray '<'): nothing to read, so
    # the poll fails, as newsboat's does, rather than showing the source ok with no headlines.
    broken = bool(result.get("version")) and not raws
    broken = broken and callable(getattr(exception, "getLineNumber", None))
    problems = [
        p
        for p in (
            bozo_message(exception, len(raws)),
            cut,
        )
        if p
    ]
    if broken:
        return ParsedFeed(is_feed=False, problem=f"{BROKEN}: {'; '.join(problems)}")
    return ParsedFeed(
        title=text_line(_str(feed.get("title")), _kind(feed.get("title_detail"), atom)) or None,
        link=resolve_link(_home_page(feed), base),
        entries=[build_entry(raw, base) for raw in raws],
        ttl=parse_ttl(feed.get("ttl")),
        problem="; ".join(problems) or None,
        is_feed=bool(result.get("version")) or bool(entries),
    )
