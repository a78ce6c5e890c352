"""Provides subscription lists in and out: tolerant OPML and newsboat `urls` import, OPML export."""

from __future__ import annotations

import html.entities
import itertools
import re
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from xml.sax.saxutils import quoteattr

from lxml import etree

from newstui.config.schema import source_url
from newstui.models import SourceConfig
from newstui.text.sanitize import clean_text, safe_link

MAX_TITLE = 200
MAX_TAG = 80


@dataclass
class Imported:
    """Sources read from a subscription list, and one line per entry that was left out."""

    sources: list[SourceConfig] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    format: str = "opml"
    """"opml" or "newsboat"."""


def read_subscriptions(data: bytes) -> Imported:
    """Reads an OPML file or a newsboat `urls` file, telling them apart by their first
    non-blank character (OPML is XML: it starts with '<')."""
    text = _decode(data)
    if text.lstrip().startswith("<"):
        return parse_opml(data)
    return parse_newsboat_urls(text)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


# --- OPML in -----------------------------------------------------------------------------------

_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_ENTITY = re.compile(r"&(#\d+;|#[xX][0-9a-fA-F]+;|([A-Za-z][A-Za-z0-9]*);)?")


def _repair_entities(text: str) -> str:
    """OPML in the wild is often not XML: raw '&' in attributes ("Business & Economy") and
    HTML's named entities (&nbsp;, &eacute;). Escape the bare '&' and spell HTML entities as
    characters, so the XML parser keeps the whole value instead of dropping it."""

    def fix(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return "&amp;"
        name = match.group(2)
        if name is None or name in _XML_ENTITIES:
            return match.group(0)
        char = html.entities.html5.get(name + ";")
        return f"&#{ord(char)};" if char and len(char) == 1 else "&amp;" + name + ";"

    return _ENTITY.sub(fix, text)


def _opml_root(data: bytes) -> Any:
    # No network, no entity expansion (billion laughs, XXE), keep going past errors.
    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )
    text = _repair_entities(_decode(data))
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # the declaration's encoding no longer holds
    try:
        return etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return None


def _clean(value: str | None, limit: int) -> str:
    """Titles in OPML are plain text (the XML parser decoded them once): control and bidi
    characters go, whitespace collapses; entities left in are shown as written, so that an
    export read back gives the same title."""
    return " ".join(clean_text(value or "", limit * 4).split())[:limit]


def _categories(value: str | None) -> list[str]:
    """OPML 2.0 `category`: comma-separated; a "/a/b" path names a folder path, its parts tags
    as newsboat's export writes a tag with a slash whole, so only a leading '/' marks a path."""
    tags: list[str] = []
    for part in (value or "").split(","):
        part = part.strip()
        if part.startswith("/"):
            tags.extend(p for p in part.split("/") if p.strip())
        elif part:
            tags.append(part)
    return [_clean(t, MAX_TAG) for t in tags if _clean(t, MAX_TAG)]


def _feed_url(raw: str) -> str | None:
    """The address cleaned as feed links are (spaces encoded), when the config would take it:
    a port past 65535, say, would otherwise stop the whole import at the config's check."""
    url = safe_link(raw)
    try:
        return source_url(url) if url is not None else None
    except (TypeError, ValueError):
        return None


def parse_opml(data: bytes) -> Imported:
    """Every outline with an xmlUrl (or url) is a source; the titles of the outlines around it
    become its tags, and so do the names in its `category` attribute.

    Read twice: by a recovering XML parser, and by a pass over the raw `<outline` tags that
    survives what the parser cannot (raw '<' and '"' inside a description attribute make it
    drop outlines). The reading that found more sources wins."""
    strict = _parse_opml_tree(data)
    loose = _parse_opml_loose(_decode(data))
    return loose if len(loose.sources) > len(strict.sources) else strict


def _add(result: Imported, seen: set[str], attrs: Mapping[str, str], folders: list[str]) -> None:
    title = _clean(attrs.get("title") or attrs.get("text"), MAX_TITLE)
    raw_url = attrs.get("xmlurl") or attrs.get("url") or ""
    url = _feed_url(raw_url)
    if url is None:  # each message names the entry once: by its title, else by its URL
        shown = _clean(raw_url, 100)
        if not shown:
            result.skipped.append(f"{title or 'an outline'}: an empty feed URL")
        elif title:
            result.skipped.append(f"{title}: not an http(s) feed URL newstui can fetch ({shown})")
        else:
            result.skipped.append(f"{shown}: not an http(s) feed URL newstui can fetch")
        return
    if url in seen:
        result.skipped.append(f"{url}: a repeat (the first is kept)")
        return
    seen.add(url)
    tags = list(dict.fromkeys([*folders, *_categories(attrs.get("category"))]))
    if title in {url, raw_url}:
        title = ""  # an export's stand-in for "no title", not a name
    result.sources.append(SourceConfig(url=url, name=title or None, tags=tuple(tags)))


_TAG = re.compile(r"<outline\b|</outline\s*>", re.IGNORECASE)
_ATTR = re.compile(r"(?<=\s)(xmlUrl|url|title|text|category|type)\s*=\s*(\"[^\"]*\"|'[^']*')", re.I)


