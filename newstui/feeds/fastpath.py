"""Provides the fast parse of well-formed RSS 2.0, RSS 1.0 and Atom 1.0 with fastfeedparser."""

# feedparser costs ~65 ms per 50-item feed, fastfeedparser ~1 ms; but fastfeedparser loses text on
# malformed input and differs on some documents. So it only gets documents that a strict lxml
# parse accepts, with no DOCTYPE, in a known dialect, with nothing it is known to treat
# differently (xml:base); everything else goes to feedparser.

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newstui.feeds.dates import parse_date
from newstui.feeds.entries import (
    MAX_ENTRIES,
    RawEntry,
    atom_text_type,
    build_entry,
    cap_entries,
    parse_ttl,
    resolve_link,
    text_line,
)
from newstui.models import ParsedFeed

_ATOM = "{http://www.w3.org/2005/Atom}"
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
_RSS1 = "{http://purl.org/rss/1.0/}"
_HEAD = 4_096
_CONTENT_TAGS = frozenset({"{http://purl.org/rss/1.0/modules/content/}encoded", f"{_ATOM}content"})
_SUMMARY_NAMESPACES = frozenset(
    {
        "",
        _RSS1[1:-1],
        _ATOM[1:-1],
        "http://www.itunes.com/dtds/podcast-1.0.dtd",
        "http://search.yahoo.com/mrss/",
        "http://purl.org/dc/elements/1.1/",
    }
)
_TYPED_FIELDS = frozenset({"title", "summary", "subtitle", "content"})
_TEXT_FIELDS = frozenset({"title", "description", "summary", "subtitle", "tagline"})
# A C1 character, raw or as a character reference, is mojibake that feedparser repairs (as
# Windows-1252) and the fast path would drop. Two patterns, each starting with a literal, scan
# a feed about four times faster than their alternation (~0.6 ms for 94 KiB).
_C1_RAW = re.compile(rb"\xc2[\x80-\x9f]")
_C1_REF = re.compile(rb"&#(?:1[2-5][0-9]|x0*[89][0-9a-f]);", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
# An item's date elements as feedparser files them (the last of each kind wins, as there): their
# text goes to parse_date, the one date reader of every path; fastfeedparser's own dates are
# not used (it also guesses dates from guids: "m1" became today 00:00:01).
_PUBLISHED = frozenset({"pubdate", "published", "issued"})
_UPDATED = frozenset({"updated", "modified", "date", "lastbuilddate"})
_DATE_NAMESPACES = frozenset(
    {
        "",
        _ATOM[1:-1],
        _RSS1[1:-1],
        "http://purl.org/dc/elements/1.1/",
        "http://purl.org/dc/terms/",
    }
)

_strict_parser: Any = None


def _parser() -> Any:
    global _strict_parser
    if _strict_parser is None:
        from lxml import etree

        # No entity expansion, no network, no DTD, libxml2's default size and depth limits.
        _strict_parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            load_dtd=False,
            recover=False,
        )
    return _strict_parser


def try_fast(body: bytes, base: str) -> ParsedFeed | None:
    """The fast parse of body when it qualifies, else None (then feedparser must parse it)."""
    found = fast_or_reason(body, base)
    return found if isinstance(found, ParsedFeed) else None


def fast_or_reason(body: bytes, base: str) -> ParsedFeed | str:
    """The fast parse of a body already decoded to UTF-8 (parse.py does it, by the same rules
    as for feedparser), or why the fast path declines it (the reasons are listed, with the
    disagreements they avoid, in tests/unit/test_fastpath_differential.py)."""
    found = _kind(body)
    if isinstance(found, str):
        return found
    try:
        return parse_fast_xml(body, found[0], found[1], base)
    except ValueError:
        return "fastfeedparser refuses it"


def _kind(body: bytes) -> tuple[str, Any] | str:
    """The dialect ("rss2", "rdf", "atom10") and lxml root when the fast path applies, else
    why not."""
    if _DOCTYPE.search(body, 0, _HEAD):
        return "a DOCTYPE"
    if b"xml:base" in body:
        return "xml:base"
    if _C1_RAW.search(body) or _C1_REF.search(body):
        return "C1 characters (Windows-1252 mojibake that feedparser repairs)"
    from lxml import etree

    try:
        root = etree.fromstring(body, _parser())
    except (etree.LxmlError, ValueError):
        return "not well-formed XML"
    if root is None:
        return "not well-formed XML"
    if root.getroottree().docinfo.doctype:
        return "a DOCTYPE"
    tag = root.tag
    if tag == "rss" and (root.get("version") or "").startswith("2."):
        return "rss2", root
    if tag == f"{_ATOM}feed":
        return "atom10", root
    if tag == _RDF and root.find(f"{_RSS1}channel") is not None:
        return "rdf", root
    return "another dialect (RSS 0.9x, Atom 0.3, ...)"


@dataclass(slots=True)
class _Item:
    """What one pass over an item's children finds (each lxml child and tag read builds a
    Python object, so the children are read once, not once for each question)."""

    has_link: bool = False
    odd: bool = False
    """A text element with markup or base64 (see _odd_field)."""
    published: str | None = None
    """The text of its date elements as feedparser files them (the last of each kind wins)."""
    updated: str | None = None
    title: str | None = None
    """Its first title element's text (see _title), and that element's type."""
    title_type: str = "auto"


def _scan(kind: str, item: Any) -> _Item:
    found = _Item()
    titles = _TITLES[kind]
    titled = False
    for child in item:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # a comment or processing instruction
        namespace, _, name = tag[1:].rpartition("}") if tag[:1] == "{" else ("", "", tag)
        if name == "link":
            found.has_link = True
        elif _odd_field(name, child):
            found.odd = True
        if namespace in _DATE_NAMESPACES:
            lowered = name.lower()
            if lowered in _PUBLISHED:
                found.published = child.text
            elif lowered in _UPDATED:
                found.updated = child.text
        if not titled and tag in titles:
            titled = True
            found.title, found.title_type = _title_of(kind, child)
    return found


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _items(kind: str, root: Any) -> list[Any]:
    if kind == "rss2":
        return list(root.iter("item"))
    if kind == "rdf":
        return list(root.iter(f"{_RSS1}item"))
    return list(root.iter(f"{_ATOM}entry"))


def _odd_type(value: str | None) -> bool:
    """An Atom text type feedparser reads specially (base64 for non-text media types)."""
    if not value:
        return False
    value = value.lower()
    return value not in ("text", "html", "xhtml") and not (
        value.startswith("text/") or "xml" in value or "html" in value
    )


def _odd_field(name: str, element: Any) -> bool:
    if name in _TEXT_FIELDS and len(element):
        return True
    return name in _TYPED_FIELDS and _odd_type(element.get("type"))


def _needs_feedparser(scans: list[_Item], root: Any) -> str | None:
    """Documents fastfeedparser reads differently from feedparser: elements inside a title or
    summary (Atom xhtml, naked HTML), base64 text, items without a link element (feedparser
    takes their guid as link by its own rules)."""
    heads = [c for c in root if _local(c.tag) == "channel"] or [root]
    for parent in heads:
        for child in parent:
            if _local(child.tag) in _TEXT_FIELDS and (len(child) or _odd_type(child.get("type"))):
                return "markup or base64 in a text element"
    for scan in scans:
        if scan.odd:
            return "markup or base64 in a text element"
        if not scan.has_link:
            return "an item without a link element"
    return None


class _Ambiguous(Exception):
    """The item's summary depends on feedparser's element-order rules: let feedparser decide."""


def _summary(item: Any, content_html: str | None) -> tuple[str | None, bool]:
    """The item's summary as feedparser picks it when that is unambiguous: its one
    summary-like element (description, summary, itunes:summary, media:description), else
    the content. Two or more of them, or one in a namespace feedparser ignores, is ambiguous.
    The flag is True when the summary is plain text (an Atom summary or content typed text)."""
    found: list[Any] = []
    for el in item.iter():
        if el is item or _local(el.tag) not in ("description", "summary"):
            continue
        namespace = el.tag[1:].split("}", 1)[0] if el.tag.startswith("{") else ""
        if namespace not in _SUMMARY_NAMESPACES or found:
            raise _Ambiguous
        found.append(el)
    if found:
        return str(found[0].text or ""), _atom_text(found[0])
    content = item.find(f"{_ATOM}content")
    return content_html, content is not None and _atom_text(content)


def _atom_text(element: Any) -> bool:
    return element.tag.startswith(_ATOM) and atom_text_type(element.get("type")) == "text"