def _parse_opml_loose(text: str) -> Imported:
    result = Imported(format="opml")
    seen: set[str] = set()
    folders: list[str] = []
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    # Each piece runs from one <outline or </outline> to the next.
    marks = [m.start() for m in _TAG.finditer(text)] + [len(text)]
    for start, end in itertools.pairwise(marks):
        piece = text[start:end]
        if piece.startswith("</"):
            if folders:
                folders.pop()
            continue
        attrs: dict[str, str] = {}
        for match in _ATTR.finditer(" " + piece[len("<outline") :]):
            attrs.setdefault(match.group(1).lower(), html.unescape(match.group(2)[1:-1]))
        if "xmlurl" in attrs or "url" in attrs:
            _add(result, seen, attrs, folders)
        if not piece.rstrip().endswith("/>"):  # an open outline: a folder until its </outline>
            folders.append(_clean(attrs.get("title") or attrs.get("text"), MAX_TAG))
    result.sources = [
        SourceConfig(url=s.url, name=s.name, tags=tuple(t for t in s.tags if t))
        for s in result.sources
    ]
    return result


def _parse_opml_tree(data: bytes) -> Imported:
    result = Imported(format="opml")
    root = _opml_root(data)
    if root is None:
        result.skipped.append("not OPML: the file could not be read as XML at all")
        return result
    body = root.find("body") if root.tag == "opml" else None
    if body is None:
        result.skipped.append("no <body> element: no outlines to import")
        return result
    seen: set[str] = set()

    def walk(node: Any, folders: list[str]) -> None:
        for outline in node:
            if not isinstance(outline.tag, str) or outline.tag.lower() != "outline":
                continue
            attrs = {str(k).lower(): str(v) for k, v in outline.attrib.items()}
            title = _clean(attrs.get("title") or attrs.get("text"), MAX_TITLE)
            if attrs.get("xmlurl") is None and attrs.get("url") is None:
                if len(outline):
                    walk(outline, [*folders, title] if title else folders)
                elif attrs.get("type", "").lower() in {"rss", "atom"}:
                    result.skipped.append(f"{title or 'an outline'}: no xmlUrl")
                continue
            _add(result, seen, attrs, folders)
            if len(outline):
                walk(outline, [*folders, title] if title else folders)

    walk(body, [])
    return result


# --- newsboat urls in --------------------------------------------------------------------------

_NOT_RUN = ("query:", "exec:", "filter:")


def parse_newsboat_urls(text: str) -> Imported:
    """newsboat's `urls` file: one feed a line, then its tags; a "~Name" tag is the title and a
    tag starting with '!' hides the feed in newsboat (not a tag here). `query:` feeds are
    newsboat's own searches, `exec:` and `filter:` run programs: skipped with a message and
    never run."""
    result = Imported(format="newsboat")
    seen: dict[str, int] = {}  # URL: the line it was first on
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line, comments=True)
        except ValueError:  # an unclosed quote: take the words as they stand
            words = line.replace('"', " ").split()
        if not words:
            continue
        first, rest = words[0], words[1:]
        shown = _clean(first, 100)
        if first.lower().startswith(_NOT_RUN):
            kind = first.split(":", 1)[0].lower()
            why = "a newsboat query feed" if kind == "query" else f"an {kind}: command, not run"
            if kind == "filter":
                why = "a filter: command, not run"
            result.skipped.append(f"line {number}: {shown} ({why})")
            continue
        url = _feed_url(first)
        if url is None:
            result.skipped.append(f"line {number}: {shown}: not an http(s) URL newstui can fetch")
            continue
        if url in seen:
            result.skipped.append(f"line {number}: {url}: a repeat of line {seen[url]}")
            continue
        seen[url] = number
        name: str | None = None
        tags: list[str] = []
        for word in rest:
            if word.startswith("~"):
                name = _clean(word[1:], MAX_TITLE) or name
            elif word.startswith("!"):
                continue
            elif _clean(word, MAX_TAG):
                tags.append(_clean(word, MAX_TAG))
        result.sources.append(SourceConfig(url=url, name=name, tags=tuple(dict.fromkeys(tags))))
    return result


# --- OPML out ----------------------------------------------------------------------------------


def to_opml(
    sources: Iterable[SourceConfig],
    titles: Mapping[str, str] | None = None,
    *,
    now: datetime | None = None,
) -> str:
    """OPML 2.0. A source with tags sits in a folder named after its first tag (what most
    readers understand) and lists all its tags in `category` (what newsboat and newstui read
    back); `titles` gives feed titles for sources without a name of their own."""
    titles = titles or {}
    folders: dict[str, list[SourceConfig]] = {}
    loose: list[SourceConfig] = []
    for source in sources:
        if source.tags:
            folders.setdefault(source.tags[0], []).append(source)
        else:
            loose.append(source)
    stamp = format_datetime(now or datetime.now(UTC), usegmt=True)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        "    <title>newstui subscriptions</title>",
        f"    <dateCreated>{stamp}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    for source in loose:
        lines.append("    " + _outline(source, titles))
    for folder, members in folders.items():
        lines.append(f"    <outline text={_attr(folder)} title={_attr(folder)}>")
        lines.extend("      " + _outline(s, titles) for s in members)
        lines.append("    </outline>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _attr(value: str) -> str:
    # quoteattr escapes &, <, > and quotes; tabs and newlines would be normalised away.
    return quoteattr(" ".join(value.split()), {"\n": "&#10;", "\t": "&#9;"})


def _outline(source: SourceConfig, titles: Mapping[str, str]) -> str:
    title = source.name or titles.get(source.url) or source.url
    parts = [
        'type="rss"',
        f"text={_attr(title)}",
        f"title={_attr(title)}",
        f"xmlUrl={_attr(source.url)}",
    ]
    if source.tags:
        parts.append(f"category={_attr(','.join(source.tags))}")
    return "<outline " + " ".join(parts) + "/>"