_TITLES = {
    "rss2": ("title", "{http://purl.org/dc/elements/1.1/}title"),
    "rdf": (f"{_RSS1}title", "{http://purl.org/dc/elements/1.1/}title"),
    "atom10": (f"{_ATOM}title",),
}


def _title_of(kind: str, element: Any) -> tuple[str, str]:
    if kind == "atom10":
        return str(element.text or ""), atom_text_type(element.get("type"))
    return str(element.text or ""), "auto"


def _title(kind: str, parent: Any) -> tuple[str | None, str]:
    """The first title element of an item or channel, read from the document (fastfeedparser
    prefers a media:title to the title), and its type: Atom says; RSS gives none ("auto")."""
    names = _TITLES[kind]
    for child in parent:
        if child.tag in names:
            return _title_of(kind, child)
    return None, "auto"


def _feed_link(kind: str, root: Any) -> str | None:
    """The feed's home page: RSS <link>, else the Atom link with rel alternate (or none)."""
    head = root if kind == "atom10" else next((c for c in root if _local(c.tag) == "channel"), root)
    for child in head:
        if child.tag in ("link", f"{_RSS1}link") and child.text and child.text.strip():
            return str(child.text)
    for child in head:
        if child.tag == f"{_ATOM}link" and child.get("rel", "alternate") == "alternate":
            return _str(child.get("href"))
    return None  # a rel="self" link is the feed itself, not its home page


def _raw_entry(entry: Mapping[str, Any], item: Any, scan: _Item) -> RawEntry:
    content = entry.get("content")
    content_html = None
    if isinstance(content, list) and content and isinstance(content[0], Mapping):
        content_html = _str(content[0].get("value"))
    summary, summary_is_text = _summary(item, content_html)
    return RawEntry(
        guid=_str(entry.get("id")),
        title=scan.title,
        title_type=scan.title_type,
        link=_str(entry.get("link")),
        published=parse_date(scan.published),
        updated=parse_date(scan.updated),
        summary_html=summary,
        content_html=content_html,
        author=_str(entry.get("author")),
        summary_is_text=summary_is_text,
    )


def _ttl(kind: str, root: Any) -> float | None:
    if kind != "rss2":
        return None
    return parse_ttl(root.findtext("channel/ttl"))


def parse_fast_xml(body: bytes, kind: str, root: Any, base: str) -> ParsedFeed | str:
    """Parse a document _kind accepted; why not when it turns out to need feedparser."""
    items = _items(kind, root)
    scans = [_scan(kind, item) for item in items]
    reason = _needs_feedparser(scans, root)
    if reason:
        return reason
    import fastfeedparser

    from newstui.feeds.fastfeedparser_compat import no_date_guessing

    no_date_guessing()
    total = len(items)
    if total > MAX_ENTRIES:
        # fastfeedparser's work per item (guessing dates from guids above all, ~0.5 ms each)
        # made a 30,000-item feed cost 10 s CPU on the event loop: it gets only the kept items.
        from lxml import etree

        for extra in items[MAX_ENTRIES:]:
            extra.getparent().remove(extra)
        items, scans = items[:MAX_ENTRIES], scans[:MAX_ENTRIES]
        body = etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=True)
    result = fastfeedparser.parse(body)
    found = [e for e in result.get("entries") or [] if isinstance(e, Mapping)]
    if len(found) != len(items):
        return "fastfeedparser finds other items"  # trust feedparser
    if any(not e.get("link") for e in found):
        return "a link fastfeedparser cannot read"  # an Atom link in RSS, say
    try:
        raws = [_raw_entry(*found_item) for found_item in zip(found, items, scans, strict=True)]
    except _Ambiguous:
        return "several summary elements (feedparser's order rules decide)"
    raws, problem = cap_entries(raws)
    if total > MAX_ENTRIES:
        problem = f"{total} entries, kept the first {MAX_ENTRIES}"
    head = root if kind == "atom10" else next((c for c in root if _local(c.tag) == "channel"), root)
    return ParsedFeed(
        title=text_line(*_title(kind, head)) or None,
        link=resolve_link(_feed_link(kind, root), base),
        entries=[build_entry(raw, base) for raw in raws],
        ttl=_ttl(kind, root),
        problem=problem,
    )
